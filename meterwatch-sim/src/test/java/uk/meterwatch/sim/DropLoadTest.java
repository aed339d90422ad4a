package uk.meterwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import uk.meterwatch.engine.duis.DuisLoader;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;

/**
 * The simulator's drops satisfy the data contract: the loader takes every row, quarantines none.
 */
class DropLoadTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(OutputFormat.class)
  void everyRowLoadsAndNoneIsQuarantined(OutputFormat format) {
    YearMonth august = YearMonth.of(2023, 8);
    SimulationSummary summary =
        new Simulator(
                ScenarioLoader.builtIn("opsg-105"),
                new SimulationOptions(105L, 100, august, august, format))
            .run(dir.resolve("drop"));
    LoadReport report;
    LoadReport duis = null;
    try (Store store = Store.inMemory()) {
      report = new DropLoader(store).load(dir.resolve("drop"));
      if (format == OutputFormat.DUIS) {
        duis = new DuisLoader(store).load(dir.resolve("drop").resolve(DuisLogWriter.FILE));
      }
    }
    if (format == OutputFormat.DUIS) {
      // The traffic is the DUIS log (ignored by the drop loader), the rest CSV beside it.
      assertThat(report.ignored()).containsExactly(DuisLogWriter.FILE);
      assertThat(report.files()).hasSize(10);
      assertThat(duis.totals().read()).isEqualTo(summary.files().get(DuisLogWriter.FILE));
      assertThat(duis.totals().quarantined()).isZero();
      assertThat(duis.totals().duplicates()).isZero();
      assertThat(duis.anyFailed()).isFalse();
    } else {
      assertThat(report.ignored()).isEmpty();
      assertThat(report.files()).hasSize(13);
    }
    for (FileLoad f : report.files()) {
      assertThat(f.status()).as(f.file()).isNotEqualTo(FileLoad.Status.FAILED);
      assertThat(f.quarantined()).as(f.file() + " quarantined").isZero();
      assertThat(f.duplicates()).as(f.file() + " duplicates").isZero();
      assertThat(f.loaded()).as(f.file()).isEqualTo(summary.files().get(f.file()));
    }
  }

  @Test
  void aDuisLogIsByteIdenticalForTheSameArguments() throws IOException {
    YearMonth august = YearMonth.of(2023, 8);
    for (String out : new String[] {"a", "b"}) {
      new Simulator(
              ScenarioLoader.builtIn("opsg-105"),
              new SimulationOptions(7L, 60, august, august, OutputFormat.DUIS))
          .run(dir.resolve(out));
    }
    assertThat(Files.readAllBytes(dir.resolve("a").resolve(DuisLogWriter.FILE)))
        .isEqualTo(Files.readAllBytes(dir.resolve("b").resolve(DuisLogWriter.FILE)));
  }
}
