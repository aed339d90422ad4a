package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.pmr.PmrRows;
import uk.meterwatch.engine.store.Store;

class PmrCommandTest {
  @TempDir Path dir;
  private Path store;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void seed() {
    store = dir.resolve("store");
    PmrCommand.clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
    RulesCommand.clock = Clock.fixed(Instant.parse("2023-08-15T00:00:00Z"), ZoneOffset.UTC);
    try (Store s = Store.open(store)) {
      PmrRows rows = new PmrRows(s);
      rows.incident(
          "INC000001076111", 1, "2023-08-20T05:10:00Z", "2023-08-20T11:40:00Z", "DUIS;SSI", true);
      rows.incident("INC2", 1, "2023-08-03T10:00:00Z", "2023-08-03T12:00:00Z", "DUIS", true);
      rows.incident("INC3", 2, "2023-08-10T10:00:00Z", "2023-08-10T17:00:00Z", "DSP", true);
      rows.incident("INC4", 2, "2023-08-15T10:00:00Z", "2023-08-15T18:00:00Z", "DSP", true);
      rows.device("D1", "CSP-N");
      rows.alert("A1", "D1", "2023-08-02T10:00:00Z", "2023-08-02T10:00:30Z");
      rows.alert("A2", "D1", "2023-08-02T10:00:00Z", null);
    }
  }

  @AfterEach
  void resetClock() {
    PmrCommand.clock = Clock.systemUTC();
    RulesCommand.clock = Clock.systemUTC();
  }

  private int run(String... args) {
    return Main.run(args, new PrintWriter(out), new PrintWriter(err));
  }

  @Test
  void jsonHasTheShapeOfTheIssue() throws Exception {
    int code = run("--store", store.toString(), "pmr", "--month", "2023-08", "--format", "json");
    assertThat(code).as(err.toString()).isZero();
    JsonNode root = Json.MAPPER.readTree(out.toString());
    assertThat(root.get("month").asText()).isEqualTo("2023-08");
    assertThat(root.get("rule_set").asText()).isEqualTo("default");
    JsonNode cpm6 = null;
    JsonNode cpm4 = null;
    for (JsonNode m : root.get("measures")) {
      if (m.get("id").asText().equals("CPM6")) {
        cpm6 = m;
      }
      if (m.get("id").asText().equals("CPM4")) {
        cpm4 = m;
      }
    }
    assertThat(cpm6).isNotNull();
    assertThat(cpm6.get("scope").asText()).isEqualTo("ALL");
    assertThat(cpm6.get("value").decimalValue()).isEqualByComparingTo("99.13");
    assertThat(cpm6.get("target").decimalValue()).isEqualByComparingTo("99.5");
    assertThat(cpm6.get("minimum").decimalValue()).isEqualByComparingTo("98");
    assertThat(cpm6.get("status").asText()).isEqualTo("BELOW_TARGET");
    assertThat(cpm6.get("within").asLong()).isEqualTo(44250);
    assertThat(cpm6.get("population").asLong()).isEqualTo(44640);
    assertThat(cpm6.get("consecutive_below_minimum").asInt()).isZero();
    assertThat(cpm6.get("non_compliance").asBoolean()).isFalse();
    assertThat(cpm6.get("previous_value").decimalValue()).isEqualByComparingTo("100.00");
    assertThat(cpm6.get("definition").asText()).contains("Target Availability Period");
    assertThat(cpm6.get("name").asText()).isNotBlank();
    assertThat(cpm4.get("value").decimalValue()).isEqualByComparingTo("75.00");
    assertThat(cpm4.get("status").asText()).isEqualTo("BELOW_MINIMUM");
    assertThat(cpm4.get("consecutive_below_minimum").asInt()).isEqualTo(1);
    assertThat(out.toString()).contains("\"value\" : 99.13").doesNotContain("E+");
  }

  @Test
  void tableShowsStatusWords() {
    int code = run("--store", store.toString(), "pmr", "--month", "2023-08");
    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("Performance Measurement Report 2023-08").contains("44640 minutes");
    assertThat(text)
        .containsPattern("CPM6\\s+ALL\\s+99.13\\s+99.5\\s+98\\s+BELOW_TARGET\\s+44250 / 44640");
    assertThat(text).containsPattern("CPM4\\s+ALL\\s+75.00\\s+100\\s+85\\s+BELOW_MINIMUM");
    assertThat(text).containsPattern("CPM3\\s+CSP-N\\s+50.00");
    assertThat(text).containsPattern("CPM1\\s+ALL\\s+-\\s+99\\s+96\\s+NO_DATA");
  }

