package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import uk.meterwatch.engine.store.Store;

/**
 * Issue 26: one validation for every format. Each rule of a column runs in CSV, JSON Lines and
 * Parquet, with the value written as each format writes it (text in CSV; a JSON type; a Parquet
 * type), and gives the same outcome: stored as the same value, or quarantined with the same reason.
 */
class ColumnRulesTest {
  @TempDir Path dir;

  /** A value as each format writes it: CSV text, JSON text, a DuckDB SQL expression (Parquet). */
  record Value(String csv, String json, String parquet) {}

  static Value text(String s) {
    return new Value(csvText(s), jsonText(s), "'" + s.replace("'", "''") + "'");
  }

  static Value typed(String csv, String json, String parquet) {
    return new Value(csv, json, parquet);
  }

  private static String csvText(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }

  private static String jsonText(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** The other columns of a row of each kind, all valid. */
  private static Map<String, Value> base(Kind kind) {
    Map<String, Value> row = new LinkedHashMap<>();
    switch (kind) {
      case SERVICE_REQUESTS -> {
        row.put("request_id", text("R1"));
        row.put("user_id", text("U1"));
        row.put("user_role", text("IS"));
        row.put("srv", text("2.2"));
        row.put("device_id", text("D1"));
        row.put("received_at", text("2023-08-20T05:10:00Z"));
      }
      case SERVICE_RESPONSES -> {
        row.put("request_id", text("R1"));
        row.put("sent_at", text("2023-08-20T05:10:00Z"));
        row.put("code", text("I0"));
      }
      case ALERTS -> {
        row.put("alert_id", text("A1"));
        row.put("user_id", text("U1"));
        row.put("alert_code", text("8F1C"));
        row.put("raised_at", text("2023-08-20T05:10:00Z"));
      }
      case RISKS -> {
        row.put("risk_id", text("OPSG-1"));
        row.put("title", text("A risk"));
        row.put("likelihood", text("3"));
        row.put("impact", text("4"));
      }
      case OUTAGES -> {
        row.put("service", text("SSI"));
        row.put("start", text("2023-08-20T05:10:00Z"));
        row.put("end", text("2023-08-20T06:10:00Z"));
        row.put("planned", text("false"));
      }
      case INCIDENTS -> {
        row.put("incident_id", text("INC1"));
        row.put("category", text("2"));
        row.put("title", text("An incident"));
        row.put("opened_at", text("2023-08-20T05:10:00Z"));
      }
      default -> throw new IllegalArgumentException(kind.toString());
    }
    return row;
  }

  /**
   * One rule's case: a kind's row with one value set, and either what is stored ({@code stored}
   * read by {@code query}) or the quarantine's reason. {@code formats}: those that can write it.
   */
  record Case(
      String name,
      Kind kind,
      String column,
      Value value,
      String query,
      String stored,
      String reason,
      List<String> formats) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final List<String> ALL = List.of("csv", "jsonl", "parquet");
  private static final List<String> TYPED = List.of("jsonl", "parquet");

  static Case loads(String name, Kind kind, String column, Value v, String query, String stored) {
    return new Case(name, kind, column, v, query, stored, null, ALL);
  }

  static Case refused(String name, Kind kind, String column, Value v, String reason) {
    return new Case(name, kind, column, v, null, null, reason, ALL);
  }

  static Case refusedTyped(String name, Kind kind, String column, Value v, String reason) {
    return new Case(name, kind, column, v, null, null, reason, TYPED);
  }

  static List<Case> cases() {
    Kind rq = Kind.SERVICE_REQUESTS;
    Kind rs = Kind.SERVICE_RESPONSES;
    return List.of(
        // Text columns take text only: a number can lose digits, an id is never a number.
        loads("srv as text", rq, "srv", text("7.10"), "SELECT srv FROM service_requests", "7.10"),
        refusedTyped(
            "srv as a number",
            rq,
            "srv",
            typed(null, "7.10", "7.10::DOUBLE"),
            "srv must be text, got a number: 7.1 (a number can lose digits: 7.10 reads as 7.1)"),
        refusedTyped(
            "request_id as a whole number",
            rq,
            "request_id",
            typed(null, "12", "12::BIGINT"),
            "request_id must be text, got a number: 12 (a number can lose digits: 7.10 reads as"
                + " 7.1)"),
        refusedTyped(
            "user_id as a boolean",
            rq,
            "user_id",
            typed(null, "true", "true"),
            "user_id must be text, got true or false: true"),
        // A list or a structure where one value belongs.
        new Case(
            "request_id as a list",
            rq,
            "request_id",
            typed(null, "[\"P0\",\"Q0\"]", "['P0', 'Q0']"),
            null,
            null,
            "request_id must be one value, got ",
            TYPED),
        new Case(
            "user_id as a structure",
            rq,
            "user_id",
            typed(null, "{\"a\":1}", "{'a': 1}"),
            null,
            null,
            "user_id must be one value, got ",
            TYPED),
        // Whole numbers: as text or as numbers, the same rule.
        loads(
            "likelihood 3",
            Kind.RISKS,
            "likelihood",
            typed("3", "3", "3::INTEGER"),
            "SELECT likelihood FROM risks",
            "3"),
        loads(
            "likelihood 3.0",
            Kind.RISKS,
            "likelihood",
            typed("3.0", "3.0", "3.0::DOUBLE"),
            "SELECT likelihood FROM risks",
            "3"),
        refused(
            "likelihood 3.5",
            Kind.RISKS,
            "likelihood",
            typed("3.5", "3.5", "3.5::DOUBLE"),
            "likelihood must be a whole number from 1 to 5, got 3.5"),
        // Times: epoch milliseconds as text or a number; a time type with its zone.
        loads(
            "received_at in epoch milliseconds",
            rq,
            "received_at",
            typed("1692508200000", "1692508200000", "1692508200000::BIGINT"),
            "SELECT received_us FROM service_requests",
            "1692508200000000"),
        loads(
            "received_at with an offset",
            rq,
            "received_at",
            typed(
                "2023-08-20T06:10:00+01:00",
                "\"2023-08-20T06:10:00+01:00\"",
                "TIMESTAMPTZ '2023-08-20 05:10:00+00'"),
            "SELECT received_us FROM service_requests",
            "1692508200000000"),
        refused(
            "received_at without an offset",
            rq,
            "received_at",
            typed(
                "2023-08-20T05:10:00",
                "\"2023-08-20T05:10:00\"",
                "TIMESTAMP '2023-08-20 05:10:00'"),
            "timestamp without offset in received_at: 2023-08-20"),
        refused(
            "an offset over 18 hours",
            rq,
            "received_at",
            text("2023-08-01T00:00:00+18:01"),
            "unparsable time in received_at: 2023-08-01T00:00:00+18:01"),
        refused(
            "a fraction without digits",
            rq,
            "received_at",
            text("2023-08-01T00:00:00.Z"),
            "unparsable time in received_at: 2023-08-01T00:00:00.Z"),
        // Booleans.
        loads(
            "planned true",
            Kind.OUTAGES,
            "planned",
            typed("TRUE", "true", "true"),
            "SELECT planned FROM outages",
            "true"),
        refused(
            "planned 1",
            Kind.OUTAGES,
            "planned",
            typed("1", "1", "1::INTEGER"),
            "planned must be true or false, got 1"),
        // Lists.
        loads(
            "services as a list",
            Kind.INCIDENTS,
            "services",
            typed("SSI;DUIS", "[\"SSI\",\"DUIS\"]", "['SSI', 'DUIS']"),
            "SELECT services FROM incidents",
            "[SSI, DUIS]"),
        new Case(
            "services as a list of numbers",
            Kind.INCIDENTS,
            "services",
            typed(null, "[1,2]", "[1, 2]"),
            null,
            null,
            "services must be a list of text, got ",
            TYPED),
        // Control characters: never in a value of one line; line breaks only in free text.
        refused(
            "a NUL inside an id",
            rq,
            "request_id",
            typed("R\u00001", "\"R\\u00001\"", "'R' || chr(0) || '1'"),
            "request_id holds a control character (U+0000)"),
        new Case(
            "a line break inside an id",
            rq,
            "request_id",
            text("R\n1"),
            null,
            null,
            "request_id holds a control character (U+000A)",
            TYPED),
        new Case(
            "a line break inside a title",
            Kind.RISKS,
            "title",
            text("two\nlines"),
            "SELECT title FROM risks",
            "two\nlines",
            null,
            ALL),
        // Codes and enumerations: any case, stored in upper case; another form is refused.
        loads(
            "a lower-case acknowledgement",
            rs,
            "code",
            text("i99"),
            "SELECT code || ' ' || kind FROM service_responses",
            "I99 ACK"),
        refused(
            "a code of another form",
            rs,
            "code",
            text("X5"),
            "code must be a DUIS response code: I0, I99 or E and a number (E4, E21), got X5"),
        refused(
            "an error code with a leading zero",
            rs,
            "code",
            text("E04"),
            "code must be a DUIS response code: I0, I99 or E and a number (E4, E21), got E04"),
        loads(
            "a lower-case alert code",
            Kind.ALERTS,
            "alert_code",
            text("8f1c"),
            "SELECT alert_code FROM alerts",
            "8F1C"),
        refused(
            "an alert code of another form",
            Kind.ALERTS,
            "alert_code",
            text("0x8F1C"),
            "alert_code must be an alert code: four hex digits (a device's, 8F1C) or letters and a"
                + " number (the DCC's, N24), got 0x8F1C"),
        loads(
            "a lower-case role",
            rq,
            "user_role",
            text("is"),
            "SELECT user_role FROM service_requests",
            "IS"));
  }

  static Stream<Arguments> casesInEveryFormat() {
    List<Arguments> out = new ArrayList<>();
    for (Case c : cases()) {
      for (String format : c.formats()) {
        out.add(Arguments.of(c, format));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @MethodSource("casesInEveryFormat")
  void everyRuleHoldsInEveryFormat(Case c, String format) throws Exception {
    Map<String, Value> row = base(c.kind());
    row.put(c.column(), c.value());
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    write(drop.resolve(c.kind().fileStem() + "." + format), format, row);
    try (Store store = Store.inMemory()) {
      LoadReport report = new DropLoader(store).load(drop);
      FileLoad f = report.files().get(0);
      assertThat(f.status()).as(String.valueOf(f.error())).isEqualTo(FileLoad.Status.LOADED);
      assertThat(f.read()).isEqualTo(1);
      if (c.reason() == null) {
        assertThat(rows(store, "SELECT reason FROM quarantine")).isEmpty();
        assertThat(rows(store, c.query())).containsExactly(c.stored());
      } else {
        assertThat(rows(store, "SELECT reason FROM quarantine"))
            .singleElement()
            .satisfies(r -> assertThat(r).startsWith(c.reason()));
      }
    }
  }

  private void write(Path file, String format, Map<String, Value> row) throws Exception {
    switch (format) {
      case "csv" -> {
        String header = String.join(",", row.keySet());
        String line = String.join(",", row.values().stream().map(Value::csv).toList());
        Files.writeString(file, header + "\n" + line + "\n", StandardCharsets.UTF_8);
      }
      case "jsonl" -> {
        List<String> pairs = new ArrayList<>();
        row.forEach((k, v) -> pairs.add("\"" + k + "\": " + v.json()));
        Files.writeString(file, "{" + String.join(", ", pairs) + "}\n", StandardCharsets.UTF_8);
      }
      default -> {
        List<String> select = new ArrayList<>();
        row.forEach((k, v) -> select.add(v.parquet() + " AS \"" + k + "\""));
        try (Store scratch = Store.inMemory();
            Statement s = scratch.connection().createStatement()) {
          s.execute(
              "COPY (SELECT "
                  + String.join(", ", select)
                  + ") TO '"
                  + file.toString().replace("'", "''")
                  + "' (FORMAT parquet)");
        }
      }
    }
  }

  /** A JSON object that names a contract key twice is refused (the first value would win). */
  @Test
  void aJsonKeyNamedTwiceIsQuarantined() throws IOException, SQLException {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.writeString(
        drop.resolve("service_requests.jsonl"),
        "{\"request_id\":\"R1\",\"user_id\":\"U1\",\"srv\":\"2.2\",\"device_id\":\"D1\","
            + "\"received_at\":\"2023-08-20T05:10:00Z\",\"user_id\":\"U2\"}\n"
            + "{\"request_id\":\"R2\",\"user_id\":\"U1\",\"srv\":\"2.2\",\"device_id\":\"D1\","
            + "\"received_at\":\"2023-08-20T05:10:00Z\",\"extra\":1,\"extra\":2}\n");
    try (Store store = Store.inMemory()) {
      new DropLoader(store).load(drop);
      assertThat(rows(store, "SELECT line, reason FROM quarantine"))
          .containsExactly("1|user_id appears twice in the JSON object");
      assertThat(rows(store, "SELECT request_id FROM service_requests")).containsExactly("R2");
    }
  }

  /**
   * The point 7: a file whose only line has a numeric srv failed as "not JSON Lines";
   * beside a good line it was quarantined. It is a JSON object: always quarantined.
   */
  @Test
  void aLoneLineWithANumericSrvIsQuarantinedNotTheFileFailed() throws IOException {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.writeString(
        drop.resolve("service_requests.jsonl"),
        "{\"request_id\":\"R1\",\"user_id\":\"U1\",\"srv\":7.10,\"device_id\":\"D1\","
            + "\"received_at\":\"2023-08-20T05:10:00Z\"}\n");
    try (Store store = Store.inMemory()) {
      FileLoad f = new DropLoader(store).load(drop).files().get(0);
      assertThat(f.status()).isEqualTo(FileLoad.Status.LOADED);
      assertThat(f.quarantined()).isEqualTo(1);
    }
  }

  /** The point 3: i99 without a kind was a RESPONSE, so CPM1 counted the ACK. */
  @Test
  void anAckIsNeverAnI0AndALowerCaseAckIsAnAck() throws IOException {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.writeString(
        drop.resolve("service_responses.csv"),
        "request_id,sent_at,code,kind\n"
            + "R1,2023-08-20T05:10:01Z,i99,\n"
            + "R1,2023-08-20T05:10:05Z,i0,response\n"
            + "R2,2023-08-20T05:10:05Z,I0,ack\n"
            + "R3,2023-08-20T05:10:05Z,E65,ACK\n");
    try (Store store = Store.inMemory()) {
      new DropLoader(store).load(drop);
      assertThat(rows(store, "SELECT request_id, code, kind FROM service_responses ORDER BY ALL"))
          .containsExactly("R1|I0|RESPONSE", "R1|I99|ACK", "R3|E65|ACK");
      assertThat(rows(store, "SELECT line, reason FROM quarantine"))
          .containsExactly(
              "4|kind ACK with code I0: an I0 is a success Response, never an acknowledgement");
    }
  }
}
