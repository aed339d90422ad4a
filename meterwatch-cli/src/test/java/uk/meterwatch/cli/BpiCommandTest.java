package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.bpi.BpiRows;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.store.Store;

class BpiCommandTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void store() {
    Instant t = Instant.parse("2023-08-10T10:00:00Z");
    try (Store store = Store.open(dir)) {
      BpiRows rows = new BpiRows(store);
      rows.user("SUPPLIER-X", "Org X").user("SUPPLIER-Y", "Org X").user("SUPPLIER-Z", "Org Z");
      rows.device("D1", "SUPPLIER-Y").device("D2", "SUPPLIER-Z");
      // SUPPLIER-X: a first-time success and a retry success with a duplicate while pending
      rows.request("a1", "SUPPLIER-X", "2.2", "D1", t).response("a1", t.plusSeconds(4), "I0");
      rows.request("b1", "SUPPLIER-X", "2.2", "D2", t).response("b1", t.plusSeconds(30), "E21");
      rows.request("b2", "SUPPLIER-X", "2.2", "D2", t.plusSeconds(10));
      rows.response("b2", t.plusSeconds(31), "E21");
      rows.request("b3", "SUPPLIER-X", "2.2", "D2", t.plusSeconds(600));
      rows.response("b3", t.plusSeconds(605), "I0");
      // SUPPLIER-Z: an E5 failure
      rows.request("c1", "SUPPLIER-Z", "2.2", "D2", t).response("c1", t.plusSeconds(2), "E5");
      // change of supply: an internal migration (X takes D1 from Y, same organisation)
      rows.request("m1", "SUPPLIER-X", "6.23", "D1", t).response("m1", t.plusSeconds(3), "I0");
    }
  }

  private int run(String... args) {
    List<String> all = new ArrayList<>(List.of("--store", dir.toString()));
    all.addAll(List.of(args));
    return Main.run(all.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void jsonHasThePromisedShape() throws Exception {
    assertThat(run("bpi", "--month", "2023-08", "--format", "json")).isZero();
    JsonNode root = Json.MAPPER.readTree(out.toString());
    assertThat(root.get("month").asText()).isEqualTo("2023-08");
    JsonNode processes = root.get("processes");
    assertThat(processes).hasSize(6);
    JsonNode prepayment = processes.get(0);
    assertThat(prepayment.get("process").asText()).isEqualTo("PREPAYMENT");
    assertThat(prepayment.get("transactions").asLong()).isEqualTo(3);
    assertThat(prepayment.get("requests").asLong()).isEqualTo(5);
    assertThat(prepayment.get("duplicates").asLong()).isEqualTo(1);
    assertThat(prepayment.get("success_rate").asDouble()).isEqualTo(66.67);
    assertThat(prepayment.get("request_success_rate").asDouble()).isEqualTo(40.0);
    JsonNode buckets = prepayment.get("buckets");
    assertThat(fieldNames(buckets))
        .containsExactly(
            "FIRST_TIME_SUCCESS",
            "RETRY_SUCCESS",
            "SUBSEQUENT_SUCCESS",
            "PENDING",
            "INCORRECT_CERTIFICATE",
            "COMMUNICATING",
            "NON_COMMUNICATING",
            "OTHER_FAILURE");
    assertThat(buckets.get("FIRST_TIME_SUCCESS").asLong()).isEqualTo(1);
    assertThat(buckets.get("RETRY_SUCCESS").asLong()).isEqualTo(1);
    // SUPPLIER-Z owns D2's certificate, so its E5 is not a certificate problem
    assertThat(buckets.get("OTHER_FAILURE").asLong()).isEqualTo(1);
    assertThat(prepayment.get("other_failure_codes").get("E5").asLong()).isEqualTo(1);
    JsonNode tts = prepayment.get("time_to_success");
    assertThat(fieldNames(tts))
        .startsWith("median_s", "p95_s", "within_target", "within_1h", "within_24h", "over_24h");
    // 4 s and 605 s: median 304.5, p95 0.95 x 601 + 4 = 574.95
    assertThat(tts.get("median_s").asDouble()).isEqualTo(304.5);
    assertThat(tts.get("p95_s").asDouble()).isEqualTo(574.95);
    assertThat(tts.get("within_target").asLong()).isEqualTo(1);
    assertThat(tts.get("within_1h").asLong()).isEqualTo(2);
    JsonNode users = prepayment.get("users");
    assertThat(users).hasSize(2);
    assertThat(fieldNames(users.get(0)))
        .startsWith("user_id", "transactions", "success_rate", "duplicates", "flagged");
    assertThat(users.get(0).get("user_id").asText()).isEqualTo("SUPPLIER-X");
    assertThat(users.get(0).get("success_rate").asDouble()).isEqualTo(100.0);
    assertThat(fieldNames(prepayment.get("use_cases")))
        .containsExactly("SUPPLIER_SWITCH", "INTERNAL_MIGRATION", "UNKNOWN");
    JsonNode cos = processes.get(2);
    assertThat(cos.get("process").asText()).isEqualTo("CHANGE_OF_SUPPLY");
    assertThat(cos.get("use_cases").get("INTERNAL_MIGRATION").asLong()).isEqualTo(1);
    // a process with no transaction: rates are null, every bucket present
    JsonNode firmware = processes.get(3);
    assertThat(firmware.get("transactions").asLong()).isZero();
    assertThat(firmware.get("success_rate").isNull()).isTrue();
    assertThat(firmware.get("buckets")).hasSize(8);
  }

  @Test
  void publishNeverPrintsAUserId() throws Exception {
    for (String format : List.of("json", "csv", "table")) {
      out.getBuffer().setLength(0);
      assertThat(run("bpi", "--month", "2023-08", "--format", format, "--publish")).isZero();
      assertThat(out.toString()).doesNotContain("SUPPLIER-").contains("User A").contains("User B");
    }
    out.getBuffer().setLength(0);
    run("bpi", "--month", "2023-08", "--format", "json", "--publish", "--process", "PREPAYMENT");
    JsonNode users = Json.MAPPER.readTree(out.toString()).get("processes").get(0).get("users");
    // sorted by user_id: SUPPLIER-X is User A, SUPPLIER-Z is User B
    assertThat(users.get(0).get("user_id").asText()).isEqualTo("User A");
    assertThat(users.get(0).get("transactions").asLong()).isEqualTo(2);
    assertThat(users.get(1).get("user_id").asText()).isEqualTo("User B");
  }

  @Test
  void oneProcessAsTableAndCsv() {
    assertThat(run("bpi", "--month", "2023-08", "--process", "prepayment")).isZero();
    assertThat(out.toString())
        .contains("PREPAYMENT: 3 transactions, 5 requests (1 retries, 1 duplicates)")
        .contains("success rate 66.67 %")
        .doesNotContain("TARIFF_UPDATE");
    out.getBuffer().setLength(0);
    assertThat(run("bpi", "--month", "2023-08", "--process", "PREPAYMENT", "--format", "csv"))
        .isZero();
    assertThat(out.toString())
        .startsWith("month,process,section,item,measure,value")
        .contains("2023-08,PREPAYMENT,bucket,RETRY_SUCCESS,transactions,1")
        .contains("2023-08,PREPAYMENT,user,SUPPLIER-Z,success_rate,0.00");
  }

  @Test
  void errorsAreOneClearLine() {
    assertThat(run("bpi", "--month", "2023-13")).isEqualTo(2);
    assertThat(err.toString()).contains("not a month").contains("[USAGE]");
    err.getBuffer().setLength(0);
    assertThat(run("bpi", "--month", "2023-08", "--process", "NOPE")).isEqualTo(2);
    assertThat(err.toString()).contains("no process 'NOPE'").contains("[NOT_FOUND]");
    err.getBuffer().setLength(0);
    String[] args = {"--store", dir.resolve("missing").toString(), "bpi", "--month", "2023-08"};
    assertThat(Main.run(args, new PrintWriter(out), new PrintWriter(err))).isEqualTo(2);
    assertThat(err.toString()).contains("no store at");
  }

  @Test
  void jsonGivesTheSplitsThatAddUpAndTheMonthOnMonth() throws Exception {
    // July: SUPPLIER-X 2 first-time successes on D1 and D2, SUPPLIER-Q (only in July) 1 failure.
    Instant july = Instant.parse("2023-07-10T10:00:00Z");
    try (Store store = Store.open(dir)) {
      BpiRows rows = new BpiRows(store);
      rows.request("j1", "SUPPLIER-X", "2.2", "D1", july).response("j1", july.plusSeconds(3), "I0");
      rows.request("j2", "SUPPLIER-X", "2.2", "D2", july).response("j2", july.plusSeconds(3), "I0");
      rows.request("j3", "SUPPLIER-Q", "2.2", "D9", july).response("j3", july.plusSeconds(3), "E5");
    }
    assertThat(run("bpi", "--month", "2023-08", "--format", "json", "--process", "PREPAYMENT"))
        .isZero();
    JsonNode p = Json.MAPPER.readTree(out.toString()).get("processes").get(0);
    long transactions = p.get("transactions").asLong();
    for (String split : List.of("smets", "region", "srv")) {
      long sum = 0;
      long successes = 0;
      for (JsonNode part : p.get("splits").get(split)) {
        sum += part.get("transactions").asLong();
        successes += part.get("successes").asLong();
      }
      assertThat(sum).as(split).isEqualTo(transactions);
      assertThat(successes).as(split).isEqualTo(p.get("successes").asLong());
    }
    // D1 and D2 are SMETS2 devices of CSP-N (BpiRows' default); no SMETS1, so no cohort part
    assertThat(p.get("splits").get("smets").get("SMETS2").get("transactions").asLong())
        .isEqualTo(3);
    assertThat(p.get("splits").get("region").get("CSP-N").get("success_rate").asDouble())
        .isEqualTo(66.67);
    assertThat(p.get("splits").get("cohort").get("IOC").get("transactions").asLong()).isZero();
    assertThat(p.get("slow_success_hours").asInt()).isEqualTo(24);
    assertThat(p.get("slow_successes").get("FIRST_TIME_SUCCESS").asLong()).isZero();
    assertThat(p.get("timely_success_rate").asDouble()).isEqualTo(66.67);
    // July 2 of 3 (66.67 %), August 2 of 3 (66.67 %): no change; X and Q moved it each way
    JsonNode mm = p.get("month_on_month");
    assertThat(mm.get("previous_month").asText()).isEqualTo("2023-07");
    assertThat(mm.get("previous_transactions").asLong()).isEqualTo(3);
    assertThat(mm.get("change_points").asDouble()).isEqualTo(0.0);
    double users = 0;
    for (JsonNode u : mm.get("users")) {
      users += u.get("contribution_points").asDouble();
    }
    assertThat(users).isCloseTo(0.0, org.assertj.core.data.Offset.offset(0.02));
    // Published: the August Users keep their letters, SUPPLIER-Q (July only) comes after them.
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "bpi",
                "--month",
                "2023-08",
                "--format",
                "json",
                "--process",
                "PREPAYMENT",
                "--publish"))
        .isZero();
    String published = out.toString();
    assertThat(published).doesNotContain("SUPPLIER-").contains("\"User C\"");
    JsonNode movers =
        Json.MAPPER.readTree(published).get("processes").get(0).get("month_on_month").get("users");
    List<String> names = new ArrayList<>();
    movers.forEach(u -> names.add(u.get("user_id").asText()));
    assertThat(names).containsExactlyInAnyOrder("User A", "User B", "User C");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
