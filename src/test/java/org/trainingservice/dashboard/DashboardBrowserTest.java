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
 * {@code chromium} and {@code chromium-driver}; without them the test is skipped locally and fails in CI.
 */
class DashboardBrowserTest extends IntegrationTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String INSTALL = "install Chromium: apt-get install -y chromium chromium-driver";
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    private WebDriver driver;
    private WebDriverWait wait;
    private Path profile;
    private final String prefix = "browser-" + Long.toString(System.nanoTime(), 36);
    private final List<String> jobs = new ArrayList<>();

    @BeforeAll
    static void chromiumInstalled() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
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
            for (JsonNode job : api.get("/api/v1/jobs?size=100").json().get("items")) {
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
                .contains("Early stopping", "k-fold CV", "Bagging", "Boosting", "Bias–variance");
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
        assertThat(driver.findElements(By.cssSelector("svg[data-chart=loss] path.line"))).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("svg[data-chart=loss] circle")).size()).isEqualTo(points(driver));
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
    void showsUserStringsAsTextAndRunsNoScript() {
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
    }

    @Test
    void gallery() throws IOException {
        Assumptions.assumeTrue(Boolean.getBoolean("dashboard.gallery"), "review only");
        String[] specs = {
            "{\"name\": \"kfold\", \"dataset\": {\"builtin\": \"circles\", \"samples\": 300}, \"validation\": {\"strategy\": \"kfold\", \"folds\": 3}, \"training\": {\"epochs\": 8}}",
            "{\"name\": \"bagging\", \"dataset\": {\"builtin\": \"moons\", \"samples\": 300, \"noise\": 0.35}, \"ensemble\": {\"method\": \"bagging\", \"members\": 3}, \"training\": {\"epochs\": 8}}",
            "{\"name\": \"boosting\", \"dataset\": {\"builtin\": \"spirals\", \"samples\": 300}, \"model\": {\"hidden\": [8]}, \"ensemble\": {\"method\": \"boosting\", \"members\": 3}, \"training\": {\"epochs\": 6}}",
            "{\"name\": \"bias-variance\", \"dataset\": {\"builtin\": \"sine\", \"samples\": 200}, \"analysis\": {\"biasVariance\": {\"rounds\": 3}}, \"training\": {\"epochs\": 8}}",
            "{\"name\": \"sine\", \"dataset\": {\"builtin\": \"sine\", \"samples\": 300}, \"model\": {\"hidden\": [32, 32], \"activation\": \"tanh\"}, \"training\": {\"epochs\": 25}}",
            "{\"name\": \"early-stopping\", \"dataset\": {\"builtin\": \"moons\", \"samples\": 400, \"noise\": 0.3}, \"model\": {\"hidden\": [128, 128]}, \"training\": {\"epochs\": 60}, \"regularization\": {\"earlyStopping\": {\"monitor\": \"val_loss\", \"patience\": 5, \"restoreBest\": true}}}",
        };
        List<String> ids = new ArrayList<>();
        for (String spec : specs) {
            String id = submit(spec);
            ids.add(id);
            jobs.add(id);
        }
        for (String id : ids) {
            awaitFinal(id, Duration.ofSeconds(120));
        }
        openWithKey();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
        sleep(2500);
        shot("gallery-list");
        driver.findElement(By.cssSelector("a[data-nav=submit]")).click();
        sleep(1500);
        shot("gallery-submit");
        driver.get("http://localhost:" + port + "/#/compare?ids=" + ids.get(1) + "," + ids.get(4) + "," + ids.get(5) + "," + ids.get(0));
        sleep(3000);
        shot("gallery-compare");
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 2000));
        for (int i = 0; i < ids.size(); i++) {
            driver.get("http://localhost:" + port + "/#/jobs/" + ids.get(i));
            sleep(2500);
            shot("gallery-job-" + i);
        }
        assertNoScriptErrors();
    }

    private void shot(String name) throws IOException {
        Files.write(Path.of("target", name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
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

    private static int points(WebDriver d) {
        List<WebElement> charts = d.findElements(By.cssSelector("svg[data-chart=loss]"));
        return charts.isEmpty() ? 0 : Integer.parseInt(charts.get(0).getAttribute("data-points"));
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
