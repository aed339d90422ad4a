package uk.meterwatch.report.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.report.pack.Pack.*;

class PackWriterTest {
  static final String USER_1 = "90-B3-D5-1F-30-01-00-01";
  static final String USER_2 = "90-B3-D5-1F-30-02-00-03";

  @TempDir Path dir;

  /** A small pack whose free text names Users, as registers sometimes do. */
  static Pack sample(String classification) {
    List<Point> points = new ArrayList<>();
    YearMonth m = YearMonth.of(2022, 9);
    for (int i = 0; i < 12; i++) {
      points.add(new Point(m.plusMonths(i).toString(), new BigDecimal(i == 11 ? "99.13" : "99.6")));
    }
    Performance perf =
        new Performance(
            List.of(
                new MeasureLine(
                    "CPM6",
                    "ALL",
                    "SSI availability",
                    "minutes",
                    new BigDecimal("99.13"),
                    new BigDecimal("99.5"),
                    new BigDecimal("98"),
                    Status.BELOW_TARGET,
                    new BigDecimal("99.60"),
                    new BigDecimal("44250"),
                    new BigDecimal("44640"),
                    0,
                    false),
                new MeasureLine(
                    "CPM4",
                    "ALL",
                    "Cat 1-2 incidents",
                    "incidents",
                    new BigDecimal("75.00"),
                    new BigDecimal("100"),
                    new BigDecimal("85"),
                    Status.BELOW_MINIMUM,
                    null,
                    new BigDecimal("3"),
                    new BigDecimal("4"),
                    1,
                    false),
                new MeasureLine(
                    "CPM1",
                    "ALL",
                    "On-demand responses",
                    "requests",
                    new BigDecimal("99.50"),
                    new BigDecimal("99"),
                    new BigDecimal("96"),
                    Status.TARGET_MET,
                    null,
                    new BigDecimal("199"),
                    new BigDecimal("200"),
                    0,
                    false,
                    2L),
                // A line of Meterwatch's own, per provider, below minimum, with 5-digit counts:
                // the widest a line of the table gets.
                new MeasureLine(
                    "CPM1-S",
                    "S1SP-DXC",
                    "On-demand Service Responses successful within the Target Response Time",
                    "requests",
                    new BigDecimal("77.35"),
                    new BigDecimal("99"),
                    new BigDecimal("96"),
                    Status.BELOW_MINIMUM,
                    new BigDecimal("78.99"),
                    new BigDecimal("21125"),
                    new BigDecimal("27312"),
                    4,
                    false,
                    0L,
                    true)),
            List.of(new Miss("CPM6", "390 minutes lost on 20 Aug (INC-1), raised by " + USER_1)),
            List.of(
                new Trend("CPM6", "ALL", new BigDecimal("99.5"), new BigDecimal("98"), points),
                new Trend("CPM6", "CSP-N", new BigDecimal("99.5"), new BigDecimal("98"), points)));
    Map<String, Long> slow = new LinkedHashMap<>();
    slow.put("First-time success", 8L);
    slow.put("Re-try success", 2L);
    slow.put("Subsequent success", 0L);
    Map<String, Long> buckets = new LinkedHashMap<>();
    buckets.put("First-time success", 900L);
    buckets.put("Re-try success", 50L);
    buckets.put("Incorrect certificate", 30L);
    buckets.put("Other failure", 20L);
    BpiProcess prepayment =
        new BpiProcess(
            "PREPAYMENT",
            1000,
            1100,
            80,
            20,
            950,
            95.0,
            88.5,
            buckets,
            Map.of("E99", 20L),
            new TimeToSuccess(950, 12.0, 300.0, 800, 900, 940, 10),
            List.of(new UserLine(USER_2, 100, 40, 40.0, 150, 30, true)),
            Map.of("SUPPLIER_SWITCH", 0L),
            24,
            slow,
            94.0,
            Map.of(
                "SMETS generation",
                List.of(
                    new SplitLine("SMETS1", 400, 370, 92.5, 4),
                    new SplitLine("SMETS2", 600, 580, 96.67, 6))),
            new Change(
                "2023-07",
                900,
                96.0,
                -1.0,
                List.of(new Mover(USER_2, "10 at 80.00 %", "100 at 40.00 %", -1.2)),
                List.of(new Mover("Incorrect certificate", "2.00 %", "3.00 %", -1.0))));
    return new Pack(
        new Cover(
            "2023-08",
            classification,
            LocalDate.of(2023, 9, 5),
            "5 Sep 2023 10:00 BST",
            7,
            12345,
            3,
            12000,
            List.of(LocalDate.of(2023, 8, 14))),
        RuleBook.standard().inForce(ReportingMonth.of(2023, 8)),
        PackSection.OPSG_AGENDA,
        perf,
        List.of(prepayment),
        new Regional(List.of("2023-07", "2023-08"), Map.of("CSP-N", List.of(97.1, 96.8))),
        new Incidents(
            List.of(
                new IncidentLine(
                    "INC-1",
                    1,
                    "Router memory leak; " + USER_1 + " reported it",
                    "2023-08-20 06:10",
                    "2023-08-20 12:40",
                    6.5,
                    4.0,
                    true,
                    "DSP core services",
                    "Not yet established"),
                new IncidentLine(
                    "INC000001074087",
                    2,
                    "S1SP DXC degraded, SMETS1 requests failing",
                    "2023-08-09 08:40",
                    "2023-08-09 20:40",
                    12.0,
                    8.0,
                    false,
                    "S1SP DXC (SMETS1), DUIS interface, SMKI Repository",
                    "Third party")),
            List.of("2023-07", "2023-08"),
            Map.of(1, List.of(0L, 1L)),
            null,
            "July 2023 to August 2023",
            List.of(),
            List.of()),
        new Risks(List.of(new RiskLine("R1", "3G sunsetting", 4, 5, "Critical", "DCC")), 15),
        List.of(
            new ActionLine(
                "105/01",
                "Ask " + USER_2 + " about duplicates",
                "SECAS",
                "2023-09-05",
                "2023-08-31",
                null,
                "OPEN",
                true)),
        new RdpReport(
            List.of(new RdpLine("RDP-1", "Gas RDP", "late file", "2023-08-03 11:30", "")),
            List.of(),
            List.of(new RdpLine("RDP-1", "Gas RDP", "late file", "2023-08-03 11:30", ""))),
        List.of());
  }

