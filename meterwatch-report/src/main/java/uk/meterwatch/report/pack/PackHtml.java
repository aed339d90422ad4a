package uk.meterwatch.report.pack;

import static uk.meterwatch.report.pack.PackDocument.day;
import static uk.meterwatch.report.pack.PackDocument.esc;
import static uk.meterwatch.report.pack.PackDocument.monthName;

import java.util.List;
import java.util.Locale;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;

/**
 * The pack as one self-contained XHTML document: styles and SVG charts inline, no external
 * resource, so it opens offline and openhtmltopdf renders the very same text to PDF. The cover,
 * then the contents (with page numbers in the PDF), then each section of {@link Pack#sections} in
 * that order ({@link PackSection}).
 */
public final class PackHtml {
  /** The font family of the PDF (PackWriter registers it; printed from a browser, Arial). */
  static final String PDF_FONT = "DejaVu Sans";

  private PackHtml() {}

  /** The document, before anonymisation (see {@link PackWriter}). */
  public static String render(Pack pack) {
    PackDocument out = new PackDocument();
    String cls = esc(pack.cover().classification());
    out.raw("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en-GB\">\n")
        .raw("<head>\n<meta charset=\"UTF-8\"/>\n<title>Meterwatch monthly pack ")
        .text(monthName(pack.cover().month()))
        .raw(" (")
        .raw(cls)
        .raw(")</title>\n<style>\n")
        .raw(css(pack.cover().classification()))
        .raw("</style>\n</head>\n<body>\n<div class=\"marking screen\">")
        .raw(cls)
        .raw("</div>\n");
    cover(pack, out);
    int n = 1;
    for (String id : pack.sections()) {
      PackSection s = PackSection.BUILT_IN.get(id);
      out.raw("<section class=\"page\" id=\"s-")
          .raw(id)
          .raw("\">\n<h2>")
          .text(n++ + ". " + s.title(pack))
          .raw("</h2>\n");
      s.write(pack, out);
      out.raw("</section>\n");
    }
    out.raw("<div class=\"marking screen\">").raw(cls).raw("</div>\n</body>\n</html>\n");
    return out.toString();
  }

  /** "SEC service levels as configured by default (default), in force from 1 Jan 2019". */
  static String ruleSetName(RuleSet rules) {
    return Names.ruleSet(rules);
  }

  /** XML escaping (see {@link PackDocument#esc}). */
  public static String esc(String s) {
    return PackDocument.esc(s);
  }

  static boolean isLocal(MeasureDefinition m) {
    return m.local();
  }

  private static void cover(Pack pack, PackDocument out) {
    Pack.Cover c = pack.cover();
    out.raw("<section class=\"cover\">\n<p class=\"note\">Meterwatch</p>\n<h1>")
        .text("Operational performance pack: " + monthName(c.month()))
        .raw("</h1>\n")
        .p(
            null,
            "For the Operations Group. As of "
                + day(c.asOf())
                + ": the registers (actions, incidents, risks, reviews) as they stood at the end"
                + " of that day, UK time.")
        .raw("<table>\n")
        .row("Month", monthName(c.month()) + " (a calendar month in UK time)")
        .row("Classification", c.classification())
        .row("As of", day(c.asOf()))
        .row("Made", c.made())
        .row("Rule set", ruleSetName(pack.ruleSet()))
        .row("Data loads", String.format(Locale.UK, "%,d", c.loads()))
        .row("Rows loaded", String.format(Locale.UK, "%,d", c.rowsLoaded()))
        .row("Rows quarantined", String.format(Locale.UK, "%,d", c.rowsQuarantined()))
        .row("Service requests in the month", String.format(Locale.UK, "%,d", c.requestsInMonth()))
        .raw("</table>\n");
    if (c.daysWithoutTraffic().isEmpty()) {
      out.p(null, "Data coverage: every day of the month has traffic.");
    } else {
      out.raw("<p class=\"warn\"><strong>")
          .text(
              "Gaps in the data: "
                  + Names.count(c.daysWithoutTraffic().size(), "day")
                  + " with no traffic: ")
          .raw("</strong>")
          .text(String.join(", ", c.daysWithoutTraffic().stream().map(PackDocument::day).toList()))
          .raw(". Measures for the month may be incomplete.</p>\n");
    }
    if (!pack.omitted().isEmpty()) {
      out.raw("<p><strong>Sections not in this pack:</strong></p>\n<ul>\n");
      pack.omitted().forEach(o -> out.raw("<li>").text(o).raw("</li>\n"));
      out.raw("</ul>\n");
    }
    out.raw("<h3>Contents</h3>\n<ol class=\"toc\">\n");
    for (String id : pack.sections()) {
      out.raw("<li><a class=\"toc\" href=\"#s-")
          .raw(id)
          .raw("\">")
          .text(PackSection.BUILT_IN.get(id).title(pack))
          .raw("</a></li>\n");
    }
    out.raw("</ol>\n</section>\n");
  }

  /**
   * The style sheet, with the classification as the marking of every printed page. It goes into CSS
   * strings inside a style element that the PDF renderer reads as XML and a browser as HTML: every
   * character but letters, digits, spaces and plain punctuation is written as a CSS escape, which
   * reads the same in both (an escaped &quot; ended the string, and the marking with it).
   */
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
        @media print { .screen { display: none; }
          a.toc::after { content: leader('.') target-counter(attr(href), page); }
          a.toc { color: #0b0c0c; text-decoration: none; } }
        body { font-family: Arial, Helvetica, sans-serif; color: #0b0c0c; font-size: 11pt; line-height: 1.35; margin: 0 auto; max-width: 1000px; }
        @media print { body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; } }
        .marking { background: #0b0c0c; color: #ffffff; font-weight: bold; text-align: center; padding: 4px; letter-spacing: 1px; }
        section { padding: 0 10px; }
        section.page { page-break-before: always; }
        section.page section.page { padding: 0; }
        ol.toc li { margin: 3px 0; }
        h1 { font-size: 26pt; margin: 12px 0 8px 0; }
        h2 { font-size: 17pt; border-bottom: 3px solid #1d70b8; padding-bottom: 3px; margin-top: 18px; }
        h3 { font-size: 13pt; margin: 14px 0 4px 0; page-break-after: avoid; }
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
        table.wide td, table.wide th { padding: 3px 3px; }
        table.buckets { width: 60%%; }
        .warn { border-left: 5px solid #d4351c; padding: 4px 8px; background: #fef7f6; }
        .heat td { width: 16%%; height: 34px; text-align: center; border: 1px solid #ffffff; font-size: 9pt; }
        .keep { page-break-inside: avoid; }
        .definition { margin: 4px 0 10px 0; }
        """
        .formatted(marking);
  }

  /** The section ids in the operations group's agenda order. */
  public static List<String> defaultOrder() {
    return PackSection.OPSG_AGENDA;
  }
}
