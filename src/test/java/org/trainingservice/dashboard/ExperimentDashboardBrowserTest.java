package org.trainingservice.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trainingservice.support.Api;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The experiment pages in a real browser (headless Chromium, as {@link DashboardBrowserTest}): the list, an
 * experiment's leaderboard and charts against what the API says, sorting, the submit page's example and cancel.
 */
@EnabledIf(value = "org.trainingservice.dashboard.DashboardBrowserTest#chromiumInstalledOrCi",
        disabledReason = DashboardBrowserTest.INSTALL)
class ExperimentDashboardBrowserTest extends IntegrationTest {

    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    private DashboardBrowser browser;
    private WebDriver driver;
    private final String prefix = "browser-" + Long.toString(System.nanoTime(), 36);
    private final List<String> experiments = new ArrayList<>();

    @BeforeAll
    static void requireChromium() {
        DashboardBrowserTest.requireChromium();
    }

    @BeforeEach
    void browser() throws IOException {
        browser = DashboardBrowser.start();
        driver = browser.driver();
    }

    @AfterEach
    void cleanUp() throws IOException {
        try {
            browser.close();
        } finally {
            // every experiment this test started ends, so that the shared worker is free for the next test
            for (String id : experiments) {
                if (!FINAL.contains(experiment(id).get("status").asString())) {
                    api.post("/api/v1/experiments/" + id + "/cancel", "");
                }
                awaitExperiment(id, e -> FINAL.contains(e.get("status").asString()), Duration.ofSeconds(60));
            }
        }
    }

