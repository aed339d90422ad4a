package uk.meterwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

class ScenarioLoaderTest {
  @TempDir Path dir;

  @Test
  void builtInOpsg105CoversMarchToSeptember2023() {
    Scenario s = ScenarioLoader.resolve("opsg-105");
    assertThat(s.from()).isEqualTo(YearMonth.of(2023, 3));
    assertThat(s.to()).isEqualTo(YearMonth.of(2023, 9));
    assertThat(s.faults())
        .filteredOn(f -> f.component().equals("DSP_ROUTER"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.start()).isEqualTo(Instant.parse("2023-08-20T05:10:00Z"));
              assertThat(f.end()).isEqualTo(Instant.parse("2023-08-20T11:40:00Z"));
            });
    assertThat(s.mix()).extracting(Scenario.MixEntry::srv).contains("2.2", "6.23", "11.3", "4.1.1");
  }

  @Test
  void aScenarioFileIsReadAndMissingTrafficTakesDefaults() throws IOException {
    Path file = dir.resolve("tiny.yaml");
    Files.writeString(file, TINY);
    Scenario s = ScenarioLoader.resolve(file.toString());
    assertThat(s.name()).isEqualTo("tiny");
    assertThat(s.traffic().requestsPerDeviceDay()).isEqualTo(1.0);
    assertThat(s.traffic().dailyRhythm()).hasSize(24);
  }

  /** The example of docs/simulator.md is a working scenario and shows its faults. */
  @Test
  void theDocumentedExampleRuns() throws IOException {
    String doc = Files.readString(Path.of("../docs/simulator.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    Path file = dir.resolve("example.yaml");
    Files.writeString(file, yaml);
    Scenario s = ScenarioLoader.load(file);
    assertThat(s.name()).isEqualTo("tiny-fault");
    SimulationSummary summary =
        new Simulator(s, SimulationOptions.defaults().withFormat(OutputFormat.CSV))
            .run(dir.resolve("drop"));
    assertThat(summary.devices()).isEqualTo(500);
    assertThat(summary.files())
        .containsEntry("area_events.csv", 1L)
        .containsEntry("outages.csv", 3L);
    assertThat(summary.events()).isPositive();
  }

  @Test
  void anUnknownFieldIsAnErrorNamingFileFieldAndLine() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, TINY + "colour: blue\n");
    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("colour")
        .hasMessageContaining("line");
  }

  @Test
  void anSrvOutsideTheCatalogueIsRefused() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, TINY.replace("\"4.1.1\"", "\"99.9\""));
    assertThatThrownBy(() -> ScenarioLoader.load(file))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("SRV 99.9 is not in the catalogue");
  }

  @Test
  void anUnknownNameIsNotFound() {
    assertThatThrownBy(() -> ScenarioLoader.resolve("opsg-999"))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("opsg-105")
        .extracting(e -> ((MeterwatchException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  static final String TINY =
      """
      name: tiny
      from: 2023-10
      to: 2023-10
      organisations:
        - name: Solo Energy
          share: 1
          users:
            - {id: U1, role: IS}
            - {id: U2, role: GS}
      regions:
        ONLY: {provider: CSP-C, areas: [B]}
      providers:
        CSP-N: {late: 0.01, failure: 0.01, alert_late: 0.01}
        CSP-C: {late: 0.01, failure: 0.01, alert_late: 0.01}
        CSP-S: {late: 0.01, failure: 0.01, alert_late: 0.01}
        S1SP-DXC: {late: 0.01, failure: 0.01, alert_late: 0.01}
      mix:
        - {srv: "4.1.1", weight: 1}
      """;
}
