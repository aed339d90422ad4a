package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.testing.Drops;

/**
 * {@code meterwatch exceptions}: added, listed, shown, withdrawn, exported and imported, each
 * change audited; the PMR's table, JSON, CSV, {@code --explain} and {@code --rows} say what they
 * left out.
 */
class ExceptionsCommandTest {
  @TempDir Path dir;
  String store;

  @BeforeEach
  void load() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "devices.csv",
        "device_id,device_type,smets,provider",
        "D1,ESME,2,CSP-N",
        "D2,ESME,2,CSP-C");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at,execute_at",
        "Q1,U1,2.2,D1,2023-10-10T10:00:00Z,", // within
        "Q2,U1,2.2,D1,2023-10-10T11:00:00Z,", // late
        "Q3,U1,2.2,D2,2023-10-11T10:00:00Z,", // within
        "Q4,U1,2.2,D2,2023-10-12T10:00:00Z,"); // no response
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code,kind",
        "Q1,2023-10-10T10:00:05Z,I0,RESPONSE",
        "Q2,2023-10-10T11:01:30Z,I0,RESPONSE",
        "Q3,2023-10-11T10:00:05Z,I0,RESPONSE");
    store = dir.resolve("store").toString();
    CliRunner.Result loaded = CliRunner.run("--store", store, "load", drop.toString());
    assertThat(loaded.exitCode()).as(loaded.err()).isZero();
  }

  private CliRunner.Result run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--store";
    all[1] = store;
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRunner.run(all);
  }

  @Test
  void anExceptionShowsInEveryFormOfTheReportAndItsChangesAreAudited() throws Exception {
    CliRunner.Result added =
        run(
            "exceptions",
            "add",
            "EXC-2023-014",
            "--measure",
            "CPM1,CPM1-S",
            "--item",
            "Q2",
            "--item",
            "Q4",
            "--reason",
            "no access to the premises",
            "--approved-by",
            "OPSG chair",
            "--approved-on",
            "2023-11-02",
            "--user",
            "ana");
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(added.out()).isEqualTo("added exception EXC-2023-014 (CPM1, CPM1-S; 2 items)\n");

    CliRunner.Result table = run("pmr", "--month", "2023-10");
    assertThat(table.exitCode()).as(table.err()).isZero();
    // CPM1: Q1 Q3 within of Q1 Q3 (Q2 late and Q4 unanswered excepted).
    assertThat(table.out())
        .contains("Left out of the population by approved exceptions")
        .contains("  CPM1: left out by approved exception: 2 (EXC-2023-014)")
        .contains("  CPM1 CSP-N: left out by approved exception: 1 (EXC-2023-014)")
        .contains("  CPM1-S CSP-C: left out by approved exception: 1 (EXC-2023-014)");

    JsonNode json =
        Json.MAPPER.readTree(run("pmr", "--month", "2023-10", "--format", "json").out());
    JsonNode cpm1 = json.get("measures").get(0);
    assertThat(cpm1.get("id").asText()).isEqualTo("CPM1");
    assertThat(cpm1.get("within").asInt()).isEqualTo(2);
    assertThat(cpm1.get("population").asInt()).isEqualTo(2);
    assertThat(cpm1.get("excepted").asInt()).isEqualTo(2);
    assertThat(cpm1.get("exceptions").get(0).asText()).isEqualTo("EXC-2023-014");
    for (JsonNode m : json.get("measures")) {
      if (!m.get("id").asText().startsWith("CPM1")) {
        assertThat(m.get("excepted").asInt()).as(m.get("id").asText()).isZero();
        assertThat(m.get("exceptions")).isEmpty();
      }
    }

    List<String> csv = run("pmr", "--month", "2023-10", "--format", "csv").out().lines().toList();
    assertThat(csv.get(0)).endsWith(",source,excepted,exceptions");
    assertThat(csv.get(1)).startsWith("2023-10,default,CPM1,ALL,").endsWith(",2,EXC-2023-014");

    assertThat(run("pmr", "--month", "2023-10", "--explain", "CPM1").out())
        .contains("Left out by approved exception: 2 (EXC-2023-014)");

    List<String> rows = run("pmr", "--month", "2023-10", "--rows", "CPM1").out().lines().toList();
    assertThat(rows).hasSize(5);
    assertThat(rows.get(2))
        .contains(",Q2,CSP-N,2.2,D1,")
        .endsWith(",EXCEPTED,excepted by EXC-2023-014: no access to the premises");

    assertThat(run("exceptions", "list").out())
        .contains("EXC-2023-014")
        .contains("CPM1, CPM1-S")
        .contains("in force")
        .contains("1 exception");
    assertThat(run("exceptions", "show", "EXC-2023-014").out())
        .contains("Items         Q2, Q4")
        .contains("Approved      2023-11-02 by OPSG chair")
        .contains("Status        in force");

    Path exported = dir.resolve("exceptions.csv");
    assertThat(run("exceptions", "export", "--out", exported.toString()).exitCode()).isZero();
    assertThat(Files.readAllLines(exported).get(0))
        .isEqualTo(
            "exception_id,measures,scope,items,period_from,period_to,reason,approved_by,"
                + "approved_on,withdrawn_on,withdrawn_reason");
    assertThat(Files.readAllLines(exported).get(1))
        .isEqualTo(
            "EXC-2023-014,CPM1;CPM1-S,ALL,Q2;Q4,,,no access to the premises,OPSG chair,"
                + "2023-11-02,,");

    CliRunner.Result withdrawn =
        run("exceptions", "withdraw", "EXC-2023-014", "--reason", "access found", "--user", "bo");
    assertThat(withdrawn.exitCode()).as(withdrawn.err()).isZero();
    assertThat(run("pmr", "--month", "2023-10").out()).doesNotContain("approved exception");
    assertThat(run("exceptions", "list", "--in-force").out()).contains("0 exceptions");

    CliRunner.Result audit = run("audit", "--register", "exceptions", "--json");
    JsonNode trail = Json.MAPPER.readTree(audit.out());
    assertThat(trail).hasSize(2);
    assertThat(trail.get(0).get("operation").asText()).isEqualTo("ADD");
    assertThat(trail.get(0).get("who").asText()).isEqualTo("ana");
    assertThat(trail.get(1).get("operation").asText()).isEqualTo("WITHDRAW");
    assertThat(trail.get(1).get("who").asText()).isEqualTo("bo");

    // The export read back into another store: the same exception, in force again there.
    String other = dir.resolve("other").toString();
    CliRunner.Result imported =
        CliRunner.run("--store", other, "exceptions", "import", exported.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("exceptions: 1 read, 1 added, 0 updated, 0 unchanged");
    assertThat(
            Json.MAPPER
                .readTree(
                    CliRunner.run("--store", other, "exceptions", "show", "EXC-2023-014", "--json")
                        .out())
                .get("items")
                .toString())
        .isEqualTo("[\"Q2\",\"Q4\"]");
  }

  @Test
  void aBadImportNamesItsLineAndImportsNothing() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(
        file,
        "exception_id,measures,scope,items,period_from,period_to,reason,approved_by,approved_on\n"
            + "EX-1,CPM1,ALL,Q2,,,ok,chair,2023-11-02\n"
            + "EX-2,CPM6,ALL,Q2,,,a period is needed,chair,2023-11-02\n");
    CliRunner.Result r = run("exceptions", "import", file.toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err())
        .contains("bad.csv: 1 bad row, nothing imported: bad.csv line 3:")
        .contains("CPM6 counts minutes of availability");
    assertThat(run("exceptions", "list").out()).contains("0 exceptions");
  }
}
