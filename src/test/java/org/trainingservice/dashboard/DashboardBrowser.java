package org.trainingservice.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
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

/**
 * A headless Chromium on the dashboard, signed in with the admin key: the same browser {@link DashboardBrowserTest}
 * starts, for the tests of other views. Close it to quit the browser and delete its profile.
 */
final class DashboardBrowser implements AutoCloseable {

    private final WebDriver driver;
    private final Path profile;
    final WebDriverWait wait;

    private DashboardBrowser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    /** Call after {@link DashboardBrowserTest#requireChromium()}, which points Selenium at the system's driver. */
    static DashboardBrowser start() throws IOException {
        return start(null);
    }

    /** The same, saving what the pages download into {@code downloads} without asking (null: the default). */
    static DashboardBrowser start(Path downloads) throws IOException {
        Path profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions();
        if (downloads != null) {
            options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                    "download.prompt_for_download", false, "download.directory_upgrade", true));
        }
        options.setBinary(Path.of("/usr/bin/chromium").toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--window-size=1440,1300", "--user-data-dir=" + profile);
        // an alert must stay open, so that the test can see it
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile()).usingAnyFreePort().build();
        return new DashboardBrowser(new ChromeDriver(service, options), profile);
    }

    WebDriver driver() {
        return driver;
    }

    /** Opens the dashboard and enters the admin key; answers once the job list shows. */
    void openWithKey(int port) {
        driver.get("http://localhost:" + port + "/");
        WebElement key = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        key.sendKeys(Api.ADMIN_KEY);
        driver.findElement(By.id("key-submit")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("key-overlay")));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("jobs-table")));
    }

    Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    void assertNoScriptErrors() {
        assertThat(js("return JSON.stringify(window.dashboardErrors)")).isEqualTo("[]");
    }

    void screenshot(String name) throws IOException {
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
