package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.IncidentTrend;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.RegistersAsOf;
import uk.meterwatch.engine.store.Store;

/**
 * The demo's August 2023 pack as the meeting reads it: as of 20 October 2023, in the agenda's
 * order, with display names, Meterwatch's own measures apart, and an incident trend that agrees
 * with the register (the demo at 30 devices: the registers are the scenario's whatever the size).
 */
class DemoPackTest {
  @TempDir static Path dir;
  static Path demo;
  static Path store;

  @BeforeAll
  static void demo() {
    demo = dir.resolve("demo");
    store = demo.resolve("store");
    CliRunner.Result r =
        CliRunner.run(
            "--store", store.toString(), "demo", "--dir", demo.toString(), "--devices", "30");
    assertThat(r.exitCode()).as(r.err()).isZero();
  }

  @AfterEach
  void resetClock() {
    ReportCommand.clock = Clock.systemUTC();
  }

  private Path pack(String name, String clockAt, String... more) {
    ReportCommand.clock = Clock.fixed(Instant.parse(clockAt), ZoneOffset.UTC);
    Path out = dir.resolve(name);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--store",
                store.toString(),
                "report",
                "--month",
                "2023-08",
                "--out",
                out.toString()));
    args.addAll(List.of(more));
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return out;
  }

  static String pdfText(Path pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(doc);
    }
  }

  @Test
  void asOf20OctoberItListsNoActionRaisedLaterAndIsTheSameWhenMadeAgain() throws Exception {
    Path first = pack("first", "2026-12-07T10:00:00Z", "--as-of", "2023-10-20");
    Path again = pack("again", "2027-06-01T15:30:00Z", "--as-of", "2023-10-20");
    String html = Files.readString(first.resolve("pack.html"));
    // 102/01 and 102/05, closed at the meeting on 23 October, were outstanding; 105/01 to 105/05
    // were raised at it.
    assertThat(html).contains(">102/01</td>").contains(">102/05</td>");
    assertThat(html).doesNotContain("105/01").doesNotContain("105/03").doesNotContain("105/05");
    assertThat(html).contains("As at 20 Oct 2023: 2 open actions (0 overdue");
    // Made again later: the same text but the time it was made.
    String madeFirst = "<tr><th>Made</th><td>7 Dec 2026 10:00 GMT</td></tr>";
    String madeAgain = "<tr><th>Made</th><td>1 Jun 2027 16:30 BST</td></tr>";
    assertThat(html).contains(madeFirst);
    String other = Files.readString(again.resolve("pack.html"));
    assertThat(other).contains(madeAgain);
    assertThat(withoutSvgIds(other.replace(madeAgain, madeFirst))).isEqualTo(withoutSvgIds(html));
    String pdf = pdfText(first.resolve("pack.pdf"));
    String pdfAgain = pdfText(again.resolve("pack.pdf"));
    assertThat(pdfAgain.replace("1 Jun 2027 16:30 BST", "7 Dec 2026 10:00 GMT")).isEqualTo(pdf);
  }

  /**
   * The demo saves the glidepath the minutes discuss; its pack draws it, and every figure of its
   * table is the glidepath command's (JSON, rounded half-up to 2 decimals) for the same months.
   */
  @Test
  void theSavedGlidepathIsInThePackWithTheGlidepathCommandsNumbers() throws Exception {
    String html =
        Files.readString(
            pack("glide", "2026-12-07T10:00:00Z", "--as-of", "2023-10-20").resolve("pack.html"));
    CliRunner.Result r =
        CliRunner.run(
            "--store",
            store.toString(),
            "glidepath",
            "--saved",
            DemoCommand.GLIDEPATH,
            "--to",
            "2023-08",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
    int bpi = html.indexOf("Business Process Indicators, August 2023</h2>");
    int figure =
        html.indexOf("<h3>Glidepath: Prepayment, national, to 97.5 % by December 2023</h3>");
    assertThat(figure).as("the glidepath in the BPI section").isGreaterThan(bpi).isPositive();
    assertThat(html.substring(figure)).contains("<svg").contains("Saved as prepayment-2023");
    assertThat(json.get("months")).hasSize(10); // March to December 2023
    for (com.fasterxml.jackson.databind.JsonNode m : json.get("months")) {
      String month = m.get("month").asText();
      String[] ym = month.split("-");
      String shortMonth =
          List.of(
                      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                      "Dec")
                  .get(Integer.parseInt(ym[1]) - 1)
              + " "
              + ym[0].substring(2);
      String actual =
          m.get("actual").isNull()
              ? ""
              : two(m.get("actual"))
                  + " ("
                  + String.format(java.util.Locale.UK, "%,d", m.get("transactions").asLong())
                  + ")";
      String row =
          "<tr><td>"
              + shortMonth
              + (m.get("fitted").asBoolean() ? " (fitted)" : "")
              + "</td><td class=\"n\">"
              + actual
              + "</td><td class=\"n\">"
              + two(m.get("expected"))
              + "</td><td class=\"n\">"
              + two(m.get("lower"))
              + " to "
              + two(m.get("upper"))
              + "</td>";
      assertThat(html).as(month).contains(row);
    }
    assertThat(html).contains(json.get("sentence").asText().substring(0, 20));
  }

  private static String two(com.fasterxml.jackson.databind.JsonNode n) {
    return new java.math.BigDecimal(n.asText())
        .setScale(2, java.math.RoundingMode.HALF_UP)
        .toPlainString();
  }

  /** Charts' clip-path ids differ by the order charts were drawn in the JVM: not text. */
  private static String withoutSvgIds(String html) {
    return html.replaceAll("c\\d+-clip", "c-clip").replaceAll("\"c\\d+-", "\"c-");
  }

  @Test
  void theDemoPackIsAsOf20OctoberWithSectionsInTheAgendasOrderAndNoCodesForNames()
      throws Exception {
    // the demo's own pack
    Path out = demo.resolve("pack");
    String pdf = pdfText(out.resolve("pack.pdf"));
    assertThat(pdf).contains("As of 20 Oct 2023");
    List<String> headings =
        List.of(
            "1. Actions outstanding",
            "2. SEC Panel reports",
            "3. Performance Measurement Report, August 2023",
            "4. Business Process Indicators, August 2023",
            "5. Regional view",
            "6. Risk register",
            "7. Major incident reviews",
            "8. Appendix: how these are calculated");
    int at = pdf.indexOf("Contents");
    assertThat(at).isPositive();
    // after the contents, each heading in order
    int from = at;
    int previous = from;
    for (String h : headings) {
      int found = pdf.indexOf(h, from);
      assertThat(found).as(h).isGreaterThanOrEqualTo(from);
      assertThat(found).as(h + " after the one before").isGreaterThanOrEqualTo(previous);
      previous = found;
    }
    // No identifier in upper case with underscores (PREPAYMENT_X, CSP_N, FIRMWARE_ACTIVATION,
    // 3G_SUNSET): every process, provider, region, component and event is named.
    Matcher m = Pattern.compile("\\b[A-Z0-9]*[A-Z][A-Z0-9]*(_[A-Z0-9]+)+\\b").matcher(pdf);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group());
    }
    assertThat(found).isEmpty();
    assertThat(pdf)
        .contains("Firmware activation")
        .contains("CSP North")
        .contains("11.3 Activate Firmware");
    assertThat(pdf)
        .doesNotContainPattern("\\b1 incidents\\b")
        .doesNotContainPattern("\\b1 actions\\b");
    assertThat(pdf).contains("in force from 1 Jan 2019");
  }

  @Test
  void cpm1SIsInTheLocalTableAndInNoNonComplianceCount() throws Exception {
    String html =
        Files.readString(
            pack("local", "2026-12-07T10:00:00Z", "--as-of", "2023-10-20").resolve("pack.html"));
    int code = html.indexOf("<h3>Code Performance Measures</h3>");
    int local = html.indexOf("<h3>Meterwatch&#39;s own measures (not the Code&#39;s)</h3>");
    int every = html.indexOf("<h3>Every line of the report</h3>");
    assertThat(code).isPositive().isLessThan(local);
    assertThat(local).isLessThan(every);
    String codeTable = html.substring(code, local);
    String localTable = html.substring(local, every);
    assertThat(codeTable).doesNotContain("CPM1-S");
    assertThat(localTable).contains("<td>CPM1-S</td>");
    int nc = codeTable.indexOf("<h3>Non-compliances</h3>");
    assertThat(codeTable.substring(nc)).doesNotContain("CPM1-S");
  }

  @Test
  void theIncidentTrendAndTheTwelveMonthMapAgreeWithTheRegister() throws Exception {
    String html =
        Files.readString(
            pack("trend", "2026-12-07T10:00:00Z", "--as-of", "2023-10-20").resolve("pack.html"));
    List<Incident> incidents;
    try (Store s = Store.open(store)) {
      Registers registers =
          new Registers(
              s,
              RuleBook.standard(),
              Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC));
      incidents = RegistersAsOf.of(registers, java.time.LocalDate.of(2023, 10, 20)).incidents();
    }
    List<ReportingMonth> months = new ArrayList<>();
    for (ReportingMonth m = ReportingMonth.of(2023, 8); months.size() < 12; m = m.previous()) {
      months.add(0, m);
    }
    IncidentTrend trend = IncidentTrend.of(incidents, months);
    // The table under the chart: one row per category, a cell per month, as the register says.
    for (var e : trend.byCategory().entrySet()) {
      StringBuilder row = new StringBuilder("<tr><td>Category " + e.getKey() + "</td>");
      for (long n : e.getValue()) {
        row.append("<td class=\"n\">").append(n).append("</td>");
      }
      assertThat(html).contains(row.append("</tr>").toString());
    }
    // The minutes' spike: seven category 1 and 2 incidents in July and August.
    assertThat(
            trend.of(ReportingMonth.of(2023, 7), 1, 2) + trend.of(ReportingMonth.of(2023, 8), 1, 2))
        .isEqualTo(7);
    // The map covers September 2022 to August 2023 and counts every incident open in it.
    assertThat(html).contains("Where incidents occurred, September 2022 to August 2023");
    long open =
        incidents.stream()
            .filter(i -> i.openedAt().isBefore(ReportingMonth.of(2023, 8).end()))
            .filter(i -> i.resolvedAt() == null || !i.resolvedAt().isBefore(months.get(0).start()))
            .count();
    assertThat(html)
        .contains(">Where incidents occurred, Sep 2022 to Aug 2023<")
        .contains(">Summary: " + open + " incidents (each counted once)");
    // The 20 August incident has no published review by 20 October: its cause is not
    // established, and 102/01 (naming Incident 1076111) is its next step.
    assertThat(html).contains("Not yet established");
    assertThat(html)
        .containsPattern(
            "DSP router</td><td class=\"n\">\\d+</td><td class=\"n\">\\d+</td><td>[^<]*</td><td>102/01: ");
  }
}
