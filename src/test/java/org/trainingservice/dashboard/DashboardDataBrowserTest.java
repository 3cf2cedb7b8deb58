package org.trainingservice.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.trainingservice.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's data features in a real browser (headless Chromium, as {@link DashboardBrowserTest}): a CSV
 * uploaded through the submit page's form, the compare view of two jobs against their metrics in the API, and a
 * checkpoint downloaded from the job page against the API's bytes.
 */
@EnabledIf(value = "org.trainingservice.dashboard.DashboardBrowserTest#chromiumInstalledOrCi",
        disabledReason = DashboardBrowserTest.INSTALL)
class DashboardDataBrowserTest extends IntegrationTest {

    private DashboardBrowser browser;
    private WebDriver driver;
    private Path downloads;
    private final String prefix = "browser-" + Long.toString(System.nanoTime(), 36);
    private final List<String> jobs = new ArrayList<>();

    @BeforeAll
    static void requireChromium() {
        DashboardBrowserTest.requireChromium();
    }

    @BeforeEach
    void browser() throws IOException {
        downloads = Files.createTempDirectory("dashboard-downloads");
        browser = DashboardBrowser.start(downloads);
        driver = browser.driver();
    }

    @AfterEach
    void cleanUp() throws IOException {
        try {
            browser.close();
        } finally {
            for (String id : jobs) {
                if (!FINAL.contains(job(id).get("status").asString())) {
                    api.post("/api/v1/jobs/" + id + "/cancel", "");
                }
                awaitFinal(id, Duration.ofSeconds(60));
            }
            try (Stream<Path> files = Files.walk(downloads)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void uploadsACsvThroughTheFormAndTheDatasetIsStored() throws IOException {
        String name = prefix + "-upload";
        // the target is not the last column, which the service would take without the form's target field
        StringBuilder csv = new StringBuilder("shape,width,height\n");
        for (int i = 0; i < 30; i++) {
            csv.append(i % 3 == 0 ? "round" : "square").append(',').append(i % 7).append(',').append(i % 5 + 0.5)
                    .append('\n');
        }
        Path file = downloads.resolve("shapes.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        browser.openWithKey(port);
        driver.findElement(By.cssSelector("a[data-nav=submit]")).click();
        browser.wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-form")));
        driver.findElement(By.id("upload-name")).sendKeys(name);
        driver.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
        driver.findElement(By.id("upload-target")).sendKeys("shape");
        driver.findElement(By.id("upload-dataset")).click();

        // the form's answer: an error or the stored dataset
        WebElement stored = browser.wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#upload-result .callout:not(.info)")));
        assertThat(stored.getAttribute("class")).as(stored.getText()).contains("good");
        assertThat(stored.getText()).contains("Stored \"" + name + "\": 30 rows, 2 features, classification.");
        // the service has it: listed by the API with the form's name, target and rows, and in the page's list
        JsonNode dataset = null;
        for (JsonNode d : api.get("/api/v1/datasets?size=50").json().get("items")) {
            dataset = name.equals(d.get("name").asString()) ? d : dataset;
        }
        assertThat(dataset).as("the uploaded dataset in the API's list").isNotNull();
        String id = dataset.get("id").asString();
        JsonNode one = api.get("/api/v1/datasets/" + id).json();
        assertThat(one.get("target").asString()).isEqualTo("shape");
        assertThat(one.get("rows").asInt()).isEqualTo(30);
        assertThat(one.get("task").asString()).isEqualTo("classification");
        browser.wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dataset-list"), name));
        // "Use in spec" puts the stored dataset's id into the spec
        stored.findElement(By.tagName("button")).click();
        assertThat(driver.findElement(By.id("spec-editor")).getAttribute("value")).contains("\"id\": \"" + id + "\"");
        browser.assertNoScriptErrors();
    }

    @Test
    void comparesTwoJobsAsTheApiReportsThemAndDownloadsACheckpointsBytes() throws Exception {
        String first = submit(spec("-slow", 0.01));
        String second = submit(spec("-fast", 0.1));
        jobs.add(first);
        jobs.add(second);
        for (String id : jobs) {
            JsonNode done = awaitFinal(id, Duration.ofSeconds(120));
            assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("SUCCEEDED");
        }
        browser.openWithKey(port);
        driver.get("http://localhost:" + port + "/#/compare?ids=" + first + "," + second);
        By rows = By.cssSelector("#compare-table tbody tr");
        browser.wait.until(d -> d.findElements(rows).size() == 2);
        assertThat(driver.findElement(By.id("compare-metric")).getAttribute("value")).isEqualTo("val_loss");
        List<String> shown = new ArrayList<>();
        for (WebElement row : driver.findElements(rows)) {
            List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
            String id = row.findElement(By.tagName("a")).getAttribute("href").replaceAll(".*#/jobs/", "");
            assertThat(cells.get(0)).startsWith(job(id).get("name").asString());
            assertThat(cells.subList(2, 6)).as("best, its epoch, last and points of " + cells.get(0))
                    .isEqualTo(summary(id, "val_loss"));
            shown.add(id);
        }
        assertThat(shown).containsExactlyInAnyOrder(first, second);
        assertThat(summary(first, "val_loss")).as("two jobs, two rows").isNotEqualTo(summary(second, "val_loss"));
        assertThat(browser.js("return document.querySelectorAll('svg[data-chart=compare] path.line').length"))
                .as("two curves").isEqualTo(2L);

        // the job page's download saves the checkpoint's bytes, as the API serves them
        driver.get("http://localhost:" + port + "/#/jobs/" + second);
        By download = By.cssSelector("#checkpoint-table tbody tr button");
        browser.wait.until(ExpectedConditions.elementToBeClickable(download));
        WebElement row = driver.findElement(By.cssSelector("#checkpoint-table tbody tr"));
        int epoch = Integer.parseInt(row.findElement(By.tagName("td")).getText());
        JsonNode checkpoint = null;
        for (JsonNode c : api.get("/api/v1/jobs/" + second + "/checkpoints").json()) {
            checkpoint = c.get("epoch").asInt() == epoch ? c : checkpoint;
        }
        assertThat(checkpoint).as("the API's checkpoint of epoch " + epoch).isNotNull();
        row.findElement(By.tagName("button")).click();
        Path saved = downloads.resolve("checkpoint-" + second.substring(0, 8) + "-epoch" + epoch + ".bin");
        new WebDriverWait(driver, Duration.ofSeconds(20)).withMessage(() -> "downloads: " + listing())
                .until(d -> Files.isRegularFile(saved) && Files.notExists(Path.of(saved + ".crdownload")));
        String content = "/api/v1/jobs/" + second + "/checkpoints/" + checkpoint.get("id").asLong() + "/content";
        HttpResponse<byte[]> served = HttpClient.newHttpClient().send(api.request(content).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).hasSize(checkpoint.get("sizeBytes").asInt());
        assertThat(Files.readAllBytes(saved)).isEqualTo(served.body());
        browser.assertNoScriptErrors();
    }

    private String spec(String suffix, double learningRate) {
        return """
                {"name": "%s%s", "dataset": {"builtin": "moons", "samples": 200, "noise": 0.3}, "model": {"hidden": [8]},
                 "optimizer": {"learningRate": %s}, "training": {"epochs": 4, "batchSize": 16, "seed": 3},
                 "checkpoint": {"everyEpochs": 1}}""".formatted(prefix, suffix, learningRate);
    }

    /** The compare table's cells for a job as its metric points in the API give them: best, at epoch, last, points. */
    private List<String> summary(String id, String metric) {
        List<JsonNode> points = new ArrayList<>();
        api.get("/api/v1/jobs/" + id + "/metrics?name=" + metric + "&limit=5000").json().get("points")
                .forEach(points::add);
        points.sort(Comparator.comparingInt(p -> p.get("epoch").asInt()));
        JsonNode best = points.get(0);
        for (JsonNode p : points) {
            best = p.get("value").asDouble() < best.get("value").asDouble() ? p : best;
        }
        return List.of(shown(best.get("value").asDouble()), best.get("epoch").asString(),
                shown(points.get(points.size() - 1).get("value").asDouble()), String.valueOf(points.size()));
    }

    /** A value as the dashboard writes it: four significant digits, trailing zeros dropped (JavaScript's toPrecision). */
    private static String shown(double value) {
        return new BigDecimal(value).round(new MathContext(4, RoundingMode.HALF_UP)).stripTrailingZeros().toPlainString();
    }

    private String listing() {
        try (Stream<Path> files = Files.list(downloads)) {
            return files.map(p -> p.getFileName().toString()).toList().toString();
        } catch (IOException e) {
            return e.toString();
        }
    }
}
