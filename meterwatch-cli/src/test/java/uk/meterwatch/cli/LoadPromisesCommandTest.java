package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
}
