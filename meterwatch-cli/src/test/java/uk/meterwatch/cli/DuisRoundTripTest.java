package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.store.Store;

/**
 * Simulator -> DUIS log -> load gives the same measures as the CSV drop of the same simulation, and
 * a store loaded from one User's own log measures that User's experience.
 */
class DuisRoundTripTest {
  @TempDir Path dir;

  private static CliRunner.Result ok(String... args) {
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isZero();
    return r;
  }

  private void simulate(Path drop, String format) {
    ok(
        "simulate",
        "--scenario",
        "opsg-105",
        "--out",
        drop.toString(),
        "--devices",
        "150",
        "--from",
        "2023-08",
        "--to",
        "2023-08",
        "--seed",
        "8",
        "--format",
        format);
  }

  private static long count(Path store, String sql) throws SQLException {
    try (Store s = Store.open(store);
        Statement st = s.connection().createStatement();
        ResultSet r = st.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static JsonNode json(String out) throws Exception {
    return Json.MAPPER.readTree(out);
  }

  @Test
  void aDuisLogOfASimulationMeasuresLikeItsCsvDrop() throws Exception {
    Path csv = dir.resolve("csv");
    Path duis = dir.resolve("duis");
    simulate(csv, "csv");
    simulate(duis, "duis");
    Path log = duis.resolve("duis-log.jsonl");
    assertThat(log).exists();
    assertThat(duis.resolve("service_requests.csv")).doesNotExist();
    assertThat(duis.resolve("devices.csv")).exists();

    String storeA = dir.resolve("a").toString();
    String storeB = dir.resolve("b").toString();
    ok("--store", storeA, "load", csv.toString());
    CliRunner.Result inventory = ok("--store", storeB, "load", duis.toString(), "--json");
    assertThat(json(inventory.out()).get("ignored").get(0).asText()).isEqualTo("duis-log.jsonl");
    CliRunner.Result loaded = ok("--store", storeB, "load", "--duis", log.toString(), "--json");
    JsonNode totals = json(loaded.out()).get("totals");
    assertThat(totals.get("quarantined").asLong()).isZero();
    assertThat(totals.get("duplicates").asLong()).isZero();
    assertThat(totals.get("read").asLong()).isEqualTo(Files.readAllLines(log).size());

    // Every request and response went through DUIS unchanged, with ACK/RESPONSE told apart
    // from the messages alone (the CSV says it in its kind column).
    String responses =
        "SELECT count(*) FROM (SELECT request_id, sent_us, code, kind FROM service_responses"
            + " ORDER BY ALL)";
    assertThat(count(dir.resolve("b"), responses)).isEqualTo(count(dir.resolve("a"), responses));
    for (String sql :
        List.of(
            "SELECT count(*) FROM service_requests",
            "SELECT count(*) FROM service_responses WHERE kind = 'ACK'",
            "SELECT count(*) FROM service_requests WHERE execute_us IS NOT NULL",
            "SELECT count(*) FROM service_requests WHERE device_id IS NULL",
            "SELECT sum(received_us % 1000003) FROM service_requests",
            "SELECT sum(sent_us % 1000003) FROM service_responses")) {
      assertThat(count(dir.resolve("b"), sql)).as(sql).isEqualTo(count(dir.resolve("a"), sql));
    }
    // A User never sees an alert that was never delivered: the log has every other one.
    long undelivered =
        count(dir.resolve("a"), "SELECT count(*) FROM alerts WHERE delivered_us IS NULL");
    assertThat(count(dir.resolve("b"), "SELECT count(*) FROM alerts"))
        .isEqualTo(count(dir.resolve("a"), "SELECT count(*) FROM alerts") - undelivered);
    try (Store a = Store.open(dir.resolve("a"));
        Statement s = a.connection().createStatement()) {
      s.execute("DELETE FROM alerts WHERE delivered_us IS NULL");
    }

    JsonNode pmrA =
        json(ok("--store", storeA, "pmr", "--month", "2023-08", "--format", "json").out());
    JsonNode pmrB =
        json(ok("--store", storeB, "pmr", "--month", "2023-08", "--format", "json").out());
    assertThat(pmrB.get("measures")).isEqualTo(pmrA.get("measures"));
    assertThat(pmrA.get("measures").size()).isGreaterThan(5);
    JsonNode bpiA =
        json(ok("--store", storeA, "bpi", "--month", "2023-08", "--format", "json").out());
    JsonNode bpiB =
        json(ok("--store", storeB, "bpi", "--month", "2023-08", "--format", "json").out());
    assertThat(bpiB).isEqualTo(bpiA);
  }

  @Test
  void aStoreLoadedFromOneUsersOwnLogMeasuresThatUsersExperience() throws Exception {
    Path duis = dir.resolve("duis");
    simulate(duis, "duis");
    // One User's log: the requests it sent (RequestID = user:target:counter), the responses to
    // them, and the alerts delivered to it (ResponseID = origin:user:counter).
    List<String> all = Files.readAllLines(duis.resolve("duis-log.jsonl"));
    String first = all.get(0);
    int at = first.indexOf("<sr:RequestID>") + "<sr:RequestID>".length();
    String user = first.substring(at, first.indexOf(':', at));
    List<String> mine =
        all.stream()
            .filter(
                l ->
                    l.contains("<sr:RequestID>" + user + ":")
                        || (l.contains("AlertMessage>") && l.contains(":" + user + ":")))
            .toList();
    assertThat(mine).isNotEmpty().hasSizeLessThan(all.size());
    Path own = dir.resolve("own.jsonl");
    Files.write(own, mine, StandardCharsets.UTF_8);

    String store = dir.resolve("own-store").toString();
    ok("--store", store, "load", "--duis", own.toString());
    assertThat(
            count(
                dir.resolve("own-store"),
                "SELECT count(*) FROM service_requests WHERE user_id <> '" + user + "'"))
        .isZero();
    assertThat(
            count(
                dir.resolve("own-store"),
                "SELECT count(*) FROM alerts WHERE user_id <> '" + user + "'"))
        .isZero();

    JsonNode pmr =
        json(ok("--store", store, "pmr", "--month", "2023-08", "--format", "json").out());
    JsonNode bpi =
        json(ok("--store", store, "bpi", "--month", "2023-08", "--format", "json").out());
    assertThat(pmr.toString()).contains("CPM1");
    assertThat(bpi.toString()).contains(user).doesNotContain("90-B3-D5-1F-30-FF");
  }

  @Test
  void loadTakesADropOrADuisLogNotBothNorNeither() {
    String store = dir.resolve("s").toString();
    CliRunner.Result neither = CliRunner.run("--store", store, "load");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("give either a DROP or --duis LOG").contains("[USAGE]");
    CliRunner.Result both = CliRunner.run("--store", store, "load", "d", "--duis", "l.jsonl");
    assertThat(both.exitCode()).isEqualTo(2);
    CliRunner.Result missing =
        CliRunner.run("--store", store, "load", "--duis", dir.resolve("none.jsonl").toString());
    assertThat(missing.exitCode()).isNotZero();
    assertThat(missing.err()).contains("no such DUIS log");
  }
}