  @Test
  void csvHasAHeaderAndOneRowPerLine() {
    int code = run("--store", store.toString(), "pmr", "--month", "2023-08", "--format", "csv");
    assertThat(code).as(err.toString()).isZero();
    String[] lines = out.toString().split("\r\n");
    assertThat(lines[0]).startsWith("month,rule_set,id,scope,name,value,target,minimum,status");
    assertThat(out.toString())
        .contains(
            "2023-08,default,CPM6,ALL,Self Service Interface availability,99.13,99.5,98,BELOW_TARGET,44250,44640,0,false,100.00,");
  }

  /** R1 answered only by an E65 acknowledgement, R2 by an E65 and then an I0 in time. */
  private void rejectedRequests() {
    try (Store s = Store.open(store)) {
      new PmrRows(s)
          .request("R1", "2.2", "D1", "2023-08-10T10:00:00Z", null)
          .exec(
              "INSERT INTO service_responses (request_id, sent_us, code, kind, load_id, line)"
                  + " VALUES ('R1', ?, 'E65', 'ACK', 1, 90), ('R2', ?, 'E65', 'ACK', 1, 91)",
              PmrRows.us("2023-08-10T10:00:01Z"),
              PmrRows.us("2023-08-10T11:00:01Z"))
          .request("R2", "2.2", "D1", "2023-08-10T11:00:00Z", null)
          .response("R2", "2023-08-10T11:00:10Z", "I0");
    }
  }

  @Test
  void requestsTheDccRejectedAreCountedApartInEveryForm() throws Exception {
    rejectedRequests();
    assertThat(run("--store", store.toString(), "pmr", "--month", "2023-08", "--format", "json"))
        .as(err.toString())
        .isZero();
    JsonNode root = Json.MAPPER.readTree(out.toString());
    assertThat(root.get("rejected_requests").asText()).isEqualTo("exclude");
    for (JsonNode m : root.get("measures")) {
      String line = m.get("id").asText() + " " + m.get("scope").asText();
      switch (line) {
        case "CPM1 ALL", "CPM1 CSP-N" -> {
          assertThat(m.get("population").asLong()).as(line).isEqualTo(1);
          assertThat(m.get("within").asLong()).as(line).isEqualTo(1);
          assertThat(m.get("rejected").asLong()).as(line).isEqualTo(1);
          assertThat(m.get("source").asText())
              .isEqualTo("SEC Section H13.1; DCC Performance Measurement Methodology (2018), p.3");
        }
        case "CPM2 ALL" -> assertThat(m.get("rejected").asLong()).isZero();
        case "CPM1-S ALL" -> assertThat(m.get("source").asText()).isEqualTo("local");
        case "CPM3 ALL", "CPM4 ALL", "CPM6 ALL" -> assertThat(m.get("rejected").isNull()).isTrue();
        default -> {}
      }
    }
    out.getBuffer().setLength(0);
    assertThat(run("--store", store.toString(), "pmr", "--month", "2023-08")).isZero();
    assertThat(out.toString())
        .contains("CPM1: rejected by the DCC: 1")
        .contains("CPM1 CSP-N: rejected by the DCC: 1")
        .contains("CPM2: rejected by the DCC: 0");
    out.getBuffer().setLength(0);
    assertThat(run("--store", store.toString(), "pmr", "--month", "2023-08", "--format", "csv"))
        .isZero();
    String[] csv = out.toString().split("\r\n");
    assertThat(csv[0]).endsWith(",calculation,unit,rejected,source,excepted,exceptions");
    assertThat(csv)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("2023-08,default,CPM1,ALL,")
                    .endsWith(
                        ",ON_DEMAND_RESPONSE_TIME,requests,1,\"SEC Section H13.1; DCC Performance"
                            + " Measurement Methodology (2018), p.3\",0,"));
    out.getBuffer().setLength(0);
    assertThat(run("--store", store.toString(), "pmr", "--month", "2023-08", "--explain", "CPM1"))
        .isZero();
    assertThat(out.toString()).contains("Rejected by the DCC: 1 (left out of the population)");

