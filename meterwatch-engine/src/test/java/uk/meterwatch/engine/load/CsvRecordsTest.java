package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.testing.StoreQueries.count;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * Issue 26: a CSV file's records reconcile with its lines. A quote still open at the end of its
 * line loses one record, never the rest of the file; lines end in LF, CRLF or CR alone.
 */
class CsvRecordsTest {
  @TempDir Path dir;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private FileLoad loadOne(Path drop) {
    LoadReport report = new DropLoader(store).load(drop);
    assertThat(report.files()).hasSize(1);
    FileLoad f = report.files().get(0);
    assertThat(f.status()).as(String.valueOf(f.error())).isEqualTo(FileLoad.Status.LOADED);
    assertThat(f.read()).isEqualTo(f.loaded() + f.duplicates() + f.quarantined());
    return f;
  }

  /** The issue's drop: 1,000 requests, the second with a stray quote in user_id. */
  private static List<String> strayQuoteDrop() {
    List<String> lines = new ArrayList<>();
    lines.add("request_id,user_id,user_role,srv,device_id,received_at,execute_at");
    lines.add("R1,U1,IS,4.1.2,D1,2023-08-01T00:00:00Z,");
    lines.add("R2,\"U1,IS,4.1.2,D1,2023-08-01T00:00:00Z,");
    for (int i = 3; i <= 1000; i++) {
      lines.add("R" + i + ",U1,IS,4.1.2,D1,2023-08-01T00:00:00Z,");
    }
    return lines;
  }