    @Test
    void showsAGridsLeaderboardAndChartsAsTheApiReportsThemAndSortsByHeader() throws IOException {
        String name = prefix + " " + XSS_NAME;
        Api.Response created = api.post("/api/v1/experiments", """
                {"name": "%s",
                 "baseSpec": {"dataset": {"builtin": "moons", "samples": 200}, "training": {"epochs": 3, "seed": 5}},
                 "searchSpace": {"model.hidden": {"type": "grid", "values": [[2], [16], [64, 64]]}},
                 "searcher": {"type": "grid"}, "objective": {"metric": "val_loss"}}""".formatted(name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asString();
        experiments.add(id);
        browser.openWithKey(port);

        // the list shows it (its name as text); open it from there
        driver.findElement(By.cssSelector("a[data-nav=experiments]")).click();
        By row = By.cssSelector("tr[data-experiment-id='" + id + "']");
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        WebElement link = driver.findElement(row).findElement(By.cssSelector(".experiment-link"));
        assertThat(link.getText()).isEqualTo(name);
        assertThat(driver.findElement(row).getText()).contains("grid");
        link.click();
        browser.wait.until(ExpectedConditions.textToBe(By.id("experiment-name"), name));

        // the page follows the experiment to its end, then shows every trial
        new WebDriverWait(driver, Duration.ofMinutes(4)).until(d -> "SUCCEEDED".equals(
                d.findElement(By.cssSelector(".title-row .badge")).getAttribute("data-status")));
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "trials on the page: " + browser.js(
                "return [...document.querySelectorAll('tr.trial-row')].map(r => r.dataset.trial + ' ' + r.dataset.status)")
                + ", in the API: " + api.get("/api/v1/experiments/" + id + "/trials").body())
                .until(d -> trialRows().size() == 3
                        && d.findElements(By.cssSelector("tr.trial-row[data-status=SUCCEEDED]")).size() == 3);

        // rows in the order of the objectives the API reports (best first: the lowest val_loss), each linking to its job
        JsonNode done = experiment(id);
        Map<Integer, JsonNode> byNumber = new HashMap<>();
        api.get("/api/v1/experiments/" + id + "/trials?sort=trialNumber&order=asc").json().get("items")
                .forEach(r -> byNumber.put(r.get("trialNumber").asInt(), r));
        List<Integer> byObjective = byNumber.keySet().stream()
                .sorted(Comparator.comparingDouble(n -> byNumber.get(n).get("objective").asDouble())).toList();
        assertThat(trialRows()).isEqualTo(byObjective);
        for (WebElement tr : driver.findElements(By.cssSelector("tr.trial-row"))) {
            JsonNode trial = byNumber.get(Integer.valueOf(tr.getAttribute("data-trial")));
            assertThat(tr.findElement(By.cssSelector("a.trial-link")).getAttribute("href"))
                    .endsWith("#/jobs/" + trial.get("jobId").asString());
        }
        int best = done.get("best").get("trialNumber").asInt();
        assertThat(best).isEqualTo(byObjective.get(0));
        assertThat(driver.findElement(By.cssSelector("#best-trial a.best-link")).getAttribute("href"))
                .endsWith("#/jobs/" + done.get("best").get("jobId").asString());

        // every chart drew what three trials of three epochs make; read in one script, as the page may redraw
        List<Object> drawn = List.<Object>copyOf((List<?>) browser.js("""
                const q = (chart, sel) => document.querySelectorAll('svg[data-chart=' + chart + '] ' + sel).length;
                const n = (chart, key) => Number(document.querySelector('svg[data-chart=' + chart + ']').dataset[key]);
                const pc = document.querySelector('svg[data-chart=parallel]');
                return [q('best-so-far', 'path.line'), n('best-so-far', 'points'),
                    q('parallel', 'path.pc-line'), n('parallel', 'lines'),
                    Number(pc.querySelector('path.pc-line.best').dataset.trial),
                    pc.querySelector('[data-axis="model.hidden"]').dataset.kind,
                    pc.querySelector('[data-axis="model.hidden"]').textContent,
                    q('trial-curves', 'path.line'), n('trial-curves', 'points'),
                    q('sweep', 'path.line'), q('sweep', 'circle'), n('sweep', 'points')];"""));
        assertThat(drawn).containsExactly(1L, 6L, 3L, 3L, (long) best, "categorical", "model.hidden[2][16][64,64]",
                3L, 9L, 2L, 6L, 6L);
        browser.screenshot("dashboard-experiment.png");
        browser.js("document.getElementById('leaderboard').scrollIntoView({block: 'end'})");
        browser.screenshot("dashboard-experiment-leaderboard.png");

        // a click on the trial header sorts by trial number, a second one reverses it; the objective header goes back
        sortBy("trialNumber");
        browser.wait.until(d -> trialRows().equals(List.of(1, 2, 3)));
        assertThat(driver.findElement(By.cssSelector("th[data-sort=trialNumber]")).getAttribute("aria-sort"))
                .isEqualTo("ascending");
        sortBy("trialNumber");
        browser.wait.until(d -> trialRows().equals(List.of(3, 2, 1)));
        sortBy("objective");
        browser.wait.until(d -> trialRows().equals(byObjective));
        sortBy("objective");
        List<Integer> worstFirst = new ArrayList<>(byObjective);
        Collections.reverse(worstFirst);
        browser.wait.until(d -> trialRows().equals(worstFirst));

        assertThatThrownBy(() -> driver.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(driver.findElements(By.tagName("img"))).isEmpty();
        browser.assertNoScriptErrors();

        // a trial's link opens its job page
        driver.findElement(By.cssSelector("tr.trial-row[data-trial='" + best + "'] a.trial-link")).click();
        browser.wait.until(ExpectedConditions.urlMatches("#/jobs/" + done.get("best").get("jobId").asString() + "$"));
    }

    @Test
    void startsTheAshaExampleFromTheSubmitPageDrawsLogAxesAndCancelsIt() {
        browser.openWithKey(port);
        driver.findElement(By.cssSelector("a[data-nav=submit]")).click();
        browser.wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(".chip[data-example=asha-search]"))).click();
        WebElement submit = driver.findElement(By.id("submit-job"));
        assertThat(submit.getText()).isEqualTo("Start experiment");
        assertThat(driver.findElement(By.id("spec-editor")).getAttribute("value")).contains("\"baseSpec\"", "\"asha\"");
        submit.click();

        browser.wait.until(ExpectedConditions.urlMatches("#/experiments/[0-9a-f-]{36}$"));
        String url = driver.getCurrentUrl();
        String id = url.substring(url.lastIndexOf('/') + 1);
        experiments.add(id);
        assertThat(experiment(id).get("searcher").asString()).isEqualTo("asha");
        browser.wait.until(ExpectedConditions.textToBe(By.id("experiment-name"), "moons-asha"));

        // once a trial reports at its first rung, the learning rate's axis is logarithmic and the widths are categories
        new WebDriverWait(driver, Duration.ofMinutes(2)).until(d -> ((Number) browser.js(
                "const s = document.querySelector('svg[data-chart=parallel]'); return s ? Number(s.dataset.lines) : 0"))
                .intValue() >= 1);
        List<Object> axes = List.<Object>copyOf((List<?>) browser.js("""
                return [...document.querySelectorAll('svg[data-chart=parallel] .pc-axis')]
                    .map(a => a.dataset.axis + ':' + a.dataset.kind);"""));
        assertThat(axes).containsExactly("optimizer.learningRate:log", "model.hidden:categorical",
                "model.dropout:linear", "val_loss:linear");

        // cancel from the page: a first click arms the button, a second one cancels
        WebElement cancel = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("cancel-experiment")));
        cancel.click();
        browser.wait.until(ExpectedConditions.textToBePresentInElement(cancel, "Confirm"));
        cancel.click();
        new WebDriverWait(driver, Duration.ofMinutes(1)).until(d -> "CANCELLED".equals(
                d.findElement(By.cssSelector(".title-row .badge")).getAttribute("data-status")));
        assertThat(experiment(id).get("status").asString()).isEqualTo("CANCELLED");
        assertThat(driver.findElement(By.id("cancel-experiment")).isDisplayed()).isFalse();
        browser.assertNoScriptErrors();
    }

    private List<Integer> trialRows() {
        List<?> numbers = (List<?>) browser.js(
                "return [...document.querySelectorAll('tr.trial-row')].map(r => Number(r.dataset.trial))");
        return numbers.stream().map(n -> ((Number) n).intValue()).toList();
    }

    private void sortBy(String column) {
        driver.findElement(By.cssSelector("th[data-sort=" + column + "] button")).click();
    }

    private JsonNode experiment(String id) {
        return api.get("/api/v1/experiments/" + id).json();
    }

    private JsonNode awaitExperiment(String id, Predicate<JsonNode> condition, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        JsonNode e = experiment(id);
        while (!condition.test(e)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("experiment " + id + " did not reach the expected state in " + timeout + ": " + e);
            }
            sleep(200);
            e = experiment(id);
        }
        return e;
    }
}
