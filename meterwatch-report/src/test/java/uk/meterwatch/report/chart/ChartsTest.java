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
}
