package uk.meterwatch.report.map;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.architecture.ComponentTally;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.time.ReportingMonth;

public class IncidentMapSvgTest {

  /** July to August 2023 as in the minutes: the router incident and a few smaller ones. */
  public static IncidentMap sample() {
    ArchitectureModel model = ArchitectureModel.defaults();
    Map<String, ComponentTally> by = new LinkedHashMap<>();
    model.components().forEach(c -> by.put(c.id(), ComponentTally.empty()));
    ComponentTally router = ComponentTally.empty().plus(CauseClass.ARCHITECTURE, 1, 390);
    for (String id : new String[] {"DSP_ROUTER", "DSP", "DUIS", "SSMI", "SMKI_REPO", "REMEDY"}) {
      by.put(id, router);
    }
    by.put("SSI", router.plus(CauseClass.OPERATIONAL, 1, 30));
    by.put(
        "CSP-N",
        ComponentTally.empty()
            .plus(CauseClass.ARCHITECTURE, 2, 0)
            .plus(CauseClass.HUMAN_ERROR, 1, 45)
            .plus(CauseClass.THIRD_PARTY, 1, 120)
            .plus(CauseClass.UNKNOWN, 1, 0)
            .plus(CauseClass.OPERATIONAL, 1, 12));
    by.put("S1SP-DXC", ComponentTally.empty().plus(CauseClass.THIRD_PARTY, 2, 75));
    ComponentTally totals =
        ComponentTally.empty()
            .plus(CauseClass.ARCHITECTURE, 3, 390)
            .plus(CauseClass.OPERATIONAL, 2, 42)
            .plus(CauseClass.HUMAN_ERROR, 1, 45)
            .plus(CauseClass.THIRD_PARTY, 3, 195)
            .plus(CauseClass.UNKNOWN, 1, 0);
    return new IncidentMap(
        model,
        ReportingMonth.of(2023, 7),
        ReportingMonth.of(2023, 8),
        by,
        Map.of("WAN_GATEWAY", ComponentTally.empty().plus(CauseClass.UNKNOWN, 1, 5)),
        totals);
  }

  @Test
  void drawsEveryComponentWithCountsMinutesLabelsAndALegend() throws Exception {
    String svg = IncidentMapSvg.render(sample());
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/incident-map-sample.svg"), svg, StandardCharsets.UTF_8);

    // Well-formed XML, no scripts, no CSS classes, no external references.
    DocumentBuilderFactory.newInstance()
        .newDocumentBuilder()
        .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertThat(svg).doesNotContain("<script").doesNotContain("class=").doesNotContain("href");

    assertThat(svg)
        .contains("Where incidents occurred, Jul 2023 to Aug 2023")
        .contains(">DCC architecture (simplified)<");
    // Every component by name: its box's lines, and whole in its tooltip with the causes.
    for (ArchitectureModel.Component c : ArchitectureModel.defaults().components()) {
      assertThat(svg).contains("<title>" + Svg.escape(c.name()) + ": ");
      assertThat(svg).contains(">" + Svg.escape(c.name().split(" ")[0]));
    }
    // The router box: one architecture incident, 390 minutes.
    assertThat(svg).contains(">1 incident<").contains(">390 min outage<");
    // SSI: two incidents, split by cause in the bar and named in the tooltip.
    assertThat(svg).contains(">2 incidents<").contains(">420 min outage<");
    assertThat(svg)
        .contains(
            "<title>SSI (Self Service): 2 incidents, 420 min outage. Architecture 1 (390 min);"
                + " Operational 1 (30 min)</title>");
    assertThat(svg)
        .contains(">Architecture<")
        .contains(">Operational<")
        .contains(">Human error (counted as operational)<")
        .contains(">Third party<")
        .contains(">Unknown<");
    assertThat(svg)
        .contains("url(#cause-operational)")
        .contains("<pattern id=\"cause-human_error\"");
    assertThat(svg)
        .contains("Architecture: 3 incidents, 390 min")
        .contains("Operational incl. human error: 3 incidents, 87 min");
    assertThat(svg).contains("WAN_GATEWAY (1 incident, 5 min)");
    assertThat(svg).contains(">no incidents<");
  }

  /**
   * Printed across A4's text width (about 496 pt), every text of the map is 7 pt or more (issue 21:
   * drawn 1,882 units wide, its text printed at 3 to 5 pt), and no line runs past the map's width.
   */
  @Test
  void everyTextPrintsAtSevenPointsOrMoreAcrossAnA4Page() {
    String svg = IncidentMapSvg.render(sample());
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    assertThat(box.find()).isTrue();
    double width = Double.parseDouble(box.group(1));
    double scale = 495.9 / width;
    Matcher text =
        Pattern.compile(
                "<text x=\"([0-9.]+)\" y=\"[0-9.]+\" [^>]*font-size=\"([0-9.]+)\"[^>]*>([^<]*)<")
            .matcher(svg);
    int texts = 0;
    while (text.find()) {
      texts++;
      double size = Double.parseDouble(text.group(2));
      assertThat(size * scale).as("'%s' printed, pt", text.group(3)).isGreaterThanOrEqualTo(7);
      double right = Double.parseDouble(text.group(1)) + text.group(3).length() * size * 0.55;
      assertThat(right).as("right edge of '%s'", text.group(3)).isLessThanOrEqualTo(width);
    }
    assertThat(texts).isGreaterThan(40);
  }

  @Test
  void oneMonthPeriodIsNamedOnce() {
    assertThat(IncidentMapSvg.period(ReportingMonth.of(2023, 8), ReportingMonth.of(2023, 8)))
        .isEqualTo("Aug 2023");
  }
}
