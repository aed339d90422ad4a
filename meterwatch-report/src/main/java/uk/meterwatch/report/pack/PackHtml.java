package uk.meterwatch.report.pack;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.report.chart.Charts;
import uk.meterwatch.report.pack.Pack.ActionLine;
import uk.meterwatch.report.pack.Pack.BpiProcess;
import uk.meterwatch.report.pack.Pack.IncidentLine;
import uk.meterwatch.report.pack.Pack.MeasureLine;
import uk.meterwatch.report.pack.Pack.Miss;
import uk.meterwatch.report.pack.Pack.ReviewLine;
import uk.meterwatch.report.pack.Pack.RiskLine;
import uk.meterwatch.report.pack.Pack.Status;
import uk.meterwatch.report.pack.Pack.Trend;
import uk.meterwatch.report.pack.Pack.UserLine;

/**
 * The pack as one self-contained XHTML document: styles and SVG charts inline, no external
 * resource, so it opens offline and openhtmltopdf renders the very same text to PDF. Plain Java
 * string building; every value from data goes through {@link #esc}.
 */
public final class PackHtml {
  private final Pack pack;
  private final StringBuilder h = new StringBuilder(1 << 20);

  private PackHtml(Pack pack) {
    this.pack = pack;
  }

  /** The document, before anonymisation (see {@link PackWriter}). */
  public static String render(Pack pack) {
    return new PackHtml(pack).document();
  }

  private String document() {
    String cls = esc(pack.cover().classification());
    h.append(
            "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\">\n<head>\n")
        .append("<meta charset=\"UTF-8\"/>\n<title>Meterwatch monthly pack ")
        .append(esc(pack.cover().month()))
        .append(" (")
        .append(cls)
        .append(")</title>\n<style>\n")
        .append(css(pack.cover().classification()))
        .append("</style>\n</head>\n<body>\n")
        .append("<div class=\"marking screen\">")
        .append(cls)
        .append("</div>\n");
    cover();
    summary();
    performance();
    bpi();
    regional();
    incidents();
    risks();
    actions();
    appendix();
    h.append("<div class=\"marking screen\">").append(cls).append("</div>\n</body>\n</html>\n");
    return h.toString();
  }

  /**
   * The style sheet, with the classification as the marking of every printed page. It goes into CSS
   * strings inside a style element that the PDF renderer reads as XML and a browser as HTML: every
   * character but letters, digits, spaces and plain punctuation is written as a CSS escape, which
   * reads the same in both (an escaped &quot; ended the string, and the marking with it).
   */
  /** The font family of the PDF (PackWriter registers it; printed from a browser, Arial). */
  static final String PDF_FONT = "DejaVu Sans";

  static String css(String classification) {
    StringBuilder marking = new StringBuilder();
    (classification == null ? "" : classification)
        .codePoints()
        .forEach(
            c -> {
              if (Character.isLetterOrDigit(c) || " .,:;-_/()+".indexOf(c) >= 0) {
                marking.appendCodePoint(c);
              } else {
                marking.append('\\').append(Integer.toHexString(c)).append(' ');
              }
            });
    return """
        @page { size: A4; margin: 18mm 14mm 18mm 14mm;
          @top-center { content: "%1$s"; font-family: "DejaVu Sans", sans-serif; font-size: 10pt; font-weight: bold; }
          @bottom-center { content: "%1$s"; font-family: "DejaVu Sans", sans-serif; font-size: 10pt; font-weight: bold; }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); font-family: "DejaVu Sans", sans-serif; font-size: 9pt; } }
        @media print { .screen { display: none; } }
        body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; font-size: 11pt; line-height: 1.35; margin: 0 auto; max-width: 1000px; }
        @media print { body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; } }
        .marking { background: #0b0c0c; color: #ffffff; font-weight: bold; text-align: center; padding: 4px; letter-spacing: 1px; }
        section { padding: 0 10px; }
        section.page { page-break-before: always; }
        h1 { font-size: 26pt; margin: 12px 0 8px 0; }
        h2 { font-size: 17pt; border-bottom: 3px solid #1d70b8; padding-bottom: 3px; margin-top: 18px; }
        h3 { font-size: 13pt; margin: 14px 0 4px 0; }
        table { border-collapse: collapse; width: 100%%; margin: 6px 0 12px 0; font-size: 9.5pt; }
        th, td { border-bottom: 1px solid #b1b4b6; padding: 3px 5px; text-align: left; vertical-align: top; }
        th { background: #f3f2f1; }
        td.n, th.n { text-align: right; }
        tr { page-break-inside: avoid; }
        .status { font-weight: bold; color: #ffffff; padding: 1px 5px; white-space: nowrap; }
        .chart { width: 100%%; margin: 4px 0 10px 0; page-break-inside: avoid; }
        .chart svg { width: 100%%; height: auto; }
        .grid { width: 100%%; }
        .grid td { border: none; width: 50%%; padding: 0 4px; }
        .note { color: #505a5f; font-size: 9.5pt; }
        .multiple { display: inline-block; width: 32%%; vertical-align: top; page-break-inside: avoid; }
        .multiple svg { width: 100%%; height: auto; }
        table.wide { table-layout: fixed; font-size: 8pt; }
        td.nw { white-space: nowrap; }
        table.wide td, table.wide th { word-wrap: break-word; overflow-wrap: break-word; }
        .warn { border-left: 5px solid #d4351c; padding: 4px 8px; background: #fef7f6; }
        .heat td { width: 16%%; height: 34px; text-align: center; border: 1px solid #ffffff; font-size: 9pt; }
        .keep { page-break-inside: avoid; }
        .definition { margin: 4px 0 10px 0; }
        """
        .formatted(marking);
  }

