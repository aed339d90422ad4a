package uk.meterwatch.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.xml.sax.InputSource;

class ChartsTest {
  @Test
  void numbersAreWrittenPlainlyToTheirDecimals() {
    assertThat(Charts.decimals(156.6222381591797, 2)).isEqualTo("156.62");
    assertThat(Charts.decimals(-18.119535446166992, 2)).isEqualTo("-18.12");
    assertThat(Charts.decimals(440.0, 2)).isEqualTo("440");
    assertThat(Charts.decimals(0.004, 2)).isEqualTo("0");
    assertThat(Charts.decimals(-0.004, 2)).isEqualTo("0");
    assertThat(Charts.decimals(0.70710678, 4)).isEqualTo("0.7071");
    assertThat(Charts.decimals(1.0E-5, 4)).isEqualTo("0");
    assertThat(Charts.decimals(Double.NaN, 2)).isEqualTo("0");
  }

  @Test
  void aTrendWithTiltedMonthsIsValidSvgWithCoordinatesToAHundredthOfAPixel() throws Exception {
    List<String> months =
        List.of(
            "2022-09", "2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04",
            "2023-05", "2023-06", "2023-07", "2023-08");
    List<BigDecimal> values =
        months.stream().map(m -> new BigDecimal("97." + m.substring(5))).toList();
    String svg =
        Charts.trend(
            "CPM1 CSP-N", months, values, new BigDecimal("99"), new BigDecimal("96"), 440, 250);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    var doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    assertThat(svg).contains("CPM1 CSP-N").contains("Target 99").contains("Minimum 96");
    // No path coordinate carries more than two decimals (full float precision had 13 or more).
    var paths = Pattern.compile(" d='([^']*)'").matcher(svg);
    int seen = 0;
    while (paths.find()) {
      seen++;
      assertThat(paths.group(1)).doesNotContainPattern("\\.\\d{3}");
    }
    assertThat(seen).isGreaterThan(10);
    assertThat(svg.length()).isLessThan(80_000);
  }

  /**
   * A tick label centred on the value axis's end stays inside the figure: the demo's tariff update
   * waterfall (2,300 transactions) had its axis end at 2,800, the label cut in half by the edge.
   * Here 2,460 transactions put the axis's end (22 % above, room for the bars' labels) at 3,001.
   */
  @Test
  void theLastTickLabelOfAWaterfallStaysInsideTheFigure() {
    java.util.Map<String, Long> buckets = new java.util.LinkedHashMap<>();
    buckets.put("First-time success", 2331L);
    buckets.put("Re-try success", 19L);
    buckets.put("Subsequent success", 4L);
    buckets.put("Success after 24 h", 1L);
    buckets.put("Incorrect certificate", 13L);
    buckets.put("Communicating", 90L);
    buckets.put("Non-communicating", 2L);
    String svg = Charts.waterfall("Tariff update", buckets, 720, 390);
    var text =
        Pattern.compile(
                "<text x='([-0-9.]+)' y='[-0-9.]+' style='[^']*font-size: ([0-9.]+)px[^']*'[^>]*>([^<]*)<")
            .matcher(svg);
    boolean lastTick = false;
    while (text.find()) {
      double right =
          Double.parseDouble(text.group(1))
              + text.group(3).length() * Double.parseDouble(text.group(2)) * 0.6;
      lastTick |= text.group(3).equals("3,000");
      assertThat(right).as("right edge of '%s'", text.group(3)).isLessThanOrEqualTo(720);
    }
    assertThat(lastTick).as("the axis ends at 3,000").isTrue();
  }
}