  private static void write(Path file, String text, boolean gzip) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"LF", "CRLF", "CR", "LF gzip"})
  void aStrayQuoteLosesItsOwnLineNotTheRestOfTheFile(String how) throws IOException {
    String end = how.startsWith("CRLF") ? "\r\n" : how.startsWith("CR") ? "\r" : "\n";
    boolean gzip = how.endsWith("gzip");
    Path drop = dir.resolve("drop");
    write(
        drop.resolve("service_requests.csv" + (gzip ? ".gz" : "")),
        String.join(end, strayQuoteDrop()) + end,
        gzip);
    FileLoad f = loadOne(drop);
    assertThat(f.read()).isEqualTo(1000);
    assertThat(f.loaded()).isEqualTo(999);
    assertThat(f.quarantined()).isEqualTo(1);
    assertThat(f.lines()).isEqualTo(1001);
    assertThat(f.linesNote()).isNull();
    assertThat(rows(store, "SELECT line, reason, row_json FROM quarantine"))
        .containsExactly(
            "3|unbalanced quote: the quoted value in user_id that starts on line 3 is still open at"
                + " the end of the line|{\"line\":\"R2,\\\"U1,IS,4.1.2,D1,2023-08-01T00:00:00Z,\"}");
    // Every other row with its own line.
    assertThat(
            count(
                store,
                "SELECT count(*) FROM service_requests WHERE line <> 1 + substr(request_id, 2)::INT"))
        .isZero();
  }

  /** Two stray quotes in users.csv merged three users into one organisation. */
  @Test
  void twoStrayQuotesInUsersMergeNoUsers() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "users.csv",
        "user_id,organisation,role",
        "U1,\"Org A,IS",
        "U2,Org B,IS",
        "U3,Org C\",IS",
        "U4,\"Org, D\",ES");
    FileLoad f = loadOne(drop);
    assertThat(f.read()).isEqualTo(4);
    assertThat(rows(store, "SELECT user_id, organisation, line FROM users ORDER BY user_id"))
        .containsExactly("U2|Org B|3", "U3|Org C\"|4", "U4|Org, D|5");
    assertThat(rows(store, "SELECT line FROM quarantine")).containsExactly("2");
  }

  /** Free text (a title) may span lines; the summary says why the lines are more than records. */
  @Test
  void aTitleOverSeveralLinesLoadsAndTheSummarySaysWhy() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "risks.csv",
        "risk_id,title,likelihood,impact",
        "OPSG-1,\"Loss of DSP",
        "",
        "router\",4,5",
        "",
        "OPSG-2,Comms hub firmware,3,3");
    FileLoad f = loadOne(drop);
    assertThat(f.loaded()).isEqualTo(2);
    assertThat(f.lines()).isEqualTo(6);
    assertThat(f.linesNote())
        .isEqualTo(
            "6 lines: the header, 2 records, 1 blank line, 2 more lines of 1 record over several"
                + " lines (quoted values with line breaks)");
    assertThat(rows(store, "SELECT risk_id, title, line FROM risks ORDER BY risk_id"))
        .containsExactly("OPSG-1|Loss of DSP\n\nrouter|2", "OPSG-2|Comms hub firmware|6");
  }

  /** Past the bound (100 lines) even free text is an unbalanced quote, and reading resumes. */
  @Test
  void aTitleStillOpenAfterTheBoundIsOneQuarantinedLine() {
    List<String> lines = new ArrayList<>();
    lines.add("risk_id,title,likelihood,impact");
    lines.add("OPSG-0,\"Never closed,4,5");
    for (int i = 1; i <= 150; i++) {
      lines.add("OPSG-" + i + ",Risk " + i + ",3,3");
    }
    Path drop = dir.resolve("drop");
    Drops.write(drop, "risks.csv", lines.toArray(String[]::new));
    FileLoad f = loadOne(drop);
    assertThat(f.read()).isEqualTo(151);
    assertThat(f.loaded()).isEqualTo(150);
    assertThat(rows(store, "SELECT line, reason FROM quarantine"))
        .containsExactly(
            "2|unbalanced quote: the quoted value in title that starts on line 2 is still open"
                + " after 100 lines");
    assertThat(count(store, "SELECT count(*) FROM risks WHERE line = 2 + substr(risk_id, 6)::INT"))
        .isEqualTo(150);
  }

  /** The issue's point 6: after a blank line in a file of CR line ends, every line was one less. */
  @Test
  void crOnlyLineEndsGiveEachRowItsLine() throws IOException {
    Path drop = dir.resolve("drop");
    write(
        drop.resolve("service_requests.csv"),
        "request_id,user_id,srv,device_id,received_at\r"
            + "R1,U1,2.2,D1,2023-08-01T00:00:00Z\r"
            + "\r"
            + "R3,U1,2.2,D1,2023-08-01T00:00:00Z\r"
            + "R4,U1,2.2,D1,2023-08-01T00:00:00Z\r"
            + "R5,U1,2.2,D1,bad\r"
            + "R6,U1,\"2.2,D1,2023-08-01T00:00:00Z\r",
        false);
    FileLoad f = loadOne(drop);
    assertThat(f.lines()).isEqualTo(7);
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "6|unparsable time in received_at: bad",
            "7|unbalanced quote: the quoted value in srv that starts on line 7 is still open at the"
                + " end of the line");
    assertThat(rows(store, "SELECT request_id, line FROM service_requests ORDER BY line"))
        .containsExactly("R1|2", "R3|4", "R4|5");
  }

  /** A line longer than the quarantine keeps whole is kept as its line range and its start. */
  @Test
  void aLongBadRowIsKeptAsItsLineRange() {
    Path drop = dir.resolve("drop");
    String longValue = "x".repeat(20_000);
    Drops.write(
        drop,
        "users.csv",
        "user_id,organisation",
        "U1,Org A",
        "U2," + longValue + ",extra",
        "U3,Org C,extra");
    FileLoad f = loadOne(drop);
    assertThat(f.quarantined()).isEqualTo(2);
    assertThat(
            rows(
                store,
                "SELECT line, json_keys(row_json), length(row_json->>'start'), row_json->>'lines',"
                    + " row_json->>'line' FROM quarantine ORDER BY line"))
        .containsExactly(
            "3|[lines, start]|" + CsvLines.TEXT_KEPT + "|3-3|null",
            "4|[line]|null|null|U3,Org C,extra");
  }

  @Test
  void aFileWhoseLinesEndInCrAndLfFailsNamingTheLine() throws IOException {
    Path drop = dir.resolve("drop");
    write(drop.resolve("users.csv"), "user_id,organisation\nU1,Org A\rU2,Org B\n", false);
    LoadReport report = new DropLoader(store).load(drop);
    assertThat(report.files().get(0).error())
        .isEqualTo(
            "users.csv: line 2 ends with CR (\\r) where line 1 ends with LF (\\n): the lines of a"
                + " CSV file must all end alike");
  }
}
