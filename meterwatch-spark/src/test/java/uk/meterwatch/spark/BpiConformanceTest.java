package uk.meterwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.sim.OutputFormat;

/** Both engines give the same BPI JSON, to the last character. */
class BpiConformanceTest {
  private static ConformanceFixture opsg105;

  @BeforeAll
  static void simulate() {
    opsg105 =
        ConformanceFixture.simulated("opsg-105", 105, 300, "2023-02", "2023-04", OutputFormat.CSV);
  }

  @Test
  void opsg105MarchAcrossTheClockChangeFromTheExport() {
    ReportingMonth march = ReportingMonth.parse("2023-03");
    String store = opsg105.storeBpi(march);
    assertThat(store).contains("\"transactions\"");
    assertThat(opsg105.sparkBpi(opsg105.exported(), march)).isEqualTo(store);
  }
}
