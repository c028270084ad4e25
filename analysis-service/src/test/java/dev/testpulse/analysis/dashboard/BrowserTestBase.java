package dev.testpulse.analysis.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.testpulse.analysis.support.TestAuth;

/** What every dashboard test in Chromium shares: a fresh browser per test, and the page opened behind the token form. */
abstract class BrowserTestBase {

    static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Screenshots taken on purpose and on failure, next to the test reports. */
    static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots");

    Chromium chromium;
    WebDriverWait wait;

    @BeforeEach
    void openBrowser() throws Exception {
        assertThat(Chromium.installed()).as("Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)").isTrue();
        chromium = new Chromium(1280, 1000);
        wait = new WebDriverWait(chromium.driver, PATIENCE);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Opens a page of the dashboard where reads need a token, and gives it the admin token when it asks. */
    void openWithToken(String path) {
        chromium.driver.get(Chromium.url(path));
        WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        token.sendKeys(TestAuth.ADMIN);
        token.submit();
    }
}
