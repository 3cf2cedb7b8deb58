package org.trainingservice.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real browser: headless Chromium driven by Selenium against the running service. Needs Debian's
 * {@code chromium} and {@code chromium-driver}; without them the test is skipped locally (before the service starts)
 * and fails in CI ({@code CI=true}).
 */
@EnabledIf(value = "chromiumInstalledOrCi", disabledReason = DashboardBrowserTest.INSTALL)
class DashboardBrowserTest extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String INSTALL = "install Chromium: apt-get install -y chromium chromium-driver";
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    private WebDriver driver;
    private WebDriverWait wait;
    private Path profile;
    private final String prefix = "browser-" + Long.toString(System.nanoTime(), 36);
    private final List<String> jobs = new ArrayList<>();

    static boolean chromiumInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    static boolean chromiumInstalledOrCi() {
        return chromiumInstalled() || "true".equals(System.getenv("CI"));
    }

    @BeforeAll
    static void requireChromium() {
        boolean present = chromiumInstalled();
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI must run the dashboard's browser test, but " + CHROMIUM + " or " + CHROMEDRIVER + " is missing: "
                    + INSTALL + " (.ci/run does this when run as root)");
        }
        Assumptions.assumeTrue(present, INSTALL);
        // the system's driver, so Selenium Manager never downloads one
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    }

    @BeforeEach
    void browser() throws IOException {
        profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--window-size=1440,1300", "--user-data-dir=" + profile);
        // an alert must stay open, so that the test can see it
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterEach
    void cleanUp() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            // every job this test started ends, so that the shared worker is free for the next test
            for (JsonNode job : api.get("/api/v1/jobs?size=100").json().path("items")) {
                String name = job.path("name").asString("");
                String id = job.get("id").asString();
                if ((name.startsWith(prefix) || jobs.contains(id)) && !FINAL.contains(job.get("status").asString())) {
                    api.post("/api/v1/jobs/" + id + "/cancel", "");
                }
            }
            for (String id : jobs) {
                awaitFinal(id, Duration.ofSeconds(30));
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void submitsAJobAndWatchesItsCurveGrow() throws IOException {
        String name = prefix + "-moons";
        openWithKey();

        driver.findElement(By.cssSelector("a[data-nav=submit]")).click();
        WebElement editor = wait.until(ExpectedConditions.elementToBeClickable(By.id("spec-editor")));
        assertThat(driver.findElements(By.cssSelector(".chip"))).extracting(WebElement::getText)
                .contains("Early stopping", "k-fold CV", "Bagging", "Boosting", "Bias–variance", "Learning curve");
        assertThat(editor.getAttribute("value")).contains("earlyStopping");
        editor.clear();
        editor.sendKeys("{\"name\": \"" + name + "\", \"dataset\": {\"builtin\": \"moons\", \"samples\": 1000},"
                + " \"model\": {\"hidden\": [16]}, \"training\": {\"epochs\": 15, \"batchMode\": \"stochastic\"}}");
        assertThat(driver.findElement(By.id("json-check")).getText()).isEqualTo("Valid JSON");
        driver.findElement(By.id("submit-job")).click();

        // the answer's id is in the job page's address
        wait.until(ExpectedConditions.urlMatches("#/jobs/[0-9a-f-]{36}$"));
        String url = driver.getCurrentUrl();
        String id = url.substring(url.lastIndexOf('/') + 1);
        jobs.add(id);

        // it shows in the list; open it from there
        driver.findElement(By.cssSelector("a[data-nav=jobs]")).click();
        By row = By.cssSelector("tr[data-job-id='" + id + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(driver.findElement(row).findElement(By.cssSelector(".job-link")).getText()).isEqualTo(name);
        assertThat(driver.findElement(row).findElement(By.cssSelector(".badge")).getText())
                .isIn("Queued", "Running", "Succeeded");
        driver.findElement(row).findElement(By.cssSelector(".job-link")).click();
        wait.until(ExpectedConditions.textToBe(By.id("job-name"), name));

        // the learning curve gains points while epochs finish
        WebDriverWait slow = new WebDriverWait(driver, Duration.ofSeconds(45));
        AtomicInteger first = new AtomicInteger();
        slow.until(d -> {
            first.set(points(d));
            return first.get() > 0;
        });
        slow.until(d -> points(d) > first.get());
        slow.until(d -> points(d) >= 10 || finished());
        // read from one chart element in one script: the page redraws the chart as epochs arrive
        List<?> drawn = (List<?>) js("""
                const s = document.querySelector('svg[data-chart=loss]');
                return [s.querySelectorAll('path.line').length, s.querySelectorAll('circle').length, Number(s.dataset.points)];""");
        assertThat(((Number) drawn.get(0)).intValue()).isEqualTo(2);
        assertThat(((Number) drawn.get(1)).intValue()).isEqualTo(((Number) drawn.get(2)).intValue());
        assertThat(driver.findElement(By.id("cancel-job")).isDisplayed() || finished()).isTrue();

        Path shot = Path.of("target", "dashboard.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));

        // cancel from the page: a first click arms the button, a second one cancels
        if (!finished()) {
            WebElement cancel = driver.findElement(By.id("cancel-job"));
            cancel.click();
            wait.until(ExpectedConditions.textToBePresentInElement(cancel, "Confirm"));
            cancel.click();
        }
        JsonNode end = awaitFinal(id, Duration.ofSeconds(30));
        assertThat(end.get("status").asString()).isIn("CANCELLED", "SUCCEEDED");
        wait.until(d -> FINAL.contains(d.findElement(By.cssSelector(".title-row .badge")).getAttribute("data-status")));
        assertNoScriptErrors();
    }

    @Test
    void showsUserStringsAsTextAndRunsNoScript() throws IOException {
        String id = submit("{\"name\": \"" + XSS_NAME + "\", \"dataset\": {\"builtin\": \"moons\", \"samples\": 200},"
                + " \"training\": {\"epochs\": 1}}");
        jobs.add(id);
        openWithKey();

        By row = By.cssSelector("tr[data-job-id='" + id + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        WebElement link = driver.findElement(row).findElement(By.cssSelector(".job-link"));
        assertThat(link.getText()).isEqualTo(XSS_NAME);
        sleep(800);  // time for a broken image to fire onerror, were it one
        assertNoInjection();

        link.click();
        wait.until(ExpectedConditions.textToBe(By.id("job-name"), XSS_NAME));
        assertThat(driver.getTitle()).startsWith(XSS_NAME);
        awaitFinal(id, Duration.ofSeconds(60));
        wait.until(d -> FINAL.contains(d.findElement(By.cssSelector(".title-row .badge")).getAttribute("data-status")));
        assertThat(driver.findElement(By.id("spec")).getAttribute("textContent")).contains(XSS_NAME);
        sleep(800);
        assertNoInjection();
        assertNoScriptErrors();
        Files.write(Path.of("target", "dashboard-escaping.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void showsTheFindingsOnTheCurvesTheResultsEpochBaselinesAndTheLearningCurve() throws IOException {
        String id = submit("""
                {"name": "%s-reading", "dataset": {"builtin": "moons", "samples": 300, "noise": 0.3},
                 "model": {"hidden": [64, 64]}, "optimizer": {"type": "adam", "learningRate": 0.01},
                 "training": {"epochs": 12, "batchSize": 16, "seed": 42},
                 "regularization": {"earlyStopping": {"patience": 3}},
                 "analysis": {"learningCurve": {"fractions": [0.5, 1.0]}}, "checkpoint": {"everyEpochs": 100}}"""
                .formatted(prefix));
        jobs.add(id);
        JsonNode job = awaitFinal(id, Duration.ofSeconds(120));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        JsonNode result = job.get("result");
        openWithKey();
        driver.get("http://localhost:" + port + "/#/jobs/" + id);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("findings")));

        // every finding, in the result's order, with its epoch
        List<WebElement> items = driver.findElements(By.cssSelector("#findings li"));
        assertThat(items).hasSize(result.get("findings").size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode f = result.get("findings").get(i);
            assertThat(items.get(i).getAttribute("data-kind")).isEqualTo(f.get("kind").asString());
            assertThat(items.get(i).getAttribute("data-epoch")).isEqualTo(f.get("epoch").asString());
            assertThat(items.get(i).getText()).contains(f.get("evidence").asString(), f.get("advice").asString());
        }
        // each finding but a good fit is marked on both curves at its epoch
        wait.until(d -> points(d) > 0);
        for (JsonNode f : result.get("findings")) {
            if (!f.get("kind").asString().equals("good_fit")) {
                for (String chart : List.of("loss", "accuracy")) {
                    assertThat(driver.findElements(By.cssSelector("svg[data-chart=" + chart + "] line[data-marker~="
                            + f.get("kind").asString() + "][data-x='" + f.get("epoch").asInt() + "']")))
                            .as(chart + " marks " + f).hasSize(1);
                }
            }
        }
        // the result's numbers say which epoch they are from
        int best = result.get("bestEpoch").asInt();
        int last = result.get("epochsRun").asInt();
        assertThat(driver.findElement(By.id("result-epoch")).getText())
                .startsWith(best != last ? "Best epoch " + best + " (restored)" : "Last epoch " + last);
        // baselines beside the model
        List<String> predictors = driver.findElements(By.cssSelector("#baselines-table tbody tr")).stream()
                .map(r -> r.getAttribute("data-predictor")).toList();
        assertThat(predictors).containsExactly("model", "trivial", "nearest-neighbours");
        assertThat(driver.findElement(By.id("baselines-table")).getText())
                .contains(result.get("baselines").get("k").asInt() + "-nearest neighbours", "always the majority class");
        // the learning curve: training and validation score at each share, and its verdict
        JsonNode curve = result.get("learningCurve");
        Object drawn = js("return Number(document.querySelector('svg[data-chart=learning-curve]').dataset.points)");
        assertThat(((Number) drawn).intValue()).isEqualTo(2 * curve.get("points").size());
        assertThat(driver.findElement(By.id("learning-curve-verdict")).getAttribute("data-verdict"))
                .isEqualTo(curve.get("verdict").asString());
        assertThat(driver.findElements(By.cssSelector("#learning-curve-table tbody tr"))).hasSize(2);
        js("document.getElementById('results').scrollIntoView()");
        Files.write(Path.of("target", "dashboard-reading.png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        assertNoScriptErrors();
    }

    private void openWithKey() {
        driver.get("http://localhost:" + port + "/");
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.sendKeys(Api.ADMIN_KEY);
        driver.findElement(By.id("key-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("key-overlay")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs-table")));
        assertThat(js("return sessionStorage.getItem('trainingService.apiKey')")).isEqualTo(Api.ADMIN_KEY);
    }

    /** Points on the loss chart, read in the page in one step (the chart may be replaced between two WebDriver calls). */
    private static int points(WebDriver d) {
        Object n = ((JavascriptExecutor) d).executeScript(
                "const s = document.querySelector('svg[data-chart=loss]'); return s ? Number(s.dataset.points) : 0;");
        return ((Number) n).intValue();
    }

    private boolean finished() {
        List<WebElement> badge = driver.findElements(By.cssSelector(".title-row .badge"));
        return !badge.isEmpty() && FINAL.contains(badge.get(0).getAttribute("data-status"));
    }

    private void assertNoInjection() {
        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(driver.findElements(By.xpath("//img[@src='x']"))).isEmpty();
        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        assertThat(driver.findElement(By.tagName("body")).getText()).contains(XSS_NAME);
    }

    private void assertNoScriptErrors() {
        assertThat(js("return JSON.stringify(window.dashboardErrors)")).isEqualTo("[]");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }
}
