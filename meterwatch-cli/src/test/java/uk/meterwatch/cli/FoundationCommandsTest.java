package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.testing.Drops;

class FoundationCommandsTest {
  @TempDir Path dir;

  @AfterEach
  void restoreEnvironment() {
    Main.setEnvironmentForTest(System.getenv());
  }

  private String store() {
    return dir.resolve("store").toString();
  }

  @Test
  void helpListsEverySubcommandAndEachHasItsOwnHelp() {
    CliRunner.Result help = CliRunner.run("--help");
    assertThat(help.exitCode()).isZero();
    CommandLine cli = new CommandLine(new MeterwatchCommand());
    for (String name : cli.getSubcommands().keySet()) {
      assertThat(help.out()).contains(name);
      CliRunner.Result sub = CliRunner.run(name, "--help");
      assertThat(sub.exitCode()).as(name).isZero();
      assertThat(sub.out()).as(name).contains("Usage: meterwatch " + name);
    }
  }

  @Test
  void loadPrintsTheSummaryAsJsonAndReconciles() throws Exception {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,2.2,D1,2023-08-20T05:10:00");
    CliRunner.Result r = CliRunner.run("--store", store(), "load", drop.toString(), "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode json = Json.MAPPER.readTree(r.out());
    JsonNode file = json.get("files").get(0);
    assertThat(file.get("file").asText()).isEqualTo("service_requests.csv");
    assertThat(file.get("kind").asText()).isEqualTo("service_requests");
    assertThat(file.get("status").asText()).isEqualTo("LOADED");
    assertThat(file.get("read").asLong()).isEqualTo(3);
    assertThat(file.get("loaded").asLong()).isEqualTo(1);
    assertThat(file.get("duplicates").asLong()).isEqualTo(1);
    assertThat(file.get("quarantined").asLong()).isEqualTo(1);
    assertThat(file.has("error")).isTrue();
    assertThat(json.get("totals").get("read").asLong()).isEqualTo(3);

    CliRunner.Result again = CliRunner.run("--store", store(), "load", drop.toString(), "--json");
    assertThat(Json.MAPPER.readTree(again.out()).get("files").get(0).get("status").asText())
        .isEqualTo("UNCHANGED");

    CliRunner.Result quarantine = CliRunner.run("--store", store(), "quarantine");
    assertThat(quarantine.out())
        .contains("service_requests.csv")
        .contains("timestamp without offset in received_at");
    Path export = dir.resolve("q.csv");
    CliRunner.run("--store", store(), "quarantine", "--export", export.toString());
    List<String> lines = Files.readAllLines(export);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).isEqualTo("load_id,file,kind,line,reason,row");
    assertThat(lines.get(1))
        .startsWith("1,service_requests.csv,service_requests,4,timestamp without offset");

    CliRunner.Result status = CliRunner.run("--store", store(), "status", "--json");
    JsonNode s = Json.MAPPER.readTree(status.out());
    assertThat(s.get("rows").get("service_requests").asLong()).isEqualTo(1);
    assertThat(s.get("months").get("2023-08").get("service_requests").asLong()).isEqualTo(1);
    assertThat(s.get("quarantined").asLong()).isEqualTo(1);
  }

  @Test
  void commandsThatOnlyReadCreateNoStore() {
    Path nowhere = dir.resolve("typo");
    for (String[] command :
        List.of(
            new String[] {"status"},
            new String[] {"quarantine"},
            new String[] {"risks", "list"},
            new String[] {"incidents", "list"},
            new String[] {"audit"})) {
      List<String> args = new java.util.ArrayList<>(List.of("--store", nowhere.toString()));
      args.addAll(List.of(command));
      CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
      assertThat(r.exitCode()).as(String.join(" ", command)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", command)).contains("no store at " + nowhere);
      assertThat(Files.exists(nowhere)).as(String.join(" ", command)).isFalse();
    }
  }

  @Test
  void aWrongOptionValueIsOneLineNotTheWholeUsage() {
    CliRunner.Result r =
        CliRunner.run("--store", store(), "pmr", "--month", "2023-08", "--format", "xml");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).hasLineCount(1).startsWith("meterwatch: ").endsWith("[USAGE]\n");
    assertThat(r.err()).contains("xml").contains("meterwatch pmr --help");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void theCommandListShowsEachDescriptionWhole() {
    String help = CliRunner.run("--help").out();
    assertThat(help)
        .contains("  load        Loads a drop, or a DUIS log (--duis), into the store.\n")
        .contains(
            "  demo        Simulates OPSG 105's story into the store and reports August 2023.\n");
  }

  @Test
  void quarantineRefusesANegativeLimitAndNamesAnExportFolderThatIsMissing() {
    CliRunner.Result negative = CliRunner.run("--store", store(), "quarantine", "--limit", "-1");
    assertThat(negative.exitCode()).isNotZero();
    assertThat(negative.err())
        .isEqualTo("meterwatch: --limit must be 0 (all rows) or more, got -1 [USAGE]\n");
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation,role", "U1,Org,IS");
    assertThat(CliRunner.run("--store", store(), "load", drop.toString()).exitCode()).isZero();
    Path nowhere = dir.resolve("nowhere").resolve("q.csv");
    CliRunner.Result export =
        CliRunner.run("--store", store(), "quarantine", "--export", nowhere.toString());
    assertThat(export.exitCode()).isNotZero();
    assertThat(export.err())
        .isEqualTo(
            "meterwatch: cannot write " + nowhere + ": its folder does not exist [NOT_FOUND]\n");
  }

  @Test
  void aFailedFileGivesANonZeroExitAndOneClearLine() {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "devices.csv", "device_id", "D1");
    CliRunner.Result r = CliRunner.run("--store", store(), "load", drop.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.out())
        .contains("FAILED devices.csv: missing required columns device_type, smets, provider");
  }

  @Test
  void errorsAreOneLineWithoutStackTraceUnlessDebug() {
    CliRunner.Result r = CliRunner.run("--store", store(), "load", dir.resolve("nope").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err().strip())
        .startsWith("meterwatch: no such drop")
        .doesNotContain("\n")
        .doesNotContain("at uk.");
    CliRunner.Result debug =
        CliRunner.run("--store", store(), "--debug", "load", dir.resolve("nope").toString());
    assertThat(debug.err()).contains("at uk.meterwatch");
  }

  @Test
  void theStoreComesFromTheEnvironmentWhenNoOptionIsGiven() {
    Path envStore = dir.resolve("env-store");
    Main.setEnvironmentForTest(Map.of("METERWATCH_STORE", envStore.toString()));
    // status only reads: it names the store it looked for and creates none.
    CliRunner.Result missing = CliRunner.run("status");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("no store at " + envStore).contains("[NOT_FOUND]");
    assertThat(Files.exists(envStore)).isFalse();
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation,role", "U1,Org,IS");
    assertThat(CliRunner.run("load", drop.toString()).exitCode()).isZero();
    CliRunner.Result r = CliRunner.run("status");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains(envStore.toAbsolutePath().toString());
    assertThat(Files.exists(envStore.resolve("meterwatch.duckdb"))).isTrue();
  }
}
