package uk.meterwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import uk.meterwatch.web.auth.Role;

/**
 * The browser flows in Debian's Chromium (headless, through its chromedriver; .ci/run
 * installs both): one server and one browser for the class. Each page visited is checked with
 * axe-core for WCAG 2.2 A/AA (no serious or critical violation) and saved as a screenshot in
 * target/screenshots for a person to look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir static Path dir;
  static WebFixture web;
  static WebDriver driver;
  static Path downloads;
  static final List<String> violations = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    assertThat(CHROMIUM)
        .as("Debian's chromium (apt-get install chromium chromium-driver, as .ci/run does)")
        .exists();
    assertThat(CHROMEDRIVER).as("Debian's chromium-driver").exists();
    web = new WebFixture(dir.resolve("store"));
    downloads = Files.createDirectories(dir.resolve("downloads"));
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
        "--window-size=1280,1000",
        "--user-data-dir=" + Files.createDirectories(dir.resolve("chromium-profile")));
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    options.setExperimentalOption("prefs", prefs);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(120));
  }

  @AfterAll
  static void stop() {
    if (driver != null) {
      driver.quit();
    }
    if (web != null) {
      web.close();
    }
  }

  private static void open(String path) {
    driver.get(web.base() + path);
  }

  /** axe-core on the page as it is now, and a screenshot of it. */
  private static void check(String name) throws Exception {
    Results results =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"))
            .analyze(driver);
    for (Rule r : results.getViolations()) {
      if ("serious".equals(r.getImpact()) || "critical".equals(r.getImpact())) {
        violations.add(
            name
                + ": "
                + r.getId()
                + " ("
                + r.getImpact()
                + ") "
                + r.getHelp()
                + " "
                + r.getNodes().size()
                + " nodes, e.g. "
                + r.getNodes().get(0).getHtml());
      }
    }
    File png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path shots = Files.createDirectories(Path.of("target", "screenshots"));
    Files.copy(png.toPath(), shots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private static WebElement field(String name) {
    return driver.findElement(By.name(name));
  }

  private static void submit(String label) {
    follow(driver.findElement(By.xpath("//button[normalize-space()='" + label + "']")));
  }

  /**
   * Clicks a link or a form's button and waits until the page it was on is gone: on a busy machine
   * the next read could otherwise find the old page's body (a stale element).
   */
  private static void follow(WebElement element) {
    element.click();
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(ExpectedConditions.stalenessOf(element));
  }

  private static String text() {
    return driver.findElement(By.tagName("body")).getText();
  }

  @Test
  @Order(1)
  void logInAndOpenTheOverview() throws Exception {
    open("/");
    assertThat(driver.getCurrentUrl()).contains("/login");
    check("login");
    field("name").sendKeys(web.logins.get(Role.ANALYST)[0]);
    field("password").sendKeys(web.logins.get(Role.ANALYST)[1]);
    submit("Sign in");
    assertThat(driver.getTitle()).startsWith("Performance, August 2023");
    assertThat(text()).contains("CPM1").contains("Non-compliance list").contains("Target met");
    check("overview");
  }

  @Test
  @Order(2)
  void drillIntoAMeasureAndItsMisses() throws Exception {
    // CPM1-S misses two of the month's four requests (codes E21 and E5).
    follow(driver.findElement(By.linkText("CPM1-S")));
    assertThat(driver.getTitle()).startsWith("CPM1-S");
    assertThat(text())
        .contains("CPM1-S: 12-month trend")
        .contains("Meterwatch's own measure, not one of the Code's")
        .contains("Where the misses came from")
        .contains("2 requests missed.")
        .contains("Misses by provider")
        .contains("Misses by SRV")
        .contains("Definition");
    assertThat(driver.findElements(By.cssSelector("figure.mw-chart svg"))).isNotEmpty();
    check("measure");
    open("/bpi?month=2023-08");
    assertThat(text()).contains("Prepayment").contains("Success after 24 h");
    check("bpi");
  }

  @Test
  @Order(3)
  void reRateARisk() throws Exception {
    open("/risks");
    // R1 is 4 x 4 = 16: in the heat map's cell for likelihood 4 and impact 4, escalated.
    WebElement cell = heatCell(4, 4);
    assertThat(cell.getText()).contains("16, High, escalated").contains("1 risk").contains("R1");
    assertThat(text()).contains("Escalated to the SEC Panel");
    check("risks");
    follow(cell.findElement(By.linkText("R1")));
    new Select(field("likelihood")).selectByValue("2");
    new Select(field("impact")).selectByValue("3");
    field("reason").sendKeys("The flood stopped after the User's fix");
    submit("Re-rate the risk");
    assertThat(text()).contains("Risk R1 re-rated 2 x 3.").contains("The flood stopped");
    check("risk");
    open("/risks");
    assertThat(heatCell(2, 3).getText()).contains("1 risk").contains("R1");
    assertThat(heatCell(4, 4).getText()).contains("0 risks");
  }

  /** The heat map's cell for a likelihood (rows 5 down to 1) and an impact (columns 1 to 5). */
  private static WebElement heatCell(int likelihood, int impact) {
    return driver.findElement(
        By.xpath(
            "//table[contains(@class,'mw-grid')]//tr[th[normalize-space()='Likelihood "
                + likelihood
                + "']]/td["
                + impact
                + "]"));
  }

  @Test
  @Order(4)
  void addUpdateAndCloseAnAction() throws Exception {
    open("/actions");
    field("ref").sendKeys("106/01");
    field("text").sendKeys("DCC to report on <b>prepayment</b> retries");
    field("owner").sendKeys("DCC");
    field("target").sendKeys("2023-11-30");
    submit("Add the action");
    assertThat(text())
        .contains("Action 106/01 added.")
        .contains("DCC to report on <b>prepayment</b> retries");
    // Overdue first: 105/01 was due on 2023-09-01 (today is 2023-09-15).
    List<WebElement> refs = driver.findElements(By.xpath("//table[.//th[.='Ref']]/tbody/tr/td[1]"));
    assertThat(refs.get(0).getText()).isEqualTo("105/01");
    check("actions");
    follow(driver.findElement(By.linkText("106/01")));
    field("revised_target").sendKeys("2023-12-15");
    submit("Save the changes");
    assertThat(text()).contains("Action 106/01 updated.").contains("2023-12-15");
    check("action");
    submit("Close action 106/01");
    assertThat(text()).contains("Action 106/01 closed.");
    open("/api/v1/actions");
    assertThat(text()).contains("\"revised_target_on\" : \"2023-12-15\"").contains("CLOSED");
  }

  @Test
  @Order(5)
  void publishAReviewVersion() throws Exception {
    open("/incidents");
    check("incidents");
    follow(driver.findElement(By.linkText("INC1")));
    for (String area :
        List.of(
            "IDENTIFICATION", "CLASSIFICATION", "INVESTIGATION", "RESOLUTION", "COMMUNICATIONS")) {
      new Select(field("rag_" + area))
          .selectByValue(area.equals("IDENTIFICATION") ? "RED" : "GREEN");
    }
    field("root_cause").sendKeys("A router failed in the DSP");
    submit("Save the draft");
    assertThat(text()).contains("Draft version 1 of the review saved.");
    submit("Publish version 1");
    assertThat(text())
        .contains("Version 1 of the review published.")
        .contains("Version 1 (PUBLISHED)");
    check("incident");
  }

  @Test
  @Order(6)
  void uploadASmallDropAndSeeItsSummary() throws Exception {
    Path file = dir.resolve("users.csv");
    Files.writeString(file, "user_id,organisation,role\nSUPPLIER-W,Org W,IS\n");
    open("/upload");
    check("upload");
    field("drop").sendKeys(file.toString());
    submit("Upload and load");
    new WebDriverWait(driver, Duration.ofSeconds(120))
        .until(d -> d.findElement(By.tagName("body")).getText().contains("The load, file by file"));
    assertThat(text()).contains("Loaded 1 row;").contains("users.csv");
    check("upload-summary");
    open("/loads");
    assertThat(text()).contains("users.csv");
    check("loads");
    open("/quarantine");
    check("quarantine");
    open("/audit");
    check("audit");
    open("/map?from=2023-07&month=2023-09");
    check("map");
  }

  @Test
  @Order(7)
  void addAnExceptionAndDownloadTheRowsBehindAFigure() throws Exception {
    open("/exceptions");
    field("id").sendKeys("EXC-2");
    field("measures").sendKeys("CPM1-S");
    field("items").sendKeys("b1");
    field("reason").sendKeys("The User's <i>own</i> firmware fault");
    field("approved_by").sendKeys("OPSG chair");
    submit("Add the exception");
    assertThat(text())
        .contains("Exception EXC-2 added.")
        .contains("The User's <i>own</i> firmware fault")
        .contains("In force");
    check("exceptions");
    open("/measures/CPM1-S?month=2023-08");
    // b1 (E21) is left out: one of the three requests left missed.
    assertThat(text())
        .contains("CPM1-S: left out by approved exception: 1 (EXC-2)")
        .contains("1 requests missed.");
    driver.findElement(By.linkText("CPM1-S: every row (CSV)")).click(); // a download
    Path csv = downloads.resolve("CPM1-S-ALL-2023-08.csv");
    new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> Files.exists(csv));
    assertThat(Files.readAllLines(csv))
        .hasSize(5)
        .anySatisfy(l -> assertThat(l).contains(",b1,").contains(",EXCEPTED,excepted by EXC-2"));
  }

  @Test
  @Order(8)
  void downloadThePack() throws Exception {
    open("/pack?month=2023-08");
    check("pack");
    driver.findElement(By.partialLinkText("as HTML")).click(); // a download: the page stays
    Path html = downloads.resolve("meterwatch-pack-2023-08.html");
    new WebDriverWait(driver, Duration.ofSeconds(120)).until(d -> Files.exists(html));
    assertThat(Files.readString(html)).contains("2023-08").contains("CLEAR");
  }

  @Test
  @Order(9)
  void anAdminSeesTheAccounts() throws Exception {
    submit("Sign out");
    assertThat(driver.getCurrentUrl()).contains("/login");
    field("name").sendKeys(web.logins.get(Role.ADMIN)[0]);
    field("password").sendKeys(web.logins.get(Role.ADMIN)[1]);
    submit("Sign in");
    follow(driver.findElement(By.linkText("Accounts")));
    assertThat(text()).contains("xuser").contains("SERVICE_USER").contains("SUPPLIER-X");
    check("accounts");
  }

  @Test
  @Order(10)
  void noPageHasASeriousOrCriticalAccessibilityViolation() {
    assertThat(violations).isEmpty();
  }
}
