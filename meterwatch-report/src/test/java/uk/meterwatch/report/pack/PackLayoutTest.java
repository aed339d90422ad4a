package uk.meterwatch.report.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.report.map.IncidentMapSvg;
import uk.meterwatch.report.map.IncidentMapSvgTest;

/**
 * The pack as printed (issue 21): no text past the page's margins (a table cut off at the right
 * edge), no word broken inside (an incident id split over two lines), no chart text printed under 7
 * pt, and no chart text outside its chart's box (a label clipped at the top).
 */
class PackLayoutTest {
  /** A4 is 595 pt wide; the pack's @page margins are 14 mm (39.7 pt) left and right. */
  static final double PAGE = 595.28;

  static final double MARGIN = 14 / 25.4 * 72;

  /**
   * The printed width of a full-width chart: the page less its margins and the section's padding
   * (10 px; openhtmltopdf prints a CSS px as a point).
   */
  static final double PRINTED = PAGE - 2 * MARGIN - 2 * 10;

  @TempDir static Path dir;
  static String html;
  static Path pdf;

  @BeforeAll
  static void write() throws IOException {
    Pack sample = PackWriterTest.sample("OFFICIAL");
    // With the architecture incident map, as the demo's pack has it.
    Pack.Incidents i = sample.incidents();
    Pack withMap =
        new Pack(
            sample.cover(),
            sample.ruleSet(),
            sample.sections(),
            sample.performance(),
            sample.bpi(),
            sample.regional(),
            new Pack.Incidents(
                i.lines(),
                i.trendMonths(),
                i.trendByCategory(),
                IncidentMapSvg.render(IncidentMapSvgTest.sample()),
                i.mapPeriod(),
                i.hotspots(),
                i.reviews()),
            sample.risks(),
            sample.actions(),
            sample.rdp(),
            sample.omitted());
    PackWriter.Written w = PackWriter.write(withMap, Anonymiser.none(), dir);
    html = Files.readString(w.html());
    pdf = w.pdf();
  }