  // ---- 1. Cover --------------------------------------------------------------------------------

  private void cover() {
    Pack.Cover c = pack.cover();
    h.append("<section class=\"cover\">\n<p class=\"note\">Meterwatch</p>\n")
        .append("<h1>Operational performance pack: ")
        .append(esc(monthName(c.month())))
        .append("</h1>\n<table>\n");
    row("Month", c.month() + " (Europe/London calendar month)");
    row("Classification", c.classification());
    row("Date made", c.made());
    row(
        "Rule set in force",
        pack.ruleSet().name() + " (from " + pack.ruleSet().effectiveFrom() + ")");
    row("Data loads", String.format(Locale.UK, "%,d", c.loads()));
    row("Rows loaded", String.format(Locale.UK, "%,d", c.rowsLoaded()));
    row("Rows quarantined", String.format(Locale.UK, "%,d", c.rowsQuarantined()));
    row("Service requests in the month", String.format(Locale.UK, "%,d", c.requestsInMonth()));
    h.append("</table>\n");
    if (c.daysWithoutTraffic().isEmpty()) {
      h.append("<p>Data coverage: every day of the month has traffic.</p>\n");
    } else {
      h.append("<p class=\"warn\"><strong>Gaps in the data: ")
          .append(c.daysWithoutTraffic().size())
          .append(c.daysWithoutTraffic().size() == 1 ? " day" : " days")
          .append(" with no traffic: </strong>")
          .append(
              esc(
                  String.join(
                      ", ", c.daysWithoutTraffic().stream().map(Object::toString).toList())))
          .append(". Measures for the month may be incomplete.</p>\n");
    }
    if (!pack.omitted().isEmpty()) {
      h.append("<p><strong>Sections not in this pack:</strong></p>\n<ul>\n");
      pack.omitted().forEach(o -> h.append("<li>").append(esc(o)).append("</li>\n"));
      h.append("</ul>\n");
    }
    h.append("<h3>Contents</h3>\n<ol>\n");
    for (String s :
        List.of(
            "Summary of service levels",
            "Performance Measurement Report and trends",
            "Business Process Indicators",
            "Regional view",
            "Incidents",
            "Risk register",
            "Action log",
            "Appendix: how these are calculated")) {
      h.append("<li>").append(s).append("</li>\n");
    }
    h.append("</ol>\n</section>\n");
  }

  // ---- 2. Summary ------------------------------------------------------------------------------

