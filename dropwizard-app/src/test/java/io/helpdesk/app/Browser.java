package io.helpdesk.app;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium session (Debian's {@code chromium} and {@code chromedriver}, given
 * explicitly so Selenium Manager never downloads anything) with its own profile, so two browsers
 * are two independent users. Without Chromium the tests are skipped, except with {@code CI=true},
 * where they fail.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");
  static final Duration WAIT = Duration.ofSeconds(20);

  final ChromeDriver driver;
  final WebDriverWait wait;
  private final String base;
  private final Path profile;

  private Browser(ChromeDriver driver, String base, Path profile) {
    this.driver = driver;
    this.wait = new WebDriverWait(driver, WAIT);
    this.base = base;
    this.profile = profile;
  }

  /** Skips (locally) or fails (CI) when Chromium or its driver is missing. */
  static void requireChromium() {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    String message =
        "browser tests need "
            + CHROMIUM
            + " and "
            + CHROMEDRIVER
            + " (apt-get install chromium"
            + " chromium-driver)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      Assertions.fail(message);
    }
    Assumptions.abort(message);
  }

  static Browser open(String base, int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("helpdesk-chromium-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--hide-scrollbars",
        "--user-data-dir=" + profile.toAbsolutePath(),
        "--window-size=" + width + "," + height);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().window().setSize(new Dimension(width, height));
    return new Browser(driver, base, profile);
  }

  void go(String path) {
    driver.get(base + path);
  }

  WebElement waitFor(By by) {
    return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  void waitForText(By by, String text) {
    wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  /** Dev sign-in through the picker on the sign-in page. */
  void signInAs(String email) {
    go("/");
    waitFor(By.cssSelector("button.member-button[data-email='" + email + "']")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("me-name")));
    waitUntilReady();
  }

  /** Navigates within the page (the URL fragment) and waits until the view has loaded. */
  void show(String hash) {
    script("location.hash = arguments[0];", hash);
    waitUntilReady();
  }

  /** Waits until the current view has finished loading its data. */
  void waitUntilReady() {
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#main[data-ready]")));
  }

  Object script(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** Sets a marker on the page's window: it survives live updates, not a reload. */
  void markPage() {
    script("window.__noReloadMarker = 'still here';");
  }

  boolean stillSamePage() {
    return "still here".equals(script("return window.__noReloadMarker || null;"));
  }

  /** A screenshot of the whole page under target/screenshots/NAME.png. */
  Path screenshot(String name) {
    long width = ((Number) script("return innerWidth;")).longValue();
    long height =
        ((Number) script("return Math.max(document.documentElement.scrollHeight, innerHeight);"))
            .longValue();
    try {
      // the whole page in one picture: a viewport as tall as the page (capped)
      driver.executeCdpCommand(
          "Emulation.setDeviceMetricsOverride",
          Map.of(
              "width",
              width,
              "height",
              Math.min(height, 4000),
              "deviceScaleFactor",
              1,
              "mobile",
              false));
      File shot = driver.getScreenshotAs(OutputType.FILE);
      Files.createDirectories(SCREENSHOTS);
      Path target = SCREENSHOTS.resolve(name + ".png");
      Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /**
   * Console errors: script errors and CSP violations ("Refused to ..."). Failed requests (a 401
   * from {@code /me} before sign-in, expected answers the UI handles) are the API's business, not
   * the page's, and are left out.
   */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .filter(entry -> !entry.getMessage().contains("Failed to load resource"))
        .map(LogEntry::getMessage)
        .toList();
  }

  /** Runs the page audit (contrast and labels, see ui-audit.js) and returns its findings. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> audit() {
    try (var in = Browser.class.getResourceAsStream("/ui-audit.js")) {
      String script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      return (List<Map<String, Object>>) script(script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        // a temporary profile left behind is harmless
      }
    }
  }
}