  @Test
  void aClearPackNamesNoUserInHtmlOrPdf() throws Exception {
    Anonymiser anon = Anonymiser.of(List.of(USER_2), List.of(USER_1));
    PackWriter.Written w = PackWriter.write(sample("CLEAR"), anon, dir);

    String html = Files.readString(w.html());
    String pdf = pdfText(w.pdf());
    for (String text : List.of(html, pdf)) {
      assertThat(text).doesNotContainIgnoringCase(USER_1).doesNotContainIgnoringCase(USER_2);
      assertThat(text).contains("User A").contains("User B");
    }
    // BPI order first: the flagged User is User A, like `meterwatch bpi --publish`.
    assertThat(html).contains("<td>User A</td>").contains("Ask User A about duplicates");
    assertThat(html).contains("raised by User B");
    assertThat(w.pages()).isGreaterThan(5);
  }

  @Test
  void chartsAreInlineSvgAndEveryPageIsMarked() throws Exception {
    PackWriter.Written w = PackWriter.write(sample("CLEAR"), Anonymiser.none(), dir);
    String html = Files.readString(w.html());
    // The requests the DCC rejected, under the PMR table (docs/measures.md).
    assertThat(html).contains("left out of the populations above: CPM1: rejected by the DCC: 2.");
    // Each definition says where it comes from; a local one is never shown as official.
    assertThat(html)
        .contains(
            "<em>Source: SEC Section H13.1; DCC Performance Measurement Methodology (2018), p.3</em>")
        .contains("<em>Source: local (Meterwatch&#39;s own reading");
    // trend (overall and a provider: one figure) + incident trend + waterfall + time to success
    // + success rates + regional
    assertThat(html.split("<svg", -1).length - 1).isEqualTo(6);
    assertThat(html)
        .doesNotContain("http://fonts")
        .doesNotContain("<link")
        .doesNotContain("<script");
    assertThat(html).contains("Below target").contains("Below minimum").contains("-0.47");
    // The appendix says what docs/bpi.md says of duplicates and certificates.
    assertThat(html)
        .contains("or sent while the previous attempt had no final response yet, is a duplicate")
        .contains("except in a change of supply");
    try (PDDocument doc = Loader.loadPDF(w.pdf().toFile())) {
      PDFTextStripper s = new PDFTextStripper();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        s.setStartPage(p);
        s.setEndPage(p);
        assertThat(s.getText(doc)).as("page %d", p).contains("CLEAR");
      }
    }
  }

  /** Quotes, a backslash and XML's characters in the marking: still at the top and bottom. */
  @Test
  void aMarkingWithQuotesAndBackslashesIsOnEveryPage() throws Exception {
    String marking = "OFFICIAL \"SENSITIVE\" <&> \\";
    PackWriter.Written w = PackWriter.write(sample(marking), Anonymiser.none(), dir);
    try (PDDocument doc = Loader.loadPDF(w.pdf().toFile())) {
      PDFTextStripper s = new PDFTextStripper();
      for (int p = 1; p <= doc.getNumberOfPages(); p++) {
        s.setStartPage(p);
        s.setEndPage(p);
        String page = s.getText(doc);
        assertThat(page.split(java.util.regex.Pattern.quote(marking), -1).length - 1)
            .as("markings on page %d", p)
            .isGreaterThanOrEqualTo(2);
        assertThat(page).as("page %d", p).contains("Page " + p + " of ");
      }
    }
  }

  /** The PDF's built-in fonts have Latin-1 only: Welsh and Polish letters came out as '#'. */
  @Test
  void lettersBeyondLatin1AreInThePdf() throws Exception {
    String marking = "OFFICIAL Łódź ŵ Ελλάδα ☃";
    PackWriter.Written w = PackWriter.write(sample(marking), Anonymiser.none(), dir);
    String text = pdfText(w.pdf());
    assertThat(text).contains(marking).doesNotContain("#ód#");
  }

  static String pdfText(Path pdf) throws Exception {
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      return new PDFTextStripper().getText(doc);
    }
  }
}
