package io.spikestream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spikestream.dvs.images.SyntheticScenes;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * Opens the live dashboard of a running demo in the system's headless Chromium (Debian's {@code
 * chromium} and {@code chromium-driver}; skipped when they are absent) and checks that the frames,
 * the predictions and the counters update. Saves {@code target/screenshots/dashboard.png}. Selenium
 * is given the driver's path, so Selenium Manager never looks for (or downloads) one.
 */
class DashboardBrowserIT {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOT = Path.of("target", "screenshots", "dashboard.png");
  private static final Pattern URL = Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/)");

  /** Sum of the RGB values of the first sensor's frame canvas (changes when the frame does). */
  private static final String FRAME_SUM =
      "const c = document.querySelector('canvas.frame');"
          + "if (!c || c.width === 0) return -1;"
          + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
          + "let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2];"
          + "return s;";

  @Test
  void dashboardShowsLiveFramesAndPredictions(@TempDir Path tmp) throws Exception {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver):"
            + " apt-get install -y chromium chromium-driver");

    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = SpikestreamCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<Integer> demo =
        pool.submit(
            () ->
                cl.execute(
                    "demo",
                    "--duration",
                    "30s",
                    "--cameras",
                    "2",
                    "--http-port",
                    Integer.toString(freePort()),
                    "--json"));
    WebDriver driver = null;
    try {
      String url = awaitUrl(err, demo);
      driver = chromium(tmp);
      driver.get(url);
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      JavascriptExecutor js = (JavascriptExecutor) driver;

      // connected, and the first classification and frame arrived
      wait.until(d -> d.findElement(By.id("connection")).getText().equals("live"));
      wait.until(d -> count(d, "classifications") > 0);
      wait.until(d -> frameSum(js) > 0);
      List<WebElement> sensors = driver.findElements(By.cssSelector(".sensor"));
      assertThat(sensors).hasSizeGreaterThanOrEqualTo(1);
      String firstPrediction = predictionTexts(driver);
      long firstCount = count(driver, "classifications");
      long firstFrame = frameSum(js);

      // then they change: new frames, more classifications, new predictions
      wait.until(d -> frameSum(js) != firstFrame);
      wait.until(d -> count(d, "classifications") >= firstCount + 4);
      wait.until(d -> !predictionTexts(d).equals(firstPrediction));
      String predicted =
          driver.findElement(By.cssSelector(".sensor .predicted")).getText().replace(" ✓", "");
      assertThat(SyntheticScenes.CLASSES).anySatisfy(c -> assertThat(predicted).startsWith(c));
      assertThat(driver.findElements(By.cssSelector(".sensor .bar"))).hasSizeGreaterThan(0);
      assertThat(driver.findElement(By.id("accuracy")).getText()).endsWith("%");
      assertThat(driver.findElement(By.id("events-per-second")).getText()).isNotEqualTo("–");

      Files.createDirectories(SCREENSHOT.getParent());
      Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
      assertThat(Files.size(SCREENSHOT)).isPositive();
    } finally {
      if (driver != null) {
        driver.quit();
      }
    }
    int code = demo.get(120, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(code).as("demo exit code; stderr:%n%s", err).isZero();
    JsonNode summary = new ObjectMapper().readTree(out.toString().strip());
    assertThat(summary.get("classifications").asLong()).isPositive();
  }

  private static WebDriver chromium(Path tmp) {
    System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1000",
        "--user-data-dir=" + tmp.resolve("chromium-profile"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static String awaitUrl(StringWriter err, Future<Integer> demo) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      Matcher m = URL.matcher(err.toString());
      if (m.find()) {
        return m.group(1);
      }
      if (demo.isDone()) {
        throw new AssertionError("demo ended with " + demo.get() + " before serving: " + err);
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no dashboard URL within 120 s: " + err);
  }

  private static long count(WebDriver d, String id) {
    String text = d.findElement(By.id(id)).getText().replace(",", "");
    return text.matches("\\d+") ? Long.parseLong(text) : -1;
  }

  private static long frameSum(JavascriptExecutor js) {
    Object v = js.executeScript(FRAME_SUM);
    return v instanceof Number n ? n.longValue() : -1;
  }

  private static String predictionTexts(WebDriver d) {
    StringBuilder b = new StringBuilder();
    for (WebElement e :
        d.findElements(By.cssSelector(".sensor .prediction .caption, .sensor .meta"))) {
      b.append(e.getText()).append('|');
    }
    return b.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