  @Test
  void noTextRunsPastThePagesMargins() throws Exception {
    List<String> outside = new ArrayList<>();
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      PDFTextStripper s =
          new PDFTextStripper() {
            @Override
            protected void writeString(String text, List<TextPosition> positions) {
              for (TextPosition p : positions) {
                double left = p.getXDirAdj();
                double right = left + p.getWidthDirAdj();
                if (left < MARGIN - 2 || right > PAGE - MARGIN + 2) {
                  outside.add(
                      "page " + getCurrentPageNo() + " '" + text + "' at " + left + "-" + right);
                  return;
                }
              }
            }
          };
      s.getText(doc);
    }
    assertThat(outside).isEmpty();
  }

  @Test
  void noIncidentIdIsBrokenAcrossLines() throws Exception {
    String text;
    try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
      text = new PDFTextStripper().getText(doc);
    }
    assertThat(text).contains("INC000001074087").contains("Against").contains("Components");
  }

  /**
   * Every figure's text (JFreeSVG's charts and the incident map) prints at 7 pt or more and lies
   * inside its figure: its left at x, its right estimated at 0.6 of the size a character (DejaVu
   * Sans, the PDF font) ("2,800" at an axis's end was cut in half by the figure's edge).
   */
  @Test
  void chartTextPrintsAtSevenPointsOrMoreAndStaysInsideItsBox() {
    int charts = 0;
    boolean map = false;
    List<String> problems = new ArrayList<>();
    for (String svg : figures()) {
      charts++;
      double[] box = viewBox(svg);
      double width = box[0];
      double height = box[1];
      double scale = Math.min(1, PRINTED / width);
      for (Text t : texts(svg)) {
        map |= t.what().startsWith("Where incidents occurred");
        if (t.size() * scale < 7) {
          problems.add("'" + t.what() + "' prints at " + t.size() * scale + " pt");
        }
        // JFreeSVG writes rotated text with a transform on the same element: only upright
        // text is placed by x and y alone.
        if (t.rotated()) {
          continue;
        }
        double w = t.what().length() * t.size() * 0.6;
        double left =
            switch (t.anchor()) {
              case "middle" -> t.x() - w / 2;
              case "end" -> t.x() - w;
              default -> t.x();
            };
        if (left < -1 || left + w > width + 1 || t.y() - t.size() * 0.75 < 0 || t.y() > height) {
          problems.add(
              "'"
                  + t.what()
                  + "' at ("
                  + t.x()
                  + ", "
                  + t.y()
                  + ") runs outside "
                  + width
                  + "x"
                  + height);
        }
      }
    }
    assertThat(charts).isGreaterThanOrEqualTo(5);
    assertThat(map).as("the incident map is among the figures").isTrue();
    assertThat(problems).isEmpty();
  }

  /**
   * openhtmltopdf takes a figure's size from its viewBox only when its numbers are integers; with
   * "720.0" it boxed the figure 400 units high whatever its shape: blank bands above and below a
   * wide figure, a tall one shrunk.
   */
  @Test
  void everyFigureHasAViewBoxOfWholeNumbers() {
    List<String> svgs = figures();
    assertThat(svgs).isNotEmpty();
    for (String svg : svgs) {
      Matcher m = Pattern.compile("<svg[^>]*viewBox=['\"]([^'\"]*)['\"]").matcher(svg);
      assertThat(m.find()).as("a viewBox").isTrue();
      assertThat(m.group(1)).matches("0 0 \\d+ \\d+");
    }
  }

  /**
   * Printed at the width it is given, every figure fits a page's text area (A4 less 18 mm margins
   * top and bottom) with a heading above it: a taller one is cut at the page's foot (the incident
   * map's summary was).
   */
  @Test
  void everyFigureFitsOnAPageUnderAHeading() {
    double textHeight = 841.89 - 2 * (18 / 25.4 * 72);
    for (String svg : figures()) {
      double[] box = viewBox(svg);
      double printed = box[1] * Math.min(1, PRINTED / box[0]);
      assertThat(printed)
          .as("printed height of a %s x %s figure", box[0], box[1])
          .isLessThanOrEqualTo(textHeight - 40);
    }
  }

  /** Every SVG of the pack, in order. */
  static List<String> figures() {
    List<String> out = new ArrayList<>();
    Matcher svg = Pattern.compile("<svg.*?</svg>", Pattern.DOTALL).matcher(html);
    while (svg.find()) {
      out.add(svg.group());
    }
    return out;
  }

  static double[] viewBox(String svg) {
    Matcher box =
        Pattern.compile("viewBox=['\"]0(?:\\.0)? 0(?:\\.0)? ([0-9.]+) ([0-9.]+)['\"]").matcher(svg);
    assertThat(box.find()).as("a viewBox").isTrue();
    return new double[] {Double.parseDouble(box.group(1)), Double.parseDouble(box.group(2))};
  }

  record Text(double x, double y, double size, String anchor, boolean rotated, String what) {}

  /** The texts of a figure: JFreeSVG's (size in a style) and the map's (size as an attribute). */
  static List<Text> texts(String svg) {
    List<Text> out = new ArrayList<>();
    Matcher text = Pattern.compile("<text ([^>]*)>([^<]*)<").matcher(svg);
    while (text.find()) {
      String attrs = text.group(1);
      Matcher size = Pattern.compile("font-size(?:: |=\")([0-9.]+)").matcher(attrs);
      Matcher x = Pattern.compile("\\bx=['\"]([-0-9.]+)").matcher(attrs);
      Matcher y = Pattern.compile("\\by=['\"]([-0-9.]+)").matcher(attrs);
      Matcher anchor = Pattern.compile("text-anchor=\"(\\w+)").matcher(attrs);
      assertThat(size.find() && x.find() && y.find()).as("a placed, sized text: " + attrs).isTrue();
      out.add(
          new Text(
              Double.parseDouble(x.group(1)),
              Double.parseDouble(y.group(1)),
              Double.parseDouble(size.group(1)),
              anchor.find() ? anchor.group(1) : "start",
              attrs.contains("transform"),
              text.group(2)));
    }
    return out;
  }
}