  private void summary() {
    h.append("<section class=\"page\">\n<h2>1. Summary of service levels</h2>\n");
    if (pack.performance() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    h.append(
        "<table>\n<tr><th>Measure</th><th>Name</th><th class=\"n\">Value %</th>"
            + "<th class=\"n\">Target %</th><th class=\"n\">Minimum %</th><th>Status</th>"
            + "<th class=\"n\">Change on last month</th></tr>\n");
    for (MeasureLine l : pack.performance().lines()) {
      if (l.overall()) {
        measureRow(l, true);
      }
    }
    h.append(
        "</table>\n<p class=\"note\">Status is decided on the exact fraction; values are rounded"
            + " to 2 decimals. Change is in percentage points.</p>\n");
    List<Miss> misses = pack.performance().misses();
    if (!misses.isEmpty()) {
      h.append("<h3>Where the misses came from</h3>\n<ul>\n");
      for (Miss m : misses) {
        h.append("<li><strong>")
            .append(esc(m.measureId()))
            .append(":</strong> ")
            .append(esc(m.sentence()))
            .append("</li>\n");
      }
      h.append("</ul>\n");
    }
    List<MeasureLine> nc =
        pack.performance().lines().stream().filter(MeasureLine::nonCompliance).toList();
    if (!nc.isEmpty()) {
      h.append("<h3>Non-compliances</h3>\n<ul>\n");
      for (MeasureLine l : nc) {
        h.append("<li>")
            .append(esc(l.label()))
            .append(": below minimum for ")
            .append(l.consecutiveBelowMinimum())
            .append(" consecutive months</li>\n");
      }
      h.append("</ul>\n");
    }
    h.append("</section>\n");
  }

  private void measureRow(MeasureLine l, boolean withName) {
    h.append("<tr><td>").append(esc(l.label())).append("</td>");
    if (withName) {
      h.append("<td>").append(esc(l.name())).append("</td>");
    }
    h.append("<td class=\"n\">")
        .append(pct(l.value()))
        .append("</td>")
        .append("<td class=\"n\">")
        .append(num(l.target()))
        .append("</td>")
        .append("<td class=\"n\">")
        .append(num(l.minimum()))
        .append("</td>")
        .append("<td>")
        .append(status(l.status()))
        .append("</td>")
        .append("<td class=\"n\">")
        .append(change(l.value(), l.previousValue()))
        .append("</td></tr>\n");
  }

  /**
   * How many requests the DCC rejected each request measure left out of its population (an error
   * acknowledgement and no response: docs/measures.md), when any measure counts them.
   */
  private void rejected() {
    List<String> counts = new ArrayList<>();
    for (MeasureLine l : pack.performance().lines()) {
      if (l.rejected() != null && l.overall()) {
        counts.add(esc(l.id()) + ": rejected by the DCC: " + l.rejected());
      }
    }
    if (!counts.isEmpty()) {
      h.append("<p class=\"note\">Requests the DCC rejected (answered only by an error")
          .append(" acknowledgement), left out of the populations above: ")
          .append(String.join("; ", counts))
          .append(".</p>\n");
    }
  }

  static String status(Status s) {
    return "<span class=\"status\" style=\"background:" + s.colour() + "\">" + s.word() + "</span>";
  }

  static String change(BigDecimal now, BigDecimal before) {
    if (now == null || before == null) {
      return "n/a";
    }
    BigDecimal d = now.subtract(before).setScale(2, RoundingMode.HALF_UP);
    return (d.signum() > 0 ? "+" : "") + d.toPlainString();
  }

  // ---- 3. PMR table and trends ------------------------------------------------------------------

  private void performance() {
    h.append("<section class=\"page\">\n<h2>2. Performance Measurement Report</h2>\n");
    if (pack.performance() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    h.append(
        "<table>\n<tr><th>Line</th><th>Unit</th><th class=\"n\">Within</th>"
            + "<th class=\"n\">Population</th><th class=\"n\">Value %</th><th class=\"n\">Target %</th>"
            + "<th class=\"n\">Minimum %</th><th>Status</th><th class=\"n\">Change</th></tr>\n");
    for (MeasureLine l : pack.performance().lines()) {
      h.append("<tr><td>")
          .append(esc(l.label()))
          .append("</td><td>")
          .append(esc(l.unit()))
          .append("</td><td class=\"n\">")
          .append(count(l.within()))
          .append("</td><td class=\"n\">")
          .append(count(l.population()))
          .append("</td>")
          .append("<td class=\"n\">")
          .append(pct(l.value()))
          .append("</td>")
          .append("<td class=\"n\">")
          .append(num(l.target()))
          .append("</td>")
          .append("<td class=\"n\">")
          .append(num(l.minimum()))
          .append("</td>")
          .append("<td>")
          .append(status(l.status()))
          .append("</td>")
          .append("<td class=\"n\">")
          .append(change(l.value(), l.previousValue()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n");
    rejected();
    Map<String, List<Trend>> byMeasure = new LinkedHashMap<>();
    for (Trend t : pack.performance().trends()) {
      byMeasure.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
    }
    for (Map.Entry<String, List<Trend>> e : byMeasure.entrySet()) {
      h.append("<div class=\"keep\">\n<h3>")
          .append(esc(e.getKey()))
          .append(": 12-month trend</h3>\n");
      Trend all =
          e.getValue().stream().filter(t -> "ALL".equals(t.scope())).findFirst().orElse(null);
      if (all != null) {
        chart(trendSvg(e.getKey() + " overall", all, 720, 280));
      }
      h.append("</div>\n");
      List<Trend> providers = e.getValue().stream().filter(t -> !"ALL".equals(t.scope())).toList();
      if (!providers.isEmpty()) {
        h.append("<div class=\"keep\">\n<h3>")
            .append(esc(e.getKey()))
            .append(" by provider</h3>\n")
            .append("<table class=\"grid\">\n");
        for (int i = 0; i < providers.size(); i += 2) {
          h.append("<tr>");
          for (int j = i; j < i + 2; j++) {
            h.append("<td>");
            if (j < providers.size()) {
              Trend t = providers.get(j);
              chart(trendSvg(e.getKey() + " " + t.scope(), t, 460, 250));
            }
            h.append("</td>");
          }
          h.append("</tr>\n");
        }
        h.append("</table>\n</div>\n");
      }
    }
    h.append("</section>\n");
  }

  private static String trendSvg(String title, Trend t, int w, int ht) {
    return Charts.trend(
        title,
        t.points().stream().map(p -> shortMonth(p.month())).toList(),
        t.points().stream().map(Pack.Point::value).toList(),
        t.target(),
        t.minimum(),
        w,
        ht);
  }

  // ---- 4. BPIs ---------------------------------------------------------------------------------

  private void bpi() {
    h.append("<section class=\"page\">\n<h2>3. Business Process Indicators</h2>\n");
    if (pack.bpi() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    h.append(
        "<table>\n<tr><th>Process</th><th class=\"n\">Transactions</th><th class=\"n\">Requests</th>"
            + "<th class=\"n\">Retries</th><th class=\"n\">Duplicates</th><th class=\"n\">Successes</th>"
            + "<th class=\"n\">Success % (trans.)</th><th class=\"n\">Success % (naive)</th>"
            + "<th class=\"n\">Flagged</th></tr>\n");
    for (BpiProcess p : pack.bpi()) {
      h.append("<tr><td>")
          .append(esc(p.process()))
          .append("</td>")
          .append(td(p.transactions()))
          .append(td(p.requests()))
          .append(td(p.retries()))
          .append(td(p.duplicates()))
          .append(td(p.successes()))
          .append("<td class=\"n\">")
          .append(rate(p.successRate()))
          .append("</td>")
          .append("<td class=\"n\">")
          .append(rate(p.requestSuccessRate()))
          .append("</td>")
          .append(td(p.users().stream().filter(UserLine::flagged).count()))
          .append("</tr>\n");
    }
    h.append("</table>\n");
    boolean first = true;
    for (BpiProcess p : pack.bpi()) {
      h.append(first ? "<div>" : "<div class=\"page\" style=\"page-break-before: always\">");
      first = false;
      h.append("<h3>").append(esc(p.process())).append("</h3>\n");
      if (p.transactions() == 0) {
        h.append("<p>No transactions this month.</p>\n</div>\n");
        continue;
      }
      h.append("<p>")
          .append(String.format(Locale.UK, "%,d", p.transactions()))
          .append(" transactions (")
          .append(String.format(Locale.UK, "%,d", p.requests()))
          .append(" requests). Transaction success ")
          .append(rate(p.successRate()))
          .append(" %; counted per request (naive) ")
          .append(rate(p.requestSuccessRate()))
          .append(" %.</p>\n");
      chart(
          Charts.waterfall(
              p.process() + ": success waterfall (transactions)", p.buckets(), 720, 330));
      h.append("<table>\n<tr>");
      p.buckets()
          .keySet()
          .forEach(k -> h.append("<th class=\"n\">").append(esc(k)).append("</th>"));
      h.append("<th class=\"n\">Total</th></tr>\n<tr>");
      p.buckets().values().forEach(v -> h.append(td(v)));
      h.append(td(p.buckets().values().stream().mapToLong(Long::longValue).sum()))
          .append("</tr>\n</table>\n");
      Map<String, Long> dist = distribution(p.timeToSuccess());
      Map<String, Double> rates = new LinkedHashMap<>();
      rates.put("Naive (per request)", p.requestSuccessRate());
      rates.put("Transaction", p.successRate());
      h.append("<table class=\"grid\"><tr><td>");
      chart(
          Charts.bars(
              p.process() + ": time to success",
              "Time from first request",
              "Transactions",
              dist,
              460,
              270));
      h.append("</td><td>");
      chart(Charts.percentBars(p.process() + ": success rate", "% successful", rates, 460, 270));
      h.append("</td></tr></table>\n");
      Pack.TimeToSuccess t = p.timeToSuccess();
      h.append("<p class=\"note\">Median time to success ")
          .append(seconds(t.medianS()))
          .append(", 95th percentile ")
          .append(seconds(t.p95S()))
          .append(".</p>\n");
      if (!p.otherFailureCodes().isEmpty()) {
        h.append("<p class=\"note\">Other failures by code: ");
        List<String> parts = new ArrayList<>();
        p.otherFailureCodes().forEach((k, v) -> parts.add(k + " " + v));
        h.append(esc(String.join(", ", parts))).append(".</p>\n");
      }
      List<UserLine> flagged = p.users().stream().filter(UserLine::flagged).toList();
      h.append("<h3>Flagged Users</h3>\n");
      if (flagged.isEmpty()) {
        h.append("<p>No User flagged.</p>\n");
      } else {
        h.append(
            "<table>\n<tr><th>User</th><th class=\"n\">Transactions</th><th class=\"n\">Successes</th>"
                + "<th class=\"n\">Success %</th><th class=\"n\">Requests</th><th class=\"n\">Duplicates</th></tr>\n");
        for (UserLine u : flagged) {
          h.append("<tr><td>")
              .append(esc(u.user()))
              .append("</td>")
              .append(td(u.transactions()))
              .append(td(u.successes()))
              .append("<td class=\"n\">")
              .append(rate(u.successRate()))
              .append("</td>")
              .append(td(u.requests()))
              .append(td(u.duplicates()))
              .append("</tr>\n");
        }
        h.append("</table>\n");
      }
      long useCases = p.useCases().values().stream().mapToLong(Long::longValue).sum();
      if (useCases > 0) {
        h.append(
            "<h3>Use cases</h3>\n<table>\n<tr><th>Use case</th><th class=\"n\">Transactions</th>"
                + "<th class=\"n\">Share %</th></tr>\n");
        p.useCases()
            .forEach(
                (k, v) ->
                    h.append("<tr><td>")
                        .append(esc(words(k)))
                        .append("</td>")
                        .append(td(v))
                        .append("<td class=\"n\">")
                        .append(rate(100.0 * v / useCases))
                        .append("</td></tr>\n"));
        h.append("</table>\n");
      }
      h.append("</div>\n");
    }
    h.append("</section>\n");
  }

  /** The engine's cumulative counts as exclusive bands that add up to the successes. */
  static Map<String, Long> distribution(Pack.TimeToSuccess t) {
    Map<String, Long> d = new LinkedHashMap<>();
    d.put("Within target", t.withinTarget());
    d.put("Target to 1 h", t.within1h() - t.withinTarget());
    d.put("1 h to 24 h", t.within24h() - t.within1h());
    d.put("Over 24 h", t.over24h());
    return d;
  }

  // ---- 5. Regional -----------------------------------------------------------------------------

  private void regional() {
    h.append("<section class=\"page\">\n<h2>4. Regional view</h2>\n");
    if (pack.regional() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    h.append(
        "<p>Share of service requests answered with success (I0), by region (the provider"
            + " serving the device), month by month.</p>\n");
    chart(
        Charts.lines(
            "Success by region",
            "% of requests successful",
            pack.regional().months().stream().map(PackHtml::shortMonth).toList(),
            pack.regional().successByRegion(),
            720,
            330));
    h.append("<table>\n<tr><th>Region</th>");
    for (String m : pack.regional().months()) {
      h.append("<th class=\"n\">").append(esc(m.substring(2))).append("</th>");
    }
    h.append("</tr>\n");
    pack.regional()
        .successByRegion()
        .forEach(
            (region, values) -> {
              h.append("<tr><td>").append(esc(region)).append("</td>");
              values.forEach(
                  v ->
                      h.append("<td class=\"n\">")
                          .append(v == null ? "" : String.format(Locale.UK, "%.1f", v))
                          .append("</td>"));
              h.append("</tr>\n");
            });
    h.append("</table>\n");
    areas(pack.regional().months(), pack.regional().areas());
    h.append("</section>\n");
  }

  /** Small multiples of success by area, the event study's verdict and how it is calculated. */
  private void areas(List<String> months, Pack.Areas a) {
    if (a == null) {
      return;
    }
    h.append("<h3>By area: ").append(esc(a.subject())).append("</h3>\n");
    if (a.sentence() != null) {
      h.append("<p><strong>").append(esc(a.event())).append(":</strong> ");
      h.append(esc(a.sentence())).append("</p>\n");
      if (!a.areaSentences().isEmpty()) {
        h.append("<ul>\n");
        a.areaSentences().forEach(x -> h.append("<li>").append(esc(x)).append("</li>\n"));
        h.append("</ul>\n");
      }
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<Double> values : a.successByArea().values()) {
      for (Double v : values) {
        if (v != null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    List<String> shortMonths = months.stream().map(PackHtml::shortMonth).toList();
    h.append("<div class=\"multiples\">\n");
    for (Map.Entry<String, List<Double>> e : a.successByArea().entrySet()) {
      String eventMonth = a.eventMonthOfArea().get(e.getKey());
      String title =
          e.getKey()
              + " ("
              + a.regionOfArea().getOrDefault(e.getKey(), "")
              + ")"
              + (eventMonth == null ? "" : " " + a.event() + " " + eventMonth);
      h.append("<div class=\"multiple\">")
          .append(
              inline(
                  Charts.panel(
                      title,
                      shortMonths,
                      e.getValue(),
                      lo,
                      hi,
                      eventMonth == null ? null : shortMonth(eventMonth),
                      240,
                      150)))
          .append("</div>\n");
    }
    h.append("</div>\n");
    h.append("<p class=\"note\"><strong>How this is calculated.</strong> ")
        .append(esc(a.howCalculated()))
        .append("</p>\n");
  }

  // ---- 6. Incidents ----------------------------------------------------------------------------

  private void incidents() {
    h.append("<section class=\"page\">\n<h2>5. Incidents</h2>\n");
    if (pack.incidents() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    List<IncidentLine> lines = pack.incidents().lines();
    if (lines.isEmpty()) {
      h.append("<p>No incident opened or open in the month.</p>\n");
    } else {
      h.append(
          "<table class=\"wide\">\n<colgroup><col style=\"width:14%\"/><col style=\"width:5%\"/>"
              + "<col style=\"width:18%\"/><col style=\"width:10%\"/><col style=\"width:10%\"/>"
              + "<col style=\"width:6%\"/><col style=\"width:7%\"/><col style=\"width:9%\"/>"
              + "<col style=\"width:11%\"/><col style=\"width:10%\"/></colgroup>\n"
              + "<tr><th>Incident</th><th>Cat.</th><th>Title</th><th>Opened</th><th>Resolved</th>"
              + "<th class=\"n\">Hours</th><th class=\"n\">Target h</th><th>Against target</th>"
              + "<th>Components</th><th>Cause</th></tr>\n");
      for (IncidentLine i : lines) {
        h.append("<tr><td>")
            .append(esc(i.id()))
            .append(i.major() ? " (major)" : "")
            .append("</td><td>")
            .append(i.category())
            .append("</td><td>")
            .append(esc(i.title()))
            .append("</td><td>")
            .append(esc(i.opened()))
            .append("</td><td>")
            .append(esc(i.resolved() == null ? "open" : i.resolved()))
            .append("</td><td class=\"n\">")
            .append(String.format(Locale.UK, "%.1f", i.hours()))
            .append("</td><td class=\"n\">")
            .append(
                i.targetHours() == null ? "" : String.format(Locale.UK, "%.0f", i.targetHours()))
            .append("</td><td>")
            .append(
                i.withinTarget()
                    ? status(Status.TARGET_MET).replace("Target met", "Within")
                    : status(Status.BELOW_MINIMUM).replace("Below minimum", "Over target"))
            .append("</td><td>")
            .append(esc(i.components()))
            .append("</td><td>")
            .append(esc(i.cause()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    if (pack.incidents().mapSvg() != null) {
      h.append("<div class=\"keep\"><h3>Architecture incident map</h3>\n");
      chart(pack.incidents().mapSvg());
      h.append("</div>\n");
    }
    if (pack.incidents().reviews() != null) {
      h.append("<h3>Major incident reviews (latest published version)</h3>\n");
      if (pack.incidents().reviews().isEmpty()) {
        h.append("<p>No published review for the month's major incidents.</p>\n");
      }
      for (ReviewLine r : pack.incidents().reviews()) {
        h.append("<div class=\"keep\"><p><strong>")
            .append(esc(r.incidentId()))
            .append(", version ")
            .append(r.version())
            .append("</strong>, published ")
            .append(esc(r.published()))
            .append("</p>\n<table>\n");
        r.rag()
            .forEach(
                (area, rag) ->
                    h.append("<tr><td>")
                        .append(esc(area))
                        .append("</td><td>")
                        .append(rag(rag))
                        .append("</td></tr>\n"));
        row("Root cause", r.rootCause());
        row("Summary", r.summary());
        row("Follow-up actions", String.join(", ", r.actions()));
        h.append("</table></div>\n");
      }
    }
    h.append("</section>\n");
  }

  static String rag(String rag) {
    if (rag == null) {
      return "not rated";
    }
    String colour =
        switch (rag.toUpperCase(Locale.ROOT)) {
          case "RED" -> "#d4351c";
          case "AMBER" -> "#b35900";
          case "GREEN" -> "#00703c";
          default -> "#505a5f";
        };
    return "<span class=\"status\" style=\"background:" + colour + "\">" + esc(rag) + "</span>";
  }

  // ---- 7. Risks and actions --------------------------------------------------------------------

  private void risks() {
    h.append("<section class=\"page\">\n<h2>6. Risk register</h2>\n");
    if (pack.risks() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    List<RiskLine> risks = pack.risks().lines();
    Map<Integer, List<String>> cells = new TreeMap<>();
    for (RiskLine r : risks) {
      cells.computeIfAbsent(r.likelihood() * 10 + r.impact(), k -> new ArrayList<>()).add(r.id());
    }
    h.append("<p>Severity = likelihood x impact. Cells at ")
        .append(pack.risks().escalationThreshold())
        .append(" and above (bold border) are escalated to the SEC Panel.</p>\n");
    h.append("<table class=\"heat\">\n");
    for (int l = 5; l >= 1; l--) {
      h.append("<tr><th>").append(l == 5 ? "Likelihood 5" : String.valueOf(l)).append("</th>");
      for (int i = 1; i <= 5; i++) {
        int sev = l * i;
        boolean escalated = sev >= pack.risks().escalationThreshold();
        h.append("<td style=\"background:")
            .append(heat(sev))
            .append(";")
            .append(escalated ? "border:3px solid #0b0c0c;" : "")
            .append("\">")
            .append("<span class=\"note\">")
            .append(sev)
            .append("</span><br/>")
            .append(esc(String.join(", ", cells.getOrDefault(l * 10 + i, List.of()))))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("<tr><th></th>");
    for (int i = 1; i <= 5; i++) {
      h.append("<th>").append(i == 1 ? "Impact 1" : String.valueOf(i)).append("</th>");
    }
    h.append("</tr>\n</table>\n");
    List<RiskLine> escalated =
        risks.stream()
            .filter(r -> r.severity() >= pack.risks().escalationThreshold())
            .sorted(
                Comparator.comparingInt(RiskLine::severity).reversed().thenComparing(RiskLine::id))
            .toList();
    h.append("<h3>Escalated risks</h3>\n");
    if (escalated.isEmpty()) {
      h.append("<p>No risk at or above the escalation threshold.</p>\n");
    } else {
      h.append(
          "<table>\n<tr><th>Risk</th><th>Title</th><th class=\"n\">L</th><th class=\"n\">I</th>"
              + "<th class=\"n\">Severity</th><th>Band</th><th>Owner</th></tr>\n");
      for (RiskLine r : escalated) {
        h.append("<tr><td>")
            .append(esc(r.id()))
            .append("</td><td>")
            .append(esc(r.title()))
            .append("</td>")
            .append(td(r.likelihood()))
            .append(td(r.impact()))
            .append(td(r.severity()))
            .append("<td>")
            .append(esc(r.band()))
            .append("</td><td>")
            .append(esc(r.owner()))
            .append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    h.append("</section>\n");
  }

  static String heat(int severity) {
    if (severity >= 20) {
      return "#f4b5ab";
    }
    if (severity >= 15) {
      return "#fbd3b0";
    }
    if (severity >= 8) {
      return "#fff2a8";
    }
    return "#cce2d8";
  }

  private void actions() {
    h.append("<section class=\"page\">\n<h2>7. Action log</h2>\n");
    if (pack.actions() == null) {
      h.append("<p class=\"note\">Not in this pack (see the cover).</p>\n</section>\n");
      return;
    }
    List<ActionLine> sorted = new ArrayList<>(pack.actions());
    sorted.sort(Comparator.comparing((ActionLine a) -> !a.overdue()));
    long overdue = sorted.stream().filter(ActionLine::overdue).count();
    h.append("<p>")
        .append(overdue)
        .append(overdue == 1 ? " action is" : " actions are")
        .append(" overdue (listed first).</p>\n");
    h.append(
        "<table>\n<tr><th>Ref</th><th>Action</th><th>Owner</th><th>Raised</th><th>Target</th>"
            + "<th>Revised target</th><th>Status</th></tr>\n");
    for (ActionLine a : sorted) {
      h.append("<tr><td class=\"nw\">")
          .append(esc(a.ref()))
          .append("</td><td>")
          .append(esc(a.text()))
          .append("</td><td>")
          .append(esc(a.owner()))
          .append("</td><td class=\"nw\">")
          .append(esc(a.raised()))
          .append("</td><td class=\"nw\">")
          .append(esc(a.target()))
          .append("</td><td class=\"nw\">")
          .append(esc(a.revisedTarget()))
          .append("</td><td>")
          .append(
              a.overdue()
                  ? "<span class=\"status\" style=\"background:#d4351c\">Overdue</span> "
                  : "")
          .append(esc(a.status()))
          .append("</td></tr>\n");
    }
    h.append("</table>\n</section>\n");
  }

  // ---- Appendix --------------------------------------------------------------------------------

  private void appendix() {
    RuleSet rules = pack.ruleSet();
    h.append("<section class=\"page\">\n<h2>Appendix: how these are calculated</h2>\n")
        .append("<p>Generated from the rule set in force for the month: <strong>")
        .append(esc(rules.name()))
        .append("</strong>, applying from ")
        .append(rules.effectiveFrom())
        .append(". ")
        .append(esc(nz(rules.description())))
        .append("</p>\n");
    h.append("<h3>Service measures</h3>\n");
    for (MeasureDefinition m : rules.measures()) {
      h.append("<div class=\"definition keep\"><strong>")
          .append(esc(m.id()))
          .append(" ")
          .append(esc(m.name()))
          .append("</strong> (target ")
          .append(num(m.target()))
          .append(" %, minimum ")
          .append(num(m.minimum()))
          .append(" %")
          .append(m.perProvider() ? ", also per provider" : "")
          .append(")<br/>")
          .append(esc(nz(m.definition())))
          .append("<br/><em>Source: ")
          .append(
              m.local()
                  ? "local (Meterwatch's own reading: no public text defines this measure)"
                  : esc(m.source()))
          .append("</em></div>\n");
    }
    h.append("<h3>Target Response Times</h3>\n<table>\n");
    row("On-demand, non-critical", rules.responseTimes().onDemand() + " s");
    row("On-demand, critical", rules.responseTimes().onDemandCritical() + " s");
    row("Future-dated (after the scheduled execution)", rules.responseTimes().futureDated() + " s");
    row("Alerts", rules.responseTimes().alert() + " s");
    h.append("</table>\n<h3>Target Resolution Times</h3>\n<table>\n");
    new TreeMap<>(rules.resolutionHours())
        .forEach((cat, hours) -> row("Category " + cat, hours + " h"));
    h.append(
            "</table>\n<p>An incident is held to the Target Resolution Time of the rule set in"
                + " force on the day it opened (UK time), in the incident table and in CPM4/CPM5.</p>\n")
        .append("<p>A measure below its minimum for ")
        .append(rules.persistenceThreshold())
        .append(" consecutive months goes on the list of non-compliances.</p>\n");
    h.append(
        "<h3>Business Process Indicators</h3>\n<table>\n<tr><th>Process</th><th>SRVs</th></tr>\n");
    rules
        .processes()
        .forEach(
            (p, srvs) ->
                h.append("<tr><td>")
                    .append(esc(p))
                    .append("</td><td>")
                    .append(esc(String.join(", ", srvs)))
                    .append("</td></tr>\n"));
    h.append("</table>\n");
    var b = rules.bpi();
    h.append("<ul>\n")
        .append(
            "<li>A business transaction is a User's first request for a process on a device plus its"
                + " retries: a request more than ")
        .append(b.retryWindowHours())
        .append(" h after the transaction's first starts a new transaction.</li>\n")
        .append("<li>A repeat within ")
        .append(b.duplicateWindowMinutes())
        .append(
            " minutes of a success, or sent while the previous attempt had no final response"
                + " yet, is a duplicate, not a new transaction.</li>\n")
        .append(
            "<li>Waterfall buckets, exclusive and tested in this order, so they add up to the"
                + " transactions: first-time success (the first attempt's final response is I0); re-try"
                + " success (a later attempt succeeded); subsequent success (a late I0 after a failure"
                + " was reported); pending (no response yet); incorrect certificate (E4, or the device's"
                + " certificate belongs to another User, except in a change of supply, where it"
                + " does by design); communicating (E20/E21 although the device"
                + " answered I0 in the last ")
        .append(b.communicationEvidenceDays())
        .append(
            " days); non-communicating (E20/E21 without that evidence); other failure (any other"
                + " code).</li>\n")
        .append(
            "<li>Transaction success rate = successful transactions / transactions. Naive success"
                + " rate = requests answered I0 / requests: retries and duplicates inflate its failures.</li>\n")
        .append(
            "<li>Time to success: from when the first request was due (its execute_at for a"
                + " future-dated request, else its receipt) to the first I0.</li>\n")
        .append("<li>A User is flagged when its failure rate exceeds ")
        .append(String.format(Locale.UK, "%.0f", b.flagFailureRate()))
        .append(" % with at least ")
        .append(b.flagMinTransactions())
        .append(" transactions.</li>\n")
        .append(
            "<li>Change of Supply use cases: supplier switch (the certificate owner is another"
                + " organisation), internal migration (same organisation), unknown.</li>\n</ul>\n");
    h.append("<h3>Risks</h3>\n<p>Severity = likelihood x impact (1 to 5 each); bands: ");
    List<String> bands = new ArrayList<>();
    rules.risks().bands().forEach(x -> bands.add(x.name() + " from " + x.min()));
    h.append(esc(String.join(", ", bands)))
        .append("; escalated to the SEC Panel from ")
        .append(rules.risks().escalationThreshold())
        .append(".</p>\n");
    h.append(
        "<h3>Publication</h3>\n<p>A pack classified CLEAR never names a User: Users appear as"
            + " \"User A\", \"User B\", ... in order of user_id.</p>\n</section>\n");
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private void chart(String svg) {
    h.append("<div class=\"chart\">").append(inline(svg)).append("</div>\n");
  }

  /** An SVG document as an element inside XHTML: no XML declaration, no doctype. */
  static String inline(String svg) {
    String s = svg.strip();
    if (s.startsWith("<?xml")) {
      s = s.substring(s.indexOf("?>") + 2).strip();
    }
    if (s.startsWith("<!DOCTYPE")) {
      s = s.substring(s.indexOf('>') + 1).strip();
    }
    return s;
  }

  private void row(String k, String v) {
    h.append("<tr><th>")
        .append(esc(k))
        .append("</th><td>")
        .append(esc(nz(v)))
        .append("</td></tr>\n");
  }

  private static String td(long v) {
    return "<td class=\"n\">" + String.format(Locale.UK, "%,d", v) + "</td>";
  }

  static String num(BigDecimal v) {
    return v == null
        ? "n/a"
        : v.stripTrailingZeros().scale() <= 0
            ? v.setScale(0, RoundingMode.UNNECESSARY).toPlainString()
            : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** A measured value: always 2 decimals, as the PMR gives it. */
  static String pct(BigDecimal v) {
    return v == null ? "n/a" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String count(BigDecimal v) {
    if (v == null) {
      return "";
    }
    return v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0
        ? String.format(Locale.UK, "%,d", v.longValue())
        : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String rate(Double v) {
    return v == null ? "n/a" : String.format(Locale.UK, "%.2f", v);
  }

  static String seconds(Double s) {
    if (s == null) {
      return "n/a";
    }
    if (s < 120) {
      return String.format(Locale.UK, "%.0f s", s);
    }
    if (s < 7200) {
      return String.format(Locale.UK, "%.1f min", s / 60);
    }
    return String.format(Locale.UK, "%.1f h", s / 3600);
  }

  static String words(String enumName) {
    String s = enumName.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** "Aug 23": fits under a 12-month axis without wrapping. */
  static String shortMonth(String yyyyMm) {
    java.time.YearMonth ym = java.time.YearMonth.parse(yyyyMm);
    return ym.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.UK)
        + " "
        + String.format(Locale.UK, "%02d", ym.getYear() % 100);
  }

  static String monthName(String yyyyMm) {
    java.time.YearMonth ym = java.time.YearMonth.parse(yyyyMm);
    return ym.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.UK)
        + " "
        + ym.getYear();
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  /** XML escaping: the document must stay well-formed XHTML for the PDF renderer. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