    Path rules = Files.createDirectories(dir.resolve("miss"));
    Files.writeString(
        rules.resolve("miss.yaml"),
        "name: miss\neffective_from: 2023-01-01\nrejected_requests: count_as_miss\n");
    out.getBuffer().setLength(0);
    assertThat(
            run(
                "--store",
                store.toString(),
                "pmr",
                "--month",
                "2023-08",
                "--rules",
                rules.toString()))
        .isZero();
    assertThat(out.toString())
        .containsPattern("CPM1\\s+ALL\\s+50.00\\s+99\\s+96\\s+BELOW_MINIMUM\\s+1 / 2")
        .contains("count as misses (rejected_requests: count_as_miss)");
  }

  @Test
  void explainShowsTheMisses() {
    int code = run("--store", store.toString(), "pmr", "--month", "2023-08", "--explain", "CPM3");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Misses by provider (most first):")
        .containsPattern("CSP-N\\s+1");
    assertThat(out.toString()).contains("Misses inside incident windows: 0 (0.00%)");
  }

  @Test
  void rulesNamingAFileSaysItIsNotAFolder() throws Exception {
    Path file = Files.writeString(dir.resolve("rules.txt"), "name: x\n");
    int code =
        run("--store", store.toString(), "pmr", "--month", "2023-08", "--rules", file.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains(file + " is a file: --rules names a folder of rule set files (*.yaml)");
  }

  @Test
  void explainAsCsvListsEachBreakdownsCounts() {
    int code =
        run(
            "--store",
            store.toString(),
            "pmr",
            "--month",
            "2023-08",
            "--explain",
            "CPM3",
            "--format",
            "csv");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("breakdown,key,misses\n")
        .contains("provider,CSP-N,1\n")
        .endsWith("incident_windows,inside,0\n");
  }

  @Test
  void userRuleSetsFromAFolderAndFromTheStoreApply() throws Exception {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("north.yaml"),
        """
        name: north-alerts
        effective_from: 2023-08-01
        add_measures:
          - id: CPM3-N
            name: Alerts of CSP North
            calculation: ALERT_DELIVERY_TIME
            providers: [CSP-N]
            target: 99
            minimum: 40
            definition: As CPM3, for devices of CSP North.
        """,
        StandardCharsets.UTF_8);
    int code =
        run("--store", store.toString(), "pmr", "--month", "2023-08", "--rules", rules.toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("Rule set: north-alerts")
        .containsPattern("CPM3-N\\s+ALL\\s+50.00\\s+99\\s+40\\s+BELOW_TARGET");
    Files.createDirectories(store.resolve("rules"));
    Files.copy(rules.resolve("north.yaml"), store.resolve("rules/north.yaml"));
    out.getBuffer().setLength(0);
    code = run("--store", store.toString(), "rules");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("* north-alerts")
        .contains("In force for 2023-08: north-alerts")
        .contains("CPM3-N  Alerts of CSP North")
        // Each measure says where its definition comes from; a user's without source is local.
        .contains(
            "CPM1  On-demand Service Responses within the Target Response Time\n"
                + "  calculation ON_DEMAND_RESPONSE_TIME, target 99, minimum 96, per provider\n"
                + "  source: SEC Section H13.1; DCC Performance Measurement Methodology (2018),"
                + " p.3\n")
        .containsPattern("CPM1-S  .*\\n.*\\n  source: local \\(no public text defines it")
        .containsPattern("CPM3-N  .*\\n.*\\n  source: local ")
        // The SMKI and D11 measures, with their sources and the SMKI's times.
        .contains("SMKI Target Response Times  certificate signing 30 s, SMKI Repository 10 s")
        .containsPattern(
            "CPM7  SMKI Certificate Signing Requests .*\\n"
                + "  calculation SMKI_CSR_RESPONSE_TIME, target 99, minimum 96\\n"
                + "  source: SEC Section L8.6\\n")
        .containsPattern("CPM8  .*\\n.*\\n  source: SEC Section L8.6; DCC Performance Measurement")
        .containsPattern("CPM-D11.1  .*\\n.*target 100, minimum 85\\n  source: local ")
        .containsPattern("CPM-D11.2  .*\\n.*\\n  source: local ");
    out.getBuffer().setLength(0);
    code = run("--store", store.toString(), "rules", "--month", "2023-07");
    assertThat(out.toString()).contains("* default").doesNotContain("CPM3-N  Alerts");
  }

  @Test
  void errorsAreOneClearLine() throws Exception {
    assertThat(run("--store", store.toString(), "pmr", "--month", "2023-13")).isEqualTo(2);
    assertThat(err.toString()).contains("not a month: '2023-13'").contains("[USAGE]");
    assertThat(run("--store", dir.resolve("none").toString(), "pmr", "--month", "2023-08"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no store at").contains("[NOT_FOUND]");
    assertThat(run("--store", store.toString(), "pmr", "--month", "2023-08", "--explain", "CPM9"))
        .isEqualTo(2);
    assertThat(err.toString()).contains("no measure CPM9");
    Path bad = Files.createDirectories(dir.resolve("bad"));
    Files.writeString(
        bad.resolve("x.yaml"),
        "name: x\neffective_from: 2023-01-01\nadd_measures:\n  - {id: CPM1, calculation: ALERT_DELIVERY_TIME, target: 90, minimum: 95}\n",
        StandardCharsets.UTF_8);
    assertThat(run("--store", store.toString(), "rules", "--rules", bad.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("x.yaml: measure CPM1 has a minimum above its target")
        .contains("[RULES]");
  }
}
