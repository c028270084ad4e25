package dev.testpulse.analysis.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import io.restassured.RestAssured;

/**
 * Debian's headless Chromium driven through its own chromedriver. Both paths are given, so Selenium Manager never
 * looks for (or downloads) a browser or driver; a fresh profile directory per browser keeps runs independent.
 */
final class Chromium implements AutoCloseable {

    static final String BINARY = "/usr/bin/chromium";
    static final String DRIVER = "/usr/bin/chromedriver";

    final ChromeDriver driver;
    private final Path profile;

    Chromium(int width, int height) throws IOException {
        profile = Files.createTempDirectory("testpulse-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(BINARY).addArguments("--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
    }

    /** Saves what the browser shows now as a PNG. */
    Path screenshot(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Saves the whole page, not only the window: the window grows to the page's height for the shot and back. */
    Path fullPageScreenshot(Path file) {
        Dimension window = driver.manage().window().getSize();
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(), (int) Math.min(height + 100, 8000)));
        try {
            return screenshot(file);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** The address of a path of the application under test. */
    static String url(String path) {
        return RestAssured.baseURI + ":" + RestAssured.port + path;
    }

    /**
     * Runs the steps; when one fails, the page as it was is saved under {@code folder} (a PNG and its HTML) before the
     * failure goes on.
     */
    void onFailureScreenshot(TestInfo test, Path folder, Steps steps) throws Exception {
        try {
            steps.run();
        } catch (Throwable failure) {
            Path shot = screenshot(folder.resolve(test.getTestMethod().orElseThrow().getName() + "-failure.png"));
            Files.writeString(shot.resolveSibling(shot.getFileName() + ".html"), driver.getPageSource());
            failure.addSuppressed(new AssertionError("screenshot of the page: " + shot.toAbsolutePath()));
            throw failure;
        }
    }

    @FunctionalInterface
    interface Steps {
        void run() throws Exception;
    }

    static boolean installed() {
        return new File(BINARY).canExecute() && new File(DRIVER).canExecute();
    }
}
