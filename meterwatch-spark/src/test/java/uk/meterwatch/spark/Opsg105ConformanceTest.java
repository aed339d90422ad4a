package uk.meterwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.external.InputCheck;
import uk.meterwatch.engine.load.FileLoad;

/**
 * Both engines give the same PMR and BPI JSON, to the last character, on the opsg-105 scenario
 * (February to April 2023: March has the spring clock change), read by Spark both from the store's
 * export and straight from the drop (checked as a load checks it).
 */
class Opsg105ConformanceTest {
  private static ConformanceFixture opsg105;

  @BeforeAll
  static void simulate() {
    opsg105 = ConformanceFixture.opsg105();
  }

  @Test
  void bpiOfMarchAcrossTheClockChangeFromTheExportAndFromTheDrop() {
    ReportingMonth march = ReportingMonth.parse("2023-03");
    String store = opsg105.storeBpi(march);
    assertThat(store).contains("\"transactions\"");
    assertThat(opsg105.sparkBpi(opsg105.exported(), march)).isEqualTo(store);
    assertThat(opsg105.sparkBpi(opsg105.sparkDrop().tables(), march)).isEqualTo(store);
  }

  @Test
  void pmrOfMarchAndAprilFromTheExportAndFromTheDrop() {
    for (String m : List.of("2023-03", "2023-04")) {
      ReportingMonth month = ReportingMonth.parse(m);
      String store = opsg105.storePmr(month);
      assertThat(store).contains("\"CPM1\"");
      assertThat(opsg105.sparkPmr(opsg105.exported(), month)).as(m).isEqualTo(store);
      assertThat(opsg105.sparkPmr(opsg105.sparkDrop().tables(), month)).as(m).isEqualTo(store);
    }
  }

  @Test
  void theDropsCheckReconcilesFileByFileAsTheLoadDid() {
    InputCheck check = opsg105.sparkDrop().check();
    for (FileLoad f : opsg105.load.files()) {
      InputCheck.FileCheck spark =
          check.files().stream().filter(c -> c.file().equals(f.file())).findFirst().orElseThrow();
      assertThat(List.of(spark.read(), spark.used(), spark.duplicates(), spark.quarantined()))
          .as(f.file())
          .containsExactly(f.read(), f.loaded(), f.duplicates(), f.quarantined());
    }
    assertThat(check.read()).isEqualTo(check.used() + check.duplicates() + check.quarantined());
  }
}
