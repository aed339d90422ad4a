package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The done-means of issue 6: the risks and actions of OPSG 105 entered with the CLI come out with
 * the severities, bands and escalations the minutes state; bad input changes nothing; every change
 * is in the audit trail. The minutes give severities only; the likelihood x impact splits below are
 * ours (20 = 4 x 5, 16 = 4 x 4, 15 = 3 x 5).
 */
class Opsg105RegistersTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  @BeforeEach
  void environment() {
    Main.setEnvironmentForTest(Map.of("METERWATCH_USER", "secas"));
  }

  @AfterEach
  void reset() {
    Main.setEnvironmentForTest(System.getenv());
  }

  private Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--store", dir.resolve("store").toString()));
    all.addAll(List.of(args));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
    return new Result(code, out.toString(), err.toString());
  }

  private Result ok(String... args) {
    Result r = run(args);
    assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  private void enterMinutes() {
    ok(
        "risks",
        "add",
        "OPSG-006",
        "--title",
        "CSP N will fail to meet SEC requirements at scale",
        "--likelihood",
        "4",
        "--impact",
        "5",
        "--owner",
        "DCC",
        "--on",
        "2023-10-23");
    ok(
        "risks",
        "add",
        "OPSG-019",
        "--title",
        "Congestion from growth in Other User usage",
        "--likelihood",
        "4",
        "--impact",
        "4",
        "--owner",
        "DCC",
        "--on",
        "2023-10-23");
    ok(
        "risks",
        "add",
        "OPSG-002",
        "--title",
        "Unstable Comms Hub to HAN device connections",
        "--likelihood",
        "3",
        "--impact",
        "5",
        "--owner",
        "DCC",
        "--on",
        "2023-10-23");
    ok(
        "risks",
        "add",
        "OPSG-017",
        "--title",
        "Annual Outage/Planned Maintenance & BCDR Plan",
        "--likelihood",
        "3",
        "--impact",
        "5",
        "--owner",
        "DCC",
        "--on",
        "2023-10-23");
    ok(
        "actions",
        "add",
        "OPSG 102/01",
        "--text",
        "Formal report on Incident 1076111 to TABASC",
        "--owner",
        "DCC",
        "--raised",
        "2023-09-12",
        "--target",
        "2024-02-28");
    ok("actions", "close", "OPSG 102/01", "--on", "2023-10-23");
    ok(
        "actions",
        "add",
        "OPSG 102/05",
        "--text",
        "Low success rates in SMETS1 FOC",
        "--owner",
        "DCC",
        "--raised",
        "2023-09-12",
        "--target",
        "2023-12-31");
    ok("actions", "close", "OPSG 102/05", "--on", "2023-10-23");
    ok(
        "actions",
        "add",
        "105/01",
        "--text",
        "Simplified graphic of the architecture with incidents",
        "--owner",
        "DCC",
        "--raised",
        "2023-10-23");
    ok(
        "actions",
        "add",
        "105/02",
        "--text",
        "Use cases within each BPI process",
        "--owner",
        "DCC",
        "--raised",
        "2023-10-23");
    ok(
        "actions",
        "add",
        "105/03",
        "--text",
        "3G sunsetting analysis at OPSG 107",
        "--owner",
        "DCC",
        "--raised",
        "2023-10-23",
        "--target",
        "2023-11-27");
    ok(
        "actions",
        "add",
        "105/04",
        "--text",
        "Re-try and subsequent success buckets",
        "--owner",
        "DCC",
        "--raised",
        "2023-10-23");
    ok(
        "actions",
        "add",
        "105/05",
        "--text",
        "Root cause of Incident INC000001076111",
        "--owner",
        "DCC",
        "--raised",
        "2023-10-23",
        "--target",
        "2023-11-14");
  }

  @Test
  void risksOfTheMinutesComeOutWithTheirSeveritiesBandsAndEscalations() {
    enterMinutes();
    String list = ok("risks", "list").out();
    assertThat(list.lines().skip(1).limit(4).map(l -> l.replaceAll("\\s+", " ")).toList())
        .containsExactly(
            "OPSG-006 4 5 20 Critical yes OPEN DCC CSP N will fail to meet SEC requirements at scale",
            "OPSG-019 4 4 16 High yes OPEN DCC Congestion from growth in Other User usage",
            "OPSG-002 3 5 15 High yes OPEN DCC Unstable Comms Hub to HAN device connections",
            "OPSG-017 3 5 15 High yes OPEN DCC Annual Outage/Planned Maintenance & BCDR Plan");
    String esc = ok("risks", "escalations").out();
    assertThat(esc).startsWith("Escalated to the SEC Panel: open risks of severity 15 or more");
    assertThat(esc).contains("4 risks");
    assertThat(ok("risks", "show", "OPSG-006").out())
        .contains("Severity    20 (Critical)")
        .contains("Escalated   yes, to the SEC Panel")
        .containsPattern("1 +2023-10-23 secas +4 +5 +20 +first rating");
  }

  /** Far years overflowed the months' arithmetic ("long overflow"); odd dates were read. */
  @Test
  void timesAndDatesOutsideTheYears1To9999AreOneLineUsageErrors() {
    Result far =
        run(
            "incidents",
            "add",
            "I9",
            "--category",
            "1",
            "--title",
            "t",
            "--opened",
            "0000-08-01T10:00Z");
    assertThat(far.code()).isEqualTo(2);
    assertThat(far.err())
        .hasLineCount(1)
        .contains("'0000-08-01T10:00Z' is outside the years 1 to 9999");
    Result noSuchDay =
        run(
            "incidents",
            "add",
            "I8",
            "--category",
            "1",
            "--title",
            "t",
            "--opened",
            "2023-02-30T10:00Z");
    assertThat(noSuchDay.code()).isEqualTo(2);
    assertThat(noSuchDay.err())
        .contains("'2023-02-30T10:00Z' is not a real time (no such day or hour)");
    Result odd =
        run(
            "actions",
            "add",
            "A/1",
            "--text",
            "t",
            "--owner",
            "DCC",
            "--raised",
            "2023-09-12",
            "--target",
            "+10000-01-01");
    assertThat(odd.code()).isEqualTo(2);
    assertThat(odd.err()).hasLineCount(1).contains("'+10000-01-01' is not a date (YYYY-MM-DD)");
  }

  @Test
  void reRatingIsKeptWithWhoAndWhyAndAudited() {
    enterMinutes();
    ok(
        "risks",
        "rate",
        "OPSG-006",
        "--likelihood",
        "3",
        "--reason",
        "reconsidered after the DCC report",
        "--on",
        "2023-12-12",
        "--user",
        "chair");
    String show = ok("risks", "show", "OPSG-006").out();
    assertThat(show).contains("Severity    15 (High)");
    assertThat(show)
        .containsPattern("2 +2023-12-12 chair +3 +5 +15 +reconsidered after the DCC report");
    String audit = ok("audit", "--register", "risks", "--key", "OPSG-006").out();
    assertThat(audit).contains("new record");
    assertThat(audit).containsPattern("chair +risks +OPSG-006 +RATE +cli +likelihood: 4 -> 3");
  }

  @Test
  void overdueActionsUseTheRevisedTargetWhenThereIsOne() {
    enterMinutes();
    assertThat(ok("actions", "list", "--overdue", "--today", "2023-11-28").out())
        .contains("105/03")
        .contains("105/05")
        .doesNotContain("105/01")
        .doesNotContain("OPSG 102/05")
        .contains("2 actions (overdue judged on 2023-11-28)");
    ok("actions", "update", "105/03", "--revised-target", "2024-01-31");
    assertThat(ok("actions", "list", "--overdue", "--today", "2023-11-28").out())
        .doesNotContain("105/03")
        .contains("1 action (overdue");
    assertThat(ok("actions", "list", "--overdue", "--today", "2023-11-14").out())
        .as("due on the day is not overdue")
        .contains("0 actions");
  }

  @Test
  void badInputGetsAClearErrorAndChangesNothing() {
    enterMinutes();
    ok(
        "incidents",
        "add",
        "INC000001076111",
        "--category",
        "1",
        "--title",
        "DSP router crash",
        "--opened",
        "2023-08-20T06:10+01:00",
        "--resolved",
        "2023-08-20T12:40+01:00",
        "--components",
        "DSP_ROUTER;DSP",
        "--services",
        "DUIS;SSI;SSMI;SMKI_REPO;REMEDY",
        "--cause",
        "ARCHITECTURE",
        "--major");
    String audit = ok("audit", "--json").out();
    String risks = ok("risks", "list", "--json").out();
    String actions = ok("actions", "list", "--json", "--today", "2023-10-23").out();
    String incidents = ok("incidents", "list", "--json").out();

    Result cat7 =
        run(
            "incidents",
            "add",
            "INC7",
            "--category",
            "7",
            "--title",
            "x",
            "--opened",
            "2023-08-01T00:00Z");
    assertThat(cat7.code()).isEqualTo(2);
    assertThat(cat7.err().strip())
        .isEqualTo("meterwatch: category 7 is not an incident category (1 to 5) [INVALID_VALUE]");
    Result l0 =
        run("risks", "add", "OPSG-099", "--title", "x", "--likelihood", "0", "--impact", "3");
    assertThat(l0.err().strip())
        .isEqualTo("meterwatch: risk OPSG-099: likelihood 0 is outside 1 to 5 [INVALID_VALUE]");
    Result rate0 = run("risks", "rate", "OPSG-006", "--likelihood", "0", "--reason", "x");
    assertThat(rate0.err()).contains("likelihood 0 is outside 1 to 5");
    Result target =
        run(
            "actions",
            "add",
            "105/06",
            "--text",
            "x",
            "--owner",
            "DCC",
            "--raised",
            "2023-10-23",
            "--target",
            "2023-10-20");
    assertThat(target.err().strip())
        .isEqualTo(
            "meterwatch: action 105/06: target date 2023-10-20 is before the date it was"
                + " raised 2023-10-23 [INVALID_VALUE]");
    Result unknown =
        run("incidents", "close", "INC000009999999", "--resolved", "2023-08-20T12:40Z");
    assertThat(unknown.err().strip())
        .isEqualTo("meterwatch: no incident INC000009999999 in the register [NOT_FOUND]");
    Result review = run("review", "edit", "INC000009999999", "--identification", "RED");
    assertThat(review.err()).contains("no incident INC000009999999 in the register");
    Result noOffset =
        run(
            "incidents",
            "add",
            "INC8",
            "--category",
            "2",
            "--title",
            "x",
            "--opened",
            "2023-08-01T00:00");
    assertThat(noOffset.code()).isEqualTo(2);
    assertThat(noOffset.err()).contains("is not a time with an offset");
    Result badCause = run("incidents", "update", "INC000001076111", "--cause", "GREMLINS");
    assertThat(badCause.err()).contains("unknown cause class 'GREMLINS'");

    assertThat(ok("audit", "--json").out()).isEqualTo(audit);
    assertThat(ok("risks", "list", "--json").out()).isEqualTo(risks);
    assertThat(ok("actions", "list", "--json", "--today", "2023-10-23").out()).isEqualTo(actions);
    assertThat(ok("incidents", "list", "--json").out()).isEqualTo(incidents);
  }

  @Test
  void majorIncidentReviewIsRedraftedThenPublishedKeepingEveryVersion() {
    enterMinutes();
    ok(
        "incidents",
        "add",
        "INC000001076111",
        "--category",
        "1",
        "--title",
        "DSP router crash",
        "--opened",
        "2023-08-20T06:10+01:00",
        "--resolved",
        "2023-08-20T12:40+01:00",
        "--components",
        "DSP_ROUTER;DSP",
        "--services",
        "DUIS;SSI",
        "--cause",
        "ARCHITECTURE",
        "--major");
    assertThat(ok("incidents", "show", "INC000001076111").out())
        .contains("Target met      MISSED")
        .contains("Duration        6h30m")
        .contains("Category        1 (Target Resolution Time 4h)");
    ok(
        "review",
        "edit",
        "INC000001076111",
        "--user",
        "dcc",
        "--identification",
        "RED",
        "--identification-reasoning",
        "unresponsive router not alarmed",
        "--classification",
        "GREEN",
        "--investigation",
        "GREEN",
        "--resolution",
        "GREEN",
        "--communications",
        "GREEN",
        "--root-cause",
        "memory leak in the primary router",
        "--detected",
        "2023-08-20T06:10+01:00",
        "--restored",
        "2023-08-20T12:40+01:00",
        "--action",
        "105/05");
    ok(
        "review",
        "edit",
        "INC000001076111",
        "--communications",
        "AMBER",
        "--communications-reasoning",
        "OPSG: Users were told late",
        "--symptoms",
        "memory leak; router crash; no DUIS traffic",
        "--root-cause",
        "under investigation (action 105/05)");
    String latest = ok("review", "show", "INC000001076111").out();
    assertThat(latest).contains("version 2 of 2 (DRAFT)");
    assertThat(latest)
        .containsPattern("Customer Communications +AMBER +OPSG: Users were told late");
    assertThat(latest).containsPattern("Identification +RED +unresponsive router not alarmed");
    assertThat(latest).contains("Detected      2023-08-20 06:10 +01:00");
    assertThat(latest).containsPattern("105/05 +OPEN, DCC: Root cause of Incident");
    assertThat(ok("review", "show", "INC000001076111", "--version", "1").out())
        .contains("version 1 of 2 (DRAFT)")
        .containsPattern("Customer Communications +GREEN")
        .contains("Root cause    memory leak in the primary router");
    ok("review", "publish", "INC000001076111", "--user", "chair");
    assertThat(ok("review", "show", "INC000001076111", "--versions").out())
        .containsPattern("1 +DRAFT +dcc")
        .containsPattern("2 +PUBLISHED +secas .* by chair");
    assertThat(ok("audit", "--register", "reviews").out())
        .containsPattern("INC000001076111#2 +EDIT .*communications_rag: GREEN -> AMBER")
        .containsPattern("chair +reviews +INC000001076111#2 +PUBLISH");
  }

  @Test
  void registersExportAndImportThroughTheCli() throws Exception {
    enterMinutes();
    Path csv = dir.resolve("risks.csv");
    ok("risks", "export", "--format", "csv", "--out", csv.toString());
    assertThat(Files.readString(csv, StandardCharsets.UTF_8))
        .contains(
            "OPSG-006,CSP N will fail to meet SEC requirements at scale,4,5,DCC,OPEN,20,Critical,true");
    Path json = dir.resolve("actions.json");
    ok("actions", "export", "--out", json.toString());
    Path other = dir.resolve("other");
    Result imported = new Result(0, "", "");
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"--store", other.toString(), "actions", "import", json.toString()},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()));
    assertThat(code).isZero();
    assertThat(out.toString()).contains("actions: 7 read, 7 added, 0 updated, 0 unchanged");
    Path bad = dir.resolve("bad.csv");
    Files.writeString(
        bad, "risk_id,title,likelihood,impact\nOPSG-006,x,0,5\n", StandardCharsets.UTF_8);
    Result r = run("risks", "import", bad.toString());
    assertThat(r.err()).contains("bad.csv line 2: risk OPSG-006: likelihood 0 is outside 1 to 5");
    assertThat(ok("risks", "show", "OPSG-006").out()).contains("Likelihood  4");
  }

  @Test
  void mapIsDrawnFromTheRegister() throws Exception {
    ok(
        "incidents",
        "add",
        "INC000001076111",
        "--category",
        "1",
        "--title",
        "DSP router crash",
        "--opened",
        "2023-08-20T06:10+01:00",
        "--resolved",
        "2023-08-20T12:40+01:00",
        "--components",
        "DSP_ROUTER;DSP",
        "--services",
        "DUIS;SSI",
        "--cause",
        "ARCHITECTURE",
        "--major");
    Path svg = dir.resolve("map.svg");
    assertThat(ok("map", "--from", "2023-08", "--to", "2023-10", "--out", svg.toString()).out())
        .contains("1 incidents, 390 min of unplanned outage, model built-in");
    assertThat(Files.readString(svg, StandardCharsets.UTF_8))
        .contains("Aug 2023 to Oct 2023")
        .contains(">1 incident<")
        .contains(">390 min outage<");
    assertThat(ok("map", "--print-model").out()).contains("id: DSP_ROUTER");
    Files.writeString(
        dir.resolve("store").resolve("architecture.yaml"),
        "title: Tiny\ncomponents:\n  - {id: DSP, name: Data Service Provider, column: 0, row: 0}\n",
        StandardCharsets.UTF_8);
    ok("map", "--from", "2023-08", "--to", "2023-08", "--out", svg.toString());
    String tiny = Files.readString(svg, StandardCharsets.UTF_8);
    assertThat(tiny)
        .contains("Tiny")
        .contains("Data Service Provider")
        .contains("DSP_ROUTER (1 incident, 390 min)")
        .contains("DUIS (1 incident, 390 min)");
  }
}
