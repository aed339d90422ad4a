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

/**
 * The pack as printed (issue 21): no text past the page's margins (a table cut off at the right
 * edge), no word broken inside (an incident id split over two lines), no chart text printed under 7
 * pt, and no chart text outside its chart's box (a label clipped at the top).
 */
class PackLayoutTest {
  /** A4 is 595 pt wide; the pack's @page margins are 14 mm (39.7 pt) left and right. */
  static final double PAGE = 595.28;

  static final double MARGIN = 14 / 25.4 * 72;

  /** The printed width of a full-width chart: the page less its margins and the section's. */
  static final double PRINTED = PAGE - 2 * MARGIN - 2 * 7.5;

  @TempDir static Path dir;
  static String html;
  static Path pdf;

  @BeforeAll
  static void write() throws IOException {
    PackWriter.Written w =
        PackWriter.write(PackWriterTest.sample("OFFICIAL"), Anonymiser.none(), dir);
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

  @Test
  void chartTextPrintsAtSevenPointsOrMoreAndStaysInsideItsBox() {
    Matcher chart =
        Pattern.compile("<div class=\"chart\">(<svg.*?</svg>)</div>", Pattern.DOTALL).matcher(html);
    int charts = 0;
    List<String> problems = new ArrayList<>();
    while (chart.find()) {
      charts++;
      String svg = chart.group(1);
      Matcher box =
          Pattern.compile("viewBox=['\"]0(?:\\.0)? 0(?:\\.0)? ([0-9.]+) ([0-9.]+)['\"]")
              .matcher(svg);
      assertThat(box.find()).as("a viewBox").isTrue();
      double width = Double.parseDouble(box.group(1));
      double height = Double.parseDouble(box.group(2));
      double scale = Math.min(1, PRINTED / width);
      Matcher text =
          Pattern.compile(
                  "<text x='([-0-9.]+)' y='([-0-9.]+)' style='[^']*font-size: ([0-9.]+)px[^']*'"
                      + "[^>]*>([^<]*)<")
              .matcher(svg);
      while (text.find()) {
        double x = Double.parseDouble(text.group(1));
        double y = Double.parseDouble(text.group(2));
        double size = Double.parseDouble(text.group(3));
        String what = text.group(4);
        if (size * scale < 7) {
          problems.add("'" + what + "' prints at " + size * scale + " pt");
        }
        // JFreeSVG writes rotated text with a transform on the same element: only upright
        // text is placed by x and y alone.
        if (!text.group(0).contains("transform")
            && (x < 0 || x > width || y - size * 0.75 < 0 || y > height)) {
          problems.add("'" + what + "' at (" + x + ", " + y + ") outside " + width + "x" + height);
        }
      }
    }
    assertThat(charts).isGreaterThanOrEqualTo(4);
    assertThat(problems).isEmpty();
  }
}
