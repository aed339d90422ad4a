package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.testing.Drops;

/** Issue 26 through the command line: what the load summary and errors say. */
class LoadPromisesCommandTest {
  @TempDir Path dir;

  private String store() {
    return dir.resolve("store").toString();
  }

  /** Per file, physical lines against records, and why they differ. */
  @Test
  void theSummaryShowsLinesAgainstRecordsAndWhyTheyDiffer() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "risks.csv",
        "risk_id,title,likelihood,impact",
        "OPSG-1,\"Loss of DSP",
        "router\",4,5",
        "",
        "OPSG-2,\"Comms,3,3");
    CliRunner.Result table = CliRunner.run("--store", store(), "load", drop.toString());
    assertThat(table.exitCode()).isZero();
    assertThat(table.out())
        .containsPattern("FILE +KIND +STATUS +LINES +READ +LOADED +DUPLICATES +QUARANTINED")
        .containsPattern("risks.csv +risks +LOADED +5 +2 +1 +0 +1")
        .contains(
            "risks.csv: 5 lines: the header, 2 records, 1 blank line, 1 more line of 1 record over"
                + " several lines (quoted values with line breaks)");

    Drops.write(
        dir.resolve("drop2"), "users.csv", "user_id,organisation", "U1,Org A", "U2,\"Org B");
    CliRunner.Result json =
        CliRunner.run("--store", store(), "load", dir.resolve("drop2").toString(), "--json");
    JsonNode file = Json.MAPPER.readTree(json.out()).get("files").get(0);
    assertThat(file.get("lines").asLong()).isEqualTo(3);
    assertThat(file.get("read").asLong()).isEqualTo(2);
    assertThat(file.get("quarantined").asLong()).isEqualTo(1);
    assertThat(file.get("lines_note").isNull()).isTrue();
  }

  /** `load myusers.csv` (no contract kind) exited 0 having loaded nothing. */
  @Test
  void aSingleFileOfNoContractKindIsAnErrorWithANonZeroExit() {
    Path file = Drops.write(dir.resolve("drop"), "myusers.csv", "user_id,organisation", "U1,A");
    CliRunner.Result r = CliRunner.run("--store", store(), "load", file.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err())
        .hasLineCount(1)
        .startsWith("meterwatch: myusers.csv is not a file of the data contract");
  }

  /** `--store` naming a file said "cannot create the store folder X: X". */
  @Test
  void aStoreNamingAFileIsOneClearLine() throws Exception {
    Path file = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "x");
    for (String command : new String[] {"status", "load"}) {
      CliRunner.Result r =
          command.equals("load")
              ? CliRunner.run("--store", file.toString(), "load", dir.toString())
              : CliRunner.run("--store", file.toString(), command);
      assertThat(r.exitCode()).as(command).isEqualTo(2);
      assertThat(r.err())
          .as(command)
          .isEqualTo(
              "meterwatch: "
                  + file
                  + " is a file, not a store: give --store (or $METERWATCH_STORE) a folder, new or"
                  + " holding a store [STORE]\n");
    }
  }

  /** A failed file's line says what happened and that nothing of it was loaded. */
  @Test
  void aFailedFileSaysNothingOfItWasLoaded() throws Exception {
    Path drop = dir.resolve("drop");
    java.nio.file.Files.createDirectories(drop);
    java.nio.file.Files.write(drop.resolve("users.csv.gz"), new byte[0]);
    CliRunner.Result r = CliRunner.run("--store", store(), "load", drop.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.out())
        .contains(
            "FAILED users.csv.gz: the file is empty (0 bytes), not a gzip file (nothing of"
                + " users.csv.gz was loaded)");
  }
}
