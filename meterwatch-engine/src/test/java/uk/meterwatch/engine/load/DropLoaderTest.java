package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static uk.meterwatch.engine.testing.StoreQueries.count;
import static uk.meterwatch.engine.testing.StoreQueries.fingerprint;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

class DropLoaderTest {
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

  private LoadReport load(Path drop) {
    return new DropLoader(store).load(drop);
  }

  private static void assertReconciles(LoadReport report) {
    for (FileLoad f : report.files()) {
      assertThat(f.read()).as(f.file()).isEqualTo(f.loaded() + f.duplicates() + f.quarantined());
    }
    var t = report.totals();
    assertThat(t.read()).isEqualTo(t.loaded() + t.duplicates() + t.quarantined());
  }

  /**
   * The loader's trim (TRIM_MACRO) removes spaces, tabs and Unicode space separators (the
   * non-breaking space too) from either end, and nothing else (line breaks, other control
   * characters and a zero-width space stay): checked on seeded strings against that reference.
   */
  @Test
  void theLoadersTrimRemovesSpacesAndTabsAtEitherEnd() throws Exception {
    String[] parts = {
      " ", "a", "Z", "\t", "\r", "\n", "\u000b", "\u001f", "\u00a0", "\u3000", "\u2002", "\u200b",
      "é", "1", "-"
    };
    java.util.Random random = new java.util.Random(3122026);
    try (java.sql.Statement s = store.connection().createStatement()) {
      s.execute(DropLoader.TRIM_MACRO);
      s.execute("CREATE TEMP TABLE strings (x VARCHAR, expected VARCHAR)");
      try (java.sql.PreparedStatement p =
          store.connection().prepareStatement("INSERT INTO strings VALUES (?, ?)")) {
        for (int i = 0; i < 5000; i++) {
          StringBuilder b = new StringBuilder();
          for (int n = random.nextInt(6); n > 0; n--) {
            b.append(parts[random.nextInt(parts.length)]);
          }
          String x = i == 0 ? null : b.toString();
          p.setString(1, x);
          p.setString(2, x == null ? null : javaTrim(x));
          p.addBatch();
        }
        p.executeBatch();
      }
      try (java.sql.ResultSet r =
          s.executeQuery(
              "SELECT count(*), count(*) FILTER (WHERE mw_trim(x) IS DISTINCT FROM expected),"
                  + " count(DISTINCT x), count(*) FILTER (WHERE x <> expected) FROM strings")) {
        r.next();
        assertThat(r.getLong(1)).isEqualTo(5000);
        assertThat(r.getLong(2)).as("strings where the two differ").isZero();
        // The seeded strings are varied: many kinds, many of them changed by the trim.
        assertThat(r.getLong(3)).isGreaterThan(1000);
        assertThat(r.getLong(4)).isGreaterThan(1000);
      }
    }
  }

  private static String javaTrim(String x) {
    int start = 0;
    int end = x.length();
    while (start < end && blank(x.charAt(start))) {
      start++;
    }
    while (end > start && blank(x.charAt(end - 1))) {
      end--;
    }
    return start == end ? null : x.substring(start, end);
  }

  private static boolean blank(char c) {
    return c == '\t' || Character.isSpaceChar(c);
  }

  @Test
  void aValueWithATabAtItsEndIsTheSameValue() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R1\t,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,2.2,D1,\t");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files().get(0).duplicates()).isEqualTo(1);
    assertThat(rows(store, "SELECT line, reason FROM quarantine"))
        .containsExactly("4|missing required value: received_at");
  }

  @Test
  void loadsRequestsWithEveryTimestampForm() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,user_role,srv,device_id,received_at,execute_at",
        "R1,U1,IS,2.2,D1,2023-08-20T05:10:00Z,",
        "R2,U1,IS,2.2,D1,2023-08-20T06:10:00+01:00,",
        "R3,U1,IS,4.1.1,D2,1692508200000,2023-08-21T00:00:00.5Z",
        "R4,U2,,8.2,,2023-08-20T05:10:00.123456+0000,");
    LoadReport report = load(drop);

    assertThat(report.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FileLoad.Status.LOADED);
              assertThat(f.kind()).isEqualTo("service_requests");
              assertThat(f.read()).isEqualTo(4);
              assertThat(f.loaded()).isEqualTo(4);
            });
    assertThat(
            rows(
                store,
                "SELECT request_id, received_us, execute_us, device_id FROM service_requests ORDER BY request_id"))
        .containsExactly(
            "R1|1692508200000000|null|D1",
            "R2|1692508200000000|null|D1",
            "R3|1692508200000000|1692576000500000|D2",
            "R4|1692508200123456|null|null");
  }

  @Test
  void everyStoredRowKeepsItsLineWhateverPathItsFileTakes() {
    // Requests spanning two months, out of order, with a repeated id and a broken line; responses
    // with an identical row repeated, then a second file of requests that repeats a stored id.
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests_1.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-09-01T00:00:00+01:00",
        "R2,U1,2.2,D1,2023-08-31T22:59:59Z",
        "R1,U2,2.2,D1,2023-08-01T00:00:00Z",
        "R3,U1,2.2,D1,2023-08-31T23:00:00Z,extra",
        "R4,U1,2.2,D1,2023-08-15T00:00:00Z");
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code",
        "R1,2023-08-31T23:00:05Z,I0",
        "R2,2023-08-31T23:00:05Z,I0",
        "R2,2023-08-31T23:00:05Z,I0",
        "R4,2023-08-15T00:00:05Z,E21");
    LoadReport first = load(drop);
    assertReconciles(first);
    assertThat(first.files())
        .extracting(FileLoad::read, FileLoad::loaded, FileLoad::duplicates, FileLoad::quarantined)
        .containsExactly(tuple(5L, 3L, 1L, 1L), tuple(4L, 3L, 1L, 0L));
    assertThat(rows(store, "SELECT request_id, user_id, line FROM service_requests ORDER BY 1"))
        .containsExactly("R1|U1|2", "R2|U1|3", "R4|U1|6");
    assertThat(rows(store, "SELECT file, line FROM quarantine"))
        .containsExactly("service_requests_1.csv|5");
    assertThat(rows(store, "SELECT request_id, line FROM service_responses ORDER BY 2"))
        .containsExactly("R1|2", "R2|3", "R4|5");
    // Across months the rows are stored month by month (a month's query skips the others).
    List<String> stored = rows(store, "SELECT request_id FROM service_requests ORDER BY rowid");
    assertThat(stored.subList(0, 2)).containsExactlyInAnyOrder("R4", "R2");
    assertThat(stored).endsWith("R1");

    Path second = dir.resolve("second");
    Drops.write(
        second,
        "service_requests_2.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R5,U1,2.2,D1,2023-08-16T00:00:00Z",
        "R4,U9,2.2,D1,2023-08-16T00:00:00Z");
    LoadReport again = load(second);
    assertReconciles(again);
    assertThat(again.files())
        .extracting(FileLoad::loaded, FileLoad::duplicates)
        .containsExactly(tuple(1L, 1L));
    assertThat(rows(store, "SELECT request_id, user_id, line FROM service_requests ORDER BY 1"))
        .containsExactly("R1|U1|2", "R2|U1|3", "R4|U1|6", "R5|U1|2");
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "jsonl"})
  void aLargeFileReadInParallelKeepsEveryLine(String format) throws IOException {
    // Large enough for DuckDB to read it in several parts on several threads: every row's line
    // (and a quarantined row's) must still be its line in the file. Request R<i> is on line i + 2
    // in CSV (after the header), i + 1 in JSON Lines.
    int n = 600_000;
    boolean csv = format.equals("csv");
    int first = csv ? 2 : 1;
    StringBuilder text =
        new StringBuilder(
            csv ? "request_id,user_id,user_role,srv,device_id,received_at,execute_at\n" : "");
    for (int i = 0; i < n; i++) {
      String role = i == n - 10 ? "XX" : "IS";
      String srv = i == n - 1000 ? "99.9" : "2.2";
      String at = "2023-08-" + (10 + i % 10) + "T05:10:00Z";
      if (csv) {
        text.append("R%d,U%d,%s,%s,D%d,%s,%n".formatted(i, i % 7, role, srv, i % 1000, at));
      } else {
        text.append(
            ("{\"request_id\":\"R%d\",\"user_id\":\"U%d\",\"user_role\":\"%s\",\"srv\":\"%s\","
                    + "\"device_id\":\"D%d\",\"received_at\":\"%s\"}%n")
                .formatted(i, i % 7, role, srv, i % 1000, at));
      }
    }
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.writeString(drop.resolve("service_requests." + format), text);
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.totals().loaded()).isEqualTo(n - 2);
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            (n - 1000 + first) + "|unknown SRV: 99.9",
            (n - 10 + first) + "|user_role must be one of IS, ES, GS, ED, GT, RSA, OU, got XX");
    assertThat(
            count(
                store,
                "SELECT count(*) FROM service_requests"
                    + " WHERE line <> CAST(substr(request_id, 2) AS BIGINT) + "
                    + first))
        .isZero();
  }

  /**
   * Seeded CSV files with quoted values spanning lines, blank lines, quotes inside values and
   * malformed lines, in a file large enough to be read on two threads: every stored row and every
   * quarantined one has the line where its record starts in the file. The values over several lines
   * are titles (free text: since 7 December 2026 a quote open at the end of its line elsewhere is
   * an unbalanced quote, CsvRecordsTest); one in a record of too few values is an unbalanced quote,
   * and the lines after it are read as the records they are.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "csv, LF, 1",
    "csv, CRLF, 1",
    "csv.gz, LF, 1",
    "csv, LF, 40",
    "csv.gz, CRLF, 40"
  })
  void rowsKeepTheirLinesAcrossQuotedValuesOverSeveralLinesAndBlankLines(
      String format, String ending, int rarity) throws IOException {
    // rarity 1: thousands of blank lines, long values and malformed lines (the loader joins the
    // lines to the rows); 40: a few hundred (it computes them from the row's number).
    String eol = ending.equals("LF") ? "\n" : "\r\n";
    java.util.Random random =
        new java.util.Random(format.hashCode() * 31L + ending.hashCode() + rarity);
    StringBuilder text = new StringBuilder("risk_id,title,likelihood,impact" + eol);
    java.util.Map<String, Long> loadedAt = new java.util.TreeMap<>();
    List<String> quarantinedAt = new java.util.ArrayList<>();
    long line = 2;
    int n = 120_000;
    for (int i = 0; i < n; i++) {
      if (random.nextInt(50 * rarity) == 0) {
        text.append(eol); // a blank line
        line++;
      }
      int kind = random.nextInt(100 * rarity);
      String title = "T" + i % 7;
      int extraLines = 0;
      if (kind < 3 || kind == 5) {
        // A quoted value over 1 to 3 more lines, with a quote inside it (kind 5: in a line
        // of too few values).
        extraLines = 1 + random.nextInt(3);
        title = "\"T" + eol.repeat(extraLines) + "x\"\"y\"";
      } else if (kind < 5) {
        title = "T\"x"; // a quote inside an unquoted value is text
      }
      if (kind == 5) {
        // Too few values for a record over several lines: its first line is an unbalanced quote;
        // the blank lines after it are blank lines, and its last line a line of too few values.
        text.append("K" + i + "," + title + ",3" + eol);
        quarantinedAt.add(line + "|unbalanced");
        quarantinedAt.add((line + extraLines) + "|malformed");
      } else if (kind == 6) {
        text.append("K" + i + "," + title + ",3" + eol); // missing a column: rejected
        quarantinedAt.add(line + "|malformed");
      } else if (kind >= 7 && kind < 9) {
        text.append("K" + i + "," + title + ",9,4" + eol);
        quarantinedAt.add(line + "|likelihood must be a whole number from 1 to 5, got 9");
      } else {
        text.append("K" + i + "," + title + ",3,4" + eol);
        loadedAt.put("K" + i, line);
      }
      line += 1 + extraLines;
    }
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Path file = drop.resolve("risks." + format);
    byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    if (format.endsWith(".gz")) {
      try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(file))) {
        out.write(bytes);
      }
    } else {
      Files.write(file, bytes);
    }
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.totals().loaded()).isEqualTo(loadedAt.size());
    java.util.Map<String, Long> stored = new java.util.TreeMap<>();
    for (String row : rows(store, "SELECT risk_id, line FROM risks")) {
      String[] parts = row.split("\\|");
      stored.put(parts[0], Long.parseLong(parts[1]));
    }
    List<String> wrong =
        loadedAt.entrySet().stream()
            .filter(e -> !e.getValue().equals(stored.get(e.getKey())))
            .limit(5)
            .map(
                e -> e.getKey() + " on line " + e.getValue() + ", stored " + stored.get(e.getKey()))
            .toList();
    assertThat(wrong).isEmpty();
    assertThat(stored).hasSameSizeAs(loadedAt);
    assertThat(
            rows(
                store,
                "SELECT line || '|' || CASE WHEN reason LIKE 'malformed%' THEN 'malformed'"
                    + " WHEN reason LIKE 'unbalanced%' THEN 'unbalanced'"
                    + " ELSE reason END FROM quarantine ORDER BY line"))
        .containsExactlyElementsOf(quarantinedAt);
  }

  @Test
  void requestsAndAlertsCarryTheirDevicesProviderWhicheverCameFirst() {
    Path traffic = dir.resolve("traffic");
    Drops.write(
        traffic,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,2.2,D2,2023-08-20T05:10:00Z",
        "R3,U1,2.2,D9,2023-08-20T05:10:00Z");
    Drops.write(
        traffic,
        "alerts.csv",
        "alert_id,device_id,user_id,alert_code,raised_at",
        "A1,D1,U1,AD1,2023-08-20T05:10:00Z");
    load(traffic);
    Path devices = dir.resolve("devices");
    Drops.write(
        devices,
        "devices.csv",
        "device_id,device_type,smets,provider",
        "D1,ESME,2,CSP-N",
        "D2,ESME,2,CSP-C");
    load(devices);
    String sql =
        "SELECT request_id, provider FROM service_requests UNION ALL"
            + " SELECT alert_id, provider FROM alerts ORDER BY 1";
    assertThat(rows(store, sql)).containsExactly("A1|CSP-N", "R1|CSP-N", "R2|CSP-C", "R3|null");
    // A later devices file moves D1 to another provider: its requests and alerts follow.
    Path moved = dir.resolve("moved");
    Drops.write(moved, "devices_2.csv", "device_id,device_type,smets,provider", "D1,ESME,2,CSP-S");
    load(moved);
    assertThat(rows(store, sql)).containsExactly("A1|CSP-S", "R1|CSP-S", "R2|CSP-C", "R3|null");
    // Traffic loaded after its devices takes their provider at once.
    Path later = dir.resolve("later");
    Drops.write(
        later,
        "service_requests_2.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R4,U1,2.2,D2,2023-08-21T05:10:00Z");
    load(later);
    assertThat(rows(store, "SELECT provider FROM service_requests WHERE request_id = 'R4'"))
        .containsExactly("CSP-C");
  }

  @Test
  void requestsCarryTheirDevicesCertificateOwnerWhicheverCameFirst() {
    Path traffic = dir.resolve("traffic");
    Drops.write(
        traffic,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,2.2,D2,2023-08-20T05:10:00Z",
        "R3,U1,2.2,D9,2023-08-20T05:10:00Z");
    load(traffic);
    Path devices = dir.resolve("devices");
    Drops.write(
        devices,
        "devices.csv",
        "device_id,device_type,smets,provider,certificate_owner",
        "D1,ESME,2,CSP-N,U1",
        "D2,ESME,2,CSP-N,");
    load(devices);
    String sql = "SELECT request_id, certificate_owner FROM service_requests ORDER BY 1";
    assertThat(rows(store, sql)).containsExactly("R1|U1", "R2|null", "R3|null");
    // A change of supplier: D1's certificate passes to U2, with the same provider.
    Path moved = dir.resolve("moved");
    Drops.write(
        moved,
        "devices_2.csv",
        "device_id,device_type,smets,provider,certificate_owner",
        "D1,ESME,2,CSP-N,U2");
    load(moved);
    Path later = dir.resolve("later");
    Drops.write(
        later,
        "service_requests_2.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R4,U1,2.2,D1,2023-08-21T05:10:00Z");
    load(later);
    assertThat(rows(store, sql)).containsExactly("R1|U2", "R2|null", "R3|null", "R4|U2");
  }

  @Test
  void quarantinesEveryKindOfBreachWithFileLineAndReason() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        ",U1,2.2,D1,2023-08-20T05:10:00Z",
        "R3,U1,99.9,D1,2023-08-20T05:10:00Z",
        "R4,U1,2.2,,2023-08-20T05:10:00Z",
        "R5,U1,2.2,D1,2023-08-20T05:10:00",
        "R6,U1,2.2,D1,yesterday",
        "R7,U1,2.2,D1,2023-08-20T05:10:00Z,extra",
        "R8,U1,8.2,,2023-08-20T05:10:00Z");
    LoadReport report = load(drop);
    assertReconciles(report);
    FileLoad f = report.files().get(0);
    assertThat(f.read()).isEqualTo(8);
    assertThat(f.loaded()).isEqualTo(2);
    assertThat(f.quarantined()).isEqualTo(6);
    assertThat(rows(store, "SELECT file, line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "service_requests.csv|3|missing required value: request_id",
            "service_requests.csv|4|unknown SRV: 99.9",
            "service_requests.csv|5|device SRV 2.2 without device_id",
            "service_requests.csv|6|timestamp without offset in received_at: 2023-08-20T05:10:00",
            "service_requests.csv|7|unparsable time in received_at: yesterday",
            "service_requests.csv|8|malformed line (too many columns): Expected Number of Columns: 5 Found: 6");
  }

  @Test
  void lineNumbersStayTrueAfterAMalformedLine() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at",
        "I1,1,a,2023-08-20T05:10:00Z,too,many",
        "I2,7,b,2023-08-20T05:10:00Z",
        "I3,1,c",
        "I4,0,d,2023-08-20T05:10:00Z");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "2|malformed line (too many columns): Expected Number of Columns: 4 Found: 5",
            "3|category must be a whole number from 1 to 5, got 7",
            "4|malformed line (missing columns): Expected Number of Columns: 4 Found: 3",
            "5|category must be a whole number from 1 to 5, got 0");
  }

  @Test
  void aSmets1DeviceMayGiveItsCohortAndNoOtherDeviceMay() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "devices.csv",
        "device_id,device_type,smets,provider,cohort",
        "D1,ESME,1,S1SP-DXC,IOC",
        "D2,GSME,1,S1SP-DXC, FOC ",
        "D3,ESME,1,S1SP-DXC,",
        "D4,ESME,2,CSP-N,",
        "D5,ESME,2,CSP-N,IOC",
        "D6,ESME,1,S1SP-DXC,ioc",
        "D7,ESME,1,S1SP-DXC,MOC",
        "D8,ESME,1,S1SP-DXC,XOC");
    LoadReport report = load(drop);
    assertReconciles(report);
    // Listed values are read in any case and stored in upper case (docs/loading.md, "Codes").
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "6|cohort IOC is given for a SMETS2 device (a cohort is a SMETS1 migration cohort:"
                + " IOC, MOC or FOC)",
            "9|cohort must be one of IOC, MOC, FOC, got XOC");
    assertThat(rows(store, "SELECT device_id, cohort FROM devices ORDER BY device_id"))
        .containsExactly("D1|IOC", "D2|FOC", "D3|null", "D4|null", "D6|IOC", "D7|MOC");
    // A file without the column loads as before: no cohort.
    Path older = dir.resolve("older");
    Drops.write(older, "devices.csv", "device_id,device_type,smets,provider", "D9,ESME,1,S1SP-DXC");
    load(older);
    assertThat(rows(store, "SELECT device_id, cohort FROM devices WHERE device_id = 'D9'"))
        .containsExactly("D9|null");
  }

  @Test
  void validatesTheRegistersAndInventory() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "risks.csv",
        "risk_id,title,likelihood,impact,owner,status",
        "OPSG-006,CSP N,4,5,DCC,OPEN",
        "OPSG-000,zero,0,5,DCC,OPEN",
        "OPSG-001,bad status,1,5,DCC,MAYBE");
    Drops.write(
        drop,
        "actions.csv",
        "ref,text,owner,raised_on,target_on,revised_target_on,status,closed_on",
        "105/01,graphic,DCC,2023-10-23,2023-11-14,,OPEN,",
        "105/02,bad,DCC,2023-10-23,2023-10-01,,OPEN,",
        "105/03,bad date,DCC,23/10/2023,,,OPEN,");
    Drops.write(
        drop,
        "outages.csv",
        "service,start,end,planned,incident_id",
        "SSI,2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,false,INC1",
        "SSI,2023-08-20T05:10:00Z,2023-08-20T04:40:00Z,false,",
        "SSI,2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,maybe,");
    Drops.write(
        drop,
        "devices.csv",
        "device_id,device_type,smets,provider,comms_hub_id,area,certificate_owner",
        "D1,ESME,2,CSP-N,H1,AB,U1",
        "D2,GSME,3,CSP-N,H1,AB,U1",
        "D3,GSME,1,S1SP-DXC,,,",
        "D4,GSME,1,BT,,,");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT kind, line, reason FROM quarantine ORDER BY kind, line"))
        .containsExactly(
            "actions|3|target_on is before raised_on",
            "actions|4|not a date (YYYY-MM-DD) in raised_on: 23/10/2023",
            "devices|3|smets must be a whole number from 1 to 2, got 3",
            "devices|5|provider BT is not in the provider catalogue (built-in providers.yaml):"
                + " known providers CSP-N, CSP-C, CSP-S, S1SP-DXC; a new provider is added in"
                + " rules/providers.yaml in the store folder (docs/providers.md)",
            "outages|3|end is before start",
            "outages|4|planned must be true or false, got maybe",
            "risks|3|likelihood must be a whole number from 1 to 5, got 0",
            "risks|4|status must be one of OPEN, CLOSED, got MAYBE");
    assertThat(count(store, "SELECT count(*) FROM devices")).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "csv.gz", "jsonl", "jsonl.gz", "parquet"})
  void everyFormatLoadsTheSameRows(String format) throws IOException {
    Path drop = dir.resolve("drop-" + format);
    String[] csv = {
      "request_id,sent_at,code,kind",
      "R1,2023-08-20T05:10:01Z,I99,",
      "R1,2023-08-20T05:10:05Z,I0,RESPONSE",
      "R2,2023-08-20T05:10:05Z,E21,",
      "R2,2023-08-20T05:10:05Z,E21,"
    };
    String[] jsonl = {
      "{\"request_id\":\"R1\",\"sent_at\":\"2023-08-20T05:10:01Z\",\"code\":\"I99\"}",
      "{\"request_id\":\"R1\",\"sent_at\":\"2023-08-20T05:10:05Z\",\"code\":\"I0\",\"kind\":\"RESPONSE\",\"extra\":1}",
      "{\"request_id\":\"R2\",\"sent_at\":1692508205000,\"code\":\"E21\"}",
      "{\"request_id\":\"R2\",\"sent_at\":\"2023-08-20T05:10:05Z\",\"code\":\"E21\"}"
    };
    switch (format) {
      case "csv" -> Drops.write(drop, "service_responses.csv", csv);
      case "csv.gz" -> Drops.writeGzip(drop, "service_responses.csv.gz", csv);
      case "jsonl" -> Drops.write(drop, "service_responses.jsonl", jsonl);
      case "jsonl.gz" -> Drops.writeGzip(drop, "service_responses.jsonl.gz", jsonl);
      default -> {
        Path tmp = Drops.write(dir.resolve("tmp"), "r.csv", csv);
        Files.createDirectories(drop);
        Drops.csvToParquet(tmp, drop.resolve("service_responses.parquet"));
      }
    }
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.format()).isEqualTo(format);
              assertThat(f.read()).isEqualTo(4);
              assertThat(f.loaded()).isEqualTo(3);
              assertThat(f.duplicates()).isEqualTo(1);
            });
    assertThat(
            rows(
                store,
                "SELECT request_id, sent_us, code, kind FROM service_responses ORDER BY ALL"))
        .containsExactly(
            "R1|1692508201000000|I99|ACK",
            "R1|1692508205000000|I0|RESPONSE",
            "R2|1692508205000000|E21|RESPONSE");
  }

  @Test
  void quarantinesMalformedJsonLines() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "alerts.jsonl",
        "{\"alert_id\":\"A1\",\"user_id\":\"U1\",\"alert_code\":\"8F01\",\"raised_at\":\"2023-08-20T05:10:00Z\"}",
        "{\"alert_id\":\"A2\",",
        "[1,2]",
        "{\"alert_id\":\"A3\",\"user_id\":\"U1\",\"alert_code\":\"8F01\",\"raised_at\":\"2023-08-20T05:10:00\"}");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "2|malformed JSON",
            "3|not a JSON object",
            "4|timestamp without offset in raised_at: 2023-08-20T05:10:00");
  }

  /**
   * A JSON Lines line DuckDB cannot read as text (not UTF-8, longer than its line size), a raw
   * control character and lines ending in two ways are that line's problem, not the file's: the
   * line is quarantined and the lines after it keep their numbers. Each failed the whole file.
   */
  @Test
  void aJsonLinesLineThatIsNotTextIsQuarantinedAndTheOthersKeepTheirLines() throws IOException {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.util.function.IntFunction<String> alert =
        i ->
            "{\"alert_id\":\"A"
                + i
                + "\",\"user_id\":\"U1\",\"alert_code\":\"8F01\","
                + "\"raised_at\":\"2023-08-20T05:10:00Z\"}";
    bytes.writeBytes((alert.apply(1) + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes(
        "{\"alert_id\":\"A2\",\"user_id\":\"U\u00e9\"}\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    bytes.writeBytes((alert.apply(3) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes(
        ("{\"alert_id\":\"A4\u001f\"}\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes(
        ("{\"alert_id\":\"" + "x".repeat(3_000_000) + "\"}\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bytes.writeBytes((alert.apply(6) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Files.write(drop.resolve("alerts.jsonl"), bytes.toByteArray());

    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FileLoad.Status.LOADED);
              assertThat(f.read()).isEqualTo(6);
              assertThat(f.loaded()).isEqualTo(3);
            });
    assertThat(rows(store, "SELECT alert_id, line FROM alerts ORDER BY line"))
        .containsExactly("A1|1", "A3|3", "A6|6");
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "2|malformed JSON (not UTF-8)",
            "4|malformed JSON",
            "5|malformed JSON (line size over maximum)");
  }

  /** A key present with null on every line is there: its rows are quarantined, the file loads. */
  @Test
  void aJsonKeyThatIsNullOnEveryLineQuarantinesTheRowsNotTheFile() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.jsonl",
        "{\"request_id\":\"R1\",\"user_id\":\"U1\",\"srv\":\"2.2\",\"device_id\":\"D1\",\"received_at\":null}");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .singleElement()
        .extracting(FileLoad::status)
        .isEqualTo(FileLoad.Status.LOADED);
    assertThat(rows(store, "SELECT line, reason FROM quarantine"))
        .containsExactly("1|missing required value: received_at");
  }

  /**
   * In JSON Lines a list column may be a JSON array (CPM6 reads an incident's services: the array
   * was kept as one service named ["SSI","DUIS"]); an array or object anywhere else is quarantined.
   */
  @Test
  void jsonArraysAreListsInListColumnsAndQuarantinedElsewhere() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "incidents.jsonl",
        "{\"incident_id\":\"I1\",\"category\":2,\"title\":\"t\",\"opened_at\":\"2023-08-20T05:10:00Z\",\"services\":[\"SSI\",\" DUIS \"]}",
        "{\"incident_id\":\"I2\",\"category\":2,\"title\":\"t\",\"opened_at\":\"2023-08-20T05:10:00Z\",\"services\":\"SSI;DUIS\"}",
        "{\"incident_id\":[\"I3\"],\"category\":2,\"title\":\"t\",\"opened_at\":\"2023-08-20T05:10:00Z\"}",
        "{\"incident_id\":\"I4\",\"category\":2,\"title\":{\"a\":1},\"opened_at\":\"2023-08-20T05:10:00Z\"}");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT incident_id, services FROM incidents ORDER BY incident_id"))
        .containsExactly("I1|[SSI, DUIS]", "I2|[SSI, DUIS]");
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "3|incident_id must be one value, got [\"I3\"]",
            "4|title must be one value, got {\"a\":1}");
  }

  /** JSON reads 7.10 as 7.1 (another SRV): an SRV must be a JSON string. */
  @Test
  void aJsonSrvWrittenAsANumberIsQuarantined() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.jsonl",
        "{\"request_id\":\"R1\",\"user_id\":\"U1\",\"srv\":7.10,\"device_id\":\"D1\",\"received_at\":\"2023-08-01T10:00:00Z\"}",
        "{\"request_id\":\"R2\",\"user_id\":\"U1\",\"srv\":\"7.10\",\"device_id\":\"D1\",\"received_at\":\"2023-08-01T10:00:00Z\"}");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT request_id, srv FROM service_requests"))
        .containsExactly("R2|7.10");
    assertThat(rows(store, "SELECT line, reason FROM quarantine"))
        .containsExactly(
            "1|srv must be text, got a number: 7.1 (a number can lose digits: 7.10 reads as 7.1)");
  }

  /** A file named .jsonl none of whose lines is a JSON object fails: the right file loads after. */
  @Test
  void aCsvFileNamedJsonlFailsAndTheRightFileLoadsAfterIt() throws IOException {
    Path wrong = dir.resolve("wrong");
    String[] csv = {
      "request_id,user_id,srv,device_id,received_at", "R1,U1,2.2,D1,2023-08-20T05:10:00Z"
    };
    Drops.write(wrong, "service_requests.jsonl", csv);
    assertItsOneFileFailsAndChangesNothing(
        wrong,
        error ->
            assertThat(error)
                .isEqualTo(
                    "service_requests.jsonl: not JSON Lines: no line is a JSON object (line 1:"
                        + " malformed JSON)"));
    Path right = dir.resolve("right");
    Drops.write(right, "service_requests.csv", csv);
    assertThat(load(right).files()).singleElement().extracting(FileLoad::loaded).isEqualTo(1L);
  }

  @Test
  void reloadingTheSameFileChangesNothingAndSaysSo() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,2.2,D1,2023-08-20T05:11:00Z");
    LoadReport first = load(drop);
    assertThat(first.files().get(0).duplicates()).isEqualTo(1);
    List<String> before = fingerprint(store);

    LoadReport second = load(drop);
    assertThat(second.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FileLoad.Status.UNCHANGED);
              assertThat(f.loaded()).isZero();
            });
    assertThat(fingerprint(store)).isEqualTo(before);

    // Same name, other content: new data, and the request seen before is a duplicate.
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R2,U1,2.2,D1,2023-08-20T05:11:00Z",
        "R3,U1,2.2,D1,2023-08-20T05:12:00Z");
    LoadReport third = load(drop);
    assertThat(third.files().get(0))
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FileLoad.Status.LOADED);
              assertThat(f.loaded()).isEqualTo(1);
              assertThat(f.duplicates()).isEqualTo(1);
            });
    assertThat(count(store, "SELECT count(*) FROM service_requests")).isEqualTo(3);
  }

  @Test
  void aRegisterRowWithNewValuesUpdatesTheRecord() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,services",
        "INC1,1,router,2023-08-20T05:10:00Z,,DUIS;SSI");
    load(drop);
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,services",
        "INC1,1,router,2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,DUIS; SSI",
        "INC2,3,other,2023-08-21T05:10:00Z,,");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files().get(0).loaded()).isEqualTo(2);
    assertThat(
            rows(
                store,
                "SELECT incident_id, resolved_us, services, major, dcc_responsible FROM incidents ORDER BY 1"))
        .containsExactly("INC1|1692531600000000|[DUIS, SSI]|false|true", "INC2|null|[]|false|true");
    // Each change reached the audit trail with the record before and after.
    assertThat(
            rows(
                store,
                "SELECT who, register, record_key, operation, source,"
                    + " json_extract(before_json, '$.resolved_us'), json_extract(after_json, '$.resolved_us')"
                    + " FROM audit_trail ORDER BY audit_id"))
        .containsExactly(
            "loader|incidents|INC1|ADD|load:incidents.csv|null|null",
            "loader|incidents|INC1|UPDATE|load:incidents.csv|null|1692531600000000",
            "loader|incidents|INC2|ADD|load:incidents.csv|null|null");
    // The same rows again change nothing, and audit nothing.
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,services",
        "INC2,3,other,2023-08-21T05:10:00Z,,",
        "INC1,1,router,2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,DUIS;SSI");
    LoadReport again = load(drop);
    assertThat(again.files().get(0).duplicates()).isEqualTo(2);
    assertThat(count(store, "SELECT count(*) FROM audit_trail")).isEqualTo(3);
  }

  @Test
  void aFileThatCannotBeReadFailsAndChangesNothing() throws IOException {
    Path good = dir.resolve("good");
    Drops.write(good, "users.csv", "user_id,organisation,role", "U1,Org,IS");
    load(good);
    List<String> before = fingerprint(store);

    Path drop = dir.resolve("bad");
    Drops.write(drop, "devices.csv", "device_id,kind", "D1,ESME");
    Path gz =
        Drops.writeGzip(
            dir.resolve("tmp"),
            "x.gz",
            "request_id,user_id,srv,device_id,received_at",
            "R1,U1,2.2,D1,2023-08-20T05:10:00Z");
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(
        drop.resolve("service_requests.csv.gz"), java.util.Arrays.copyOf(bytes, bytes.length - 12));
    Files.write(drop.resolve("alerts.parquet"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
    Files.writeString(drop.resolve("notes.txt"), "not part of the contract");

    LoadReport report = load(drop);
    assertThat(report.anyFailed()).isTrue();
    assertThat(report.files()).extracting(FileLoad::status).containsOnly(FileLoad.Status.FAILED);
    assertThat(report.files())
        .filteredOn(f -> f.kind().equals("devices"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.error())
                    .contains("devices.csv")
                    .contains("missing required columns device_type, smets, provider"));
    assertThat(report.files())
        .filteredOn(f -> f.kind().equals("service_requests"))
        .singleElement()
        .satisfies(f -> assertThat(f.error()).contains("service_requests.csv.gz"));
    assertThat(report.ignored()).containsExactly("notes.txt");
    assertThat(fingerprint(store)).isEqualTo(before);
  }

  /**
   * A gzip file cut short inside its compressed data (an interrupted copy): DuckDB 1.4 reads the
   * rows before the cut without an error, so the loader proves each gzip file whole itself.
   */
  @ParameterizedTest
  @ValueSource(strings = {"csv.gz", "jsonl.gz"})
  void aGzipFileCutShortFailsAndChangesNothing(String format) throws IOException {
    Path good = dir.resolve("good");
    Drops.write(good, "users.csv", "user_id,organisation,role", "U1,Org,IS");
    load(good);

    StringBuilder text =
        new StringBuilder(
            format.startsWith("csv") ? "request_id,user_id,srv,device_id,received_at\n" : "");
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 20_000; i++) {
      String user =
          "U" + random.nextInt(1_000_000); // varied: the file does not compress to nothing
      text.append(
          format.startsWith("csv")
              ? "R%d,%s,2.2,D1,2023-08-20T05:10:00Z%n".formatted(i, user)
              : ("{\"request_id\":\"R%d\",\"user_id\":\"%s\",\"srv\":\"2.2\","
                      + "\"device_id\":\"D1\",\"received_at\":\"2023-08-20T05:10:00Z\"}%n")
                  .formatted(i, user));
    }
    java.io.ByteArrayOutputStream gzip = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gzip)) {
      out.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    byte[] whole = gzip.toByteArray();
    Path drop = dir.resolve("cut");
    Files.createDirectories(drop);
    Files.write(
        drop.resolve("service_requests." + format),
        java.util.Arrays.copyOf(whole, whole.length / 2));

    assertItsOneFileFailsAndChangesNothing(
        drop,
        error ->
            assertThat(error)
                .contains("service_requests." + format)
                .contains("not a whole gzip file"));
  }

  @Test
  void aCsvFileWhoseLinesEndInTwoWaysFailsNamingTheFirstLineThatDiffers() throws IOException {
    Path drop = dir.resolve("mixed");
    Files.createDirectories(drop);
    Files.writeString(
        drop.resolve("service_requests.csv"),
        "request_id,user_id,srv,device_id,received_at\n"
            + "R1,U1,2.2,D1,2023-08-20T05:10:00Z\n"
            + "R2,U1,2.2,D1,2023-08-20T05:10:00Z\r\n"
            + "R3,U1,2.2,D1,2023-08-20T05:10:00Z\n");
    assertItsOneFileFailsAndChangesNothing(
        drop,
        error ->
            assertThat(error)
                .isEqualTo(
                    "service_requests.csv: line 3 ends with CRLF (\\r\\n) where line 1 ends"
                        + " with LF (\\n): the lines of a CSV file must all end alike"));
  }

  /** Times far from any metering network's (years before 1900 or after 2199) are quarantined. */
  @Test
  void timesOutsideTheYears1To9999AreQuarantinedAndTheRestLoads() {
    // Until 7 December 2026 the years 1900 to 2199: a DUIS template's 3000-12-31 was refused.
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,9999-12-31T23:59:59.999999Z",
        "R2,U1,99.9,D1,2023-08-20T05:10:00Z",
        "R3,U1,2.2,D1,0001-01-01T00:00:00Z",
        "R4,U1,2.2,D1,10000-01-01T00:00:00Z",
        "R5,U1,2.2,D1,3000-12-31T00:00:00.00Z",
        "R6,U1,2.2,D1,-0001-12-31T00:00:00Z",
        "R7,U1,2.2,D1,253402300800000");
    Drops.write(
        drop,
        "outages.csv",
        "service,start,end,planned,incident_id",
        "SSI,9999-01-01T00:00:00Z,9999-01-02T00:00:00Z,false,",
        "SSI,2023-08-20T05:10:00Z,2023-08-20T06:10:00Z,false,");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FileLoad.Status.LOADED));
    assertThat(rows(store, "SELECT kind, line, reason FROM quarantine ORDER BY kind, line"))
        .containsExactly(
            "service_requests|3|unknown SRV: 99.9",
            "service_requests|5|time out of range (years 1 to 9999) in received_at:"
                + " 10000-01-01T00:00:00Z",
            "service_requests|7|time out of range (years 1 to 9999) in received_at:"
                + " -0001-12-31T00:00:00Z",
            "service_requests|8|time out of range (years 1 to 9999) in received_at:"
                + " 253402300800000");
    assertThat(rows(store, "SELECT request_id, received_us FROM service_requests ORDER BY 1"))
        .containsExactly("R1|253402300799999999", "R3|-62135596800000000", "R5|32535129600000000");
    assertThat(count(store, "SELECT count(*) FROM outages")).isEqualTo(2);
  }

  /**
   * ISO-8601 with an offset of at most 18 hours: DuckDB's cast alone would take an offset of +25:00
   * or +01:60, a one-digit hour and a zone name.
   */
  @Test
  void timesAreIsoWithARealOffset() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T06:10:00+01:00",
        "R2,U1,2.2,D1,2023-08-20T05:10:00+25:00",
        "R3,U1,2.2,D1,2023-08-20T05:10:00+01:60",
        "R4,U1,2.2,D1,2023-08-20T5:10:00Z",
        "R5,U1,2.2,D1,2023-08-20T05:10:00 Etc/GMT+10",
        "R6,U1,2.2,D1,2023-08-20T05:10:00z",
        "R7,U1,2.2,D1,2023-08-20 00:10:00-0500",
        "R8,U1,2.2,D1,2023-08-20T06:10:00.123456+01",
        "R9,U1,2.2,D1,2023-08-20T23:10:00+18:00");
    LoadReport report = load(drop);
    assertReconciles(report);
    long t = 1_692_508_200_000_000L; // 2023-08-20T05:10:00Z
    assertThat(
            rows(
                store,
                "SELECT request_id, received_us - " + t + " FROM service_requests ORDER BY line"))
        .containsExactly("R1|0", "R6|0", "R7|0", "R8|123456", "R9|0");
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "3|unparsable time in received_at: 2023-08-20T05:10:00+25:00",
            "4|unparsable time in received_at: 2023-08-20T05:10:00+01:60",
            "5|unparsable time in received_at: 2023-08-20T5:10:00Z",
            "6|unparsable time in received_at: 2023-08-20T05:10:00 Etc/GMT+10");
  }

  /** Epoch milliseconds are digits only: no exponent, hex, underscores or fraction, no overflow. */
  @Test
  void epochMillisecondsAreWholeDigitsAndNeverOverflow() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,1692508200000",
        "R2,U1,2.2,D1,10000000000000000",
        "R3,U1,2.2,D1,1.6925082e12",
        "R4,U1,2.2,D1,0x18A0E5C3A40",
        "R5,U1,2.2,D1,1_692_508_200_000",
        "R6,U1,2.2,D1,1692508200000.9",
        "R7,U1,2.2,D1,999999999999999");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT request_id, received_us FROM service_requests"))
        .containsExactly("R1|1692508200000000");
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "3|unparsable time in received_at: 10000000000000000",
            "4|unparsable time in received_at: 1.6925082e12",
            "5|unparsable time in received_at: 0x18A0E5C3A40",
            "6|unparsable time in received_at: 1_692_508_200_000",
            "7|unparsable time in received_at: 1692508200000.9",
            "8|time out of range (years 1 to 9999) in received_at: 999999999999999");
  }

  /** A whole number is digits (a sign, a ".0" allowed): a cast would round 4.6 and take 0x3. */
  @Test
  void wholeNumbersAreNotRoundedOrReadInOtherNotations() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "risks.csv",
        "risk_id,title,likelihood,impact",
        "K1,t,0.5,4",
        "K2,t,3,4.6",
        "K3,t,0x3,1",
        "K4,t,2,1e0",
        "K5,t, 3 ,4.0",
        "K6,t,+2,5");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT risk_id, likelihood, impact FROM risks ORDER BY risk_id"))
        .containsExactly("K5|3|4", "K6|2|5");
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly(
            "2|likelihood must be a whole number from 1 to 5, got 0.5",
            "3|impact must be a whole number from 1 to 5, got 4.6",
            "4|likelihood must be a whole number from 1 to 5, got 0x3",
            "5|impact must be a whole number from 1 to 5, got 1e0");
  }

  /**
   * A fault of the loader's own (here thrown just before the commit, as no input can) fails the
   * file and leaves nothing of it: the transaction is rolled back, not committed by the return to
   * auto-commit. The drop's other files still load.
   */
  @Test
  void anUnexpectedFaultFailsItsFileAndLeavesNothingOfIt() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,99.9,D1,2023-08-20T05:10:00Z");
    List<String> before = fingerprint(store);
    LoadReport report =
        new DropLoader(store)
            .beforeCommit(
                () -> {
                  throw new ArithmeticException("long overflow");
                })
            .load(drop);
    assertThat(report.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FileLoad.Status.FAILED);
              assertThat(f.error())
                  .isEqualTo(
                      "service_requests.csv: internal error (ArithmeticException: long overflow)");
            });
    assertThat(fingerprint(store)).isEqualTo(before);
    assertThat(count(store, "SELECT count(*) FROM quarantine")).isZero();

    LoadReport again = load(drop);
    assertThat(again.files()).singleElement().extracting(FileLoad::loaded).isEqualTo(1L);
  }

  /**
   * Extra columns are ignored, whatever their names: none (a header ending in a comma), the same
   * twice, or a contract name in other letters (DuckDB holds SRV and srv equal).
   */
  @Test
  void extraCsvColumnsAreIgnoredWhateverTheirNames() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "note,request_id,user_id,srv,device_id,received_at,SRV,note,,",
        "a,R1,U1,2.2,D1,2023-08-20T05:10:00Z,x,b,,",
        "a,R2,U1,4.1.1,D1,2023-08-20T05:11:00Z,y,b,c,d");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files()).singleElement().extracting(FileLoad::loaded).isEqualTo(2L);
    assertThat(rows(store, "SELECT request_id, srv FROM service_requests ORDER BY request_id"))
        .containsExactly("R1|2.2", "R2|4.1.1");
  }

  @Test
  void aContractColumnNamedTwiceFailsTheFile() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at,srv",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z,4.1.1");
    assertItsOneFileFailsAndChangesNothing(
        drop,
        error ->
            assertThat(error)
                .isEqualTo(
                    "service_requests.csv: the header row names the column srv twice:"
                        + " request_id,user_id,srv,device_id,received_at,srv"));
  }

  @Test
  void aGzipFileNamedCsvFailsSayingSo() throws IOException {
    Path drop = dir.resolve("drop");
    Drops.writeGzip(
        drop,
        "service_requests.csv.gz",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z");
    Files.move(drop.resolve("service_requests.csv.gz"), drop.resolve("service_requests.csv"));
    assertItsOneFileFailsAndChangesNothing(
        drop,
        error ->
            assertThat(error)
                .isEqualTo(
                    "service_requests.csv: a gzip file named .csv: name it .csv.gz to load it"));
  }

  /** A name's ending is read in any case, and DuckDB is told so: it would guess from the name. */
  @Test
  void gzipFilesNamedInCapitalsLoad() {
    Path drop = dir.resolve("drop");
    Drops.writeGzip(drop, "users.CSV.GZ", "user_id,organisation,role", "U2,Org,IS");
    Drops.writeGzip(
        drop,
        "alerts.JSONL.GZ",
        "{\"alert_id\":\"A1\",\"user_id\":\"U1\",\"alert_code\":\"8F01\",\"raised_at\":\"2023-08-20T05:10:00Z\"}");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .extracting(FileLoad::file, FileLoad::format, FileLoad::loaded, FileLoad::quarantined)
        .containsExactlyInAnyOrder(
            tuple("users.CSV.GZ", "csv.gz", 1L, 0L), tuple("alerts.JSONL.GZ", "jsonl.gz", 1L, 0L));
  }

  @Test
  void aHeaderWithoutTheContractsColumnsIsNamedInTheError() {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id|organisation|role", "U1|Org|IS");
    assertItsOneFileFailsAndChangesNothing(
        drop,
        error ->
            assertThat(error)
                .isEqualTo(
                    "users.csv: missing required columns user_id, organisation for kind users"
                        + " (found: user_id|organisation|role)"));
  }

  /** A broken link named like a contract file fails; the drop's other files load. */
  @Test
  void aBrokenLinkNamedLikeAContractFileFailsAndTheOthersLoad() throws IOException {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation,role", "U1,Org,IS");
    Files.createSymbolicLink(drop.resolve("alerts.csv"), dir.resolve("nowhere.csv"));
    LoadReport report = load(drop);
    assertThat(report.files())
        .extracting(FileLoad::file, FileLoad::status, FileLoad::error)
        .containsExactlyInAnyOrder(
            tuple("users.csv", FileLoad.Status.LOADED, null),
            tuple(
                "alerts.csv",
                FileLoad.Status.FAILED,
                "cannot read alerts.csv: it does not exist (a link to nothing?)"));
  }

  /** Loading {@code drop} fails its one file and leaves the store exactly as it was. */
  private void assertItsOneFileFailsAndChangesNothing(
      Path drop, java.util.function.Consumer<String> error) {
    List<String> before = fingerprint(store);
    LoadReport report = load(drop);
    assertThat(report.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.status()).isEqualTo(FileLoad.Status.FAILED);
              error.accept(f.error());
            });
    assertThat(fingerprint(store)).isEqualTo(before);
  }

  @Test
  void aStoreSurvivesReopeningAndKeepsItsSchemaVersion() {
    store.close();
    store = Store.open(dir.resolve("store"));
    assertThat(store.schemaVersion()).isEqualTo(Store.latestSchemaVersion());
  }

  @Test
  void everyKindOfTheContractLoadsIntoItsTable() {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation,role", "U1,Org One,IS", "U2,Org One,");
    Drops.write(
        drop,
        "devices.csv",
        "device_id,device_type,smets,provider,comms_hub_id,area,certificate_owner",
        "D1,ESME,2,CSP-N,H1,AB,U1",
        "D2,GSME,1,S1SP-DXC,,,");
    Drops.write(drop, "area_events.csv", "area,event,effective_on", "AB,3G_SUNSET,2023-06-01");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,user_role,srv,device_id,received_at,execute_at",
        "R1,U1,IS,2.2,D1,2023-08-20T05:10:00Z,");
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code,kind",
        "R1,2023-08-20T05:10:01Z,I99,ACK",
        "R1,2023-08-20T05:10:04Z,I0,");
    Drops.write(
        drop,
        "alerts.csv",
        "alert_id,device_id,user_id,alert_code,raised_at,delivered_at",
        "A1,D1,U1,8F01,2023-08-20T05:10:00Z,2023-08-20T05:10:30Z",
        "A2,,U1,N1,2023-08-20T05:11:00Z,");
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,components,services,cause_class,root_cause,major,dcc_responsible",
        "INC1,1,router,2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,DSP_ROUTER;DSP,DUIS;SSI,ARCHITECTURE,leak,true,true");
    Drops.write(
        drop,
        "outages.csv",
        "service,start,end,planned,incident_id",
        "SSI,2023-08-20T05:10:00Z,2023-08-20T11:40:00Z,false,INC1");
    Drops.write(
        drop,
        "risks.csv",
        "risk_id,title,likelihood,impact,owner,status",
        "OPSG-006,CSP N,4,5,DCC,");
    Drops.write(
        drop,
        "actions.csv",
        "ref,text,owner,raised_on,target_on,revised_target_on,status,closed_on",
        "105/01,graphic,DCC,2023-10-23,2023-11-14,2023-12-12,OPEN,");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .hasSize(10)
        .allSatisfy(
            f -> {
              assertThat(f.status()).as(f.file()).isEqualTo(FileLoad.Status.LOADED);
              assertThat(f.quarantined()).as(f.file()).isZero();
            });
    assertThat(rows(store, "SELECT user_id, organisation, role FROM users ORDER BY 1"))
        .containsExactly("U1|Org One|IS", "U2|Org One|null");
    assertThat(
            rows(
                store,
                "SELECT device_id, smets, provider, area, certificate_owner FROM devices ORDER BY 1"))
        .containsExactly("D1|2|CSP-N|AB|U1", "D2|1|S1SP-DXC|null|null");
    assertThat(rows(store, "SELECT area, event, effective_on FROM area_events"))
        .containsExactly("AB|3G_SUNSET|2023-06-01");
    assertThat(rows(store, "SELECT code, kind FROM service_responses ORDER BY sent_us"))
        .containsExactly("I99|ACK", "I0|RESPONSE");
    assertThat(rows(store, "SELECT alert_id, delivered_us - raised_us FROM alerts ORDER BY 1"))
        .containsExactly("A1|30000000", "A2|null");
    assertThat(
            rows(
                store,
                "SELECT components, services, cause_class, major, dcc_responsible,"
                    + " (resolved_us - opened_us) // 60000000 FROM incidents"))
        .containsExactly("[DSP_ROUTER, DSP]|[DUIS, SSI]|ARCHITECTURE|true|true|390");
    assertThat(rows(store, "SELECT service, planned, incident_id FROM outages"))
        .containsExactly("SSI|false|INC1");
    assertThat(rows(store, "SELECT risk_id, likelihood * impact, status FROM risks"))
        .containsExactly("OPSG-006|20|OPEN");
    assertThat(rows(store, "SELECT ref, raised_on, revised_target_on, status FROM actions"))
        .containsExactly("105/01|2023-10-23|2023-12-12|OPEN");
  }

  @Test
  void quarantinesTheRemainingReasonsOfTheContract() {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation,role", "U1,Org,SUPPLIER", "U2,,IS");
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code,kind",
        "R1,2023-08-20T05:10:01Z,I0,FINAL",
        "R1,2023-08-20,I0,");
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,cause_class,major",
        "I1,2,a,2023-08-20T05:10:00Z,2023-08-20T04:10:00Z,,",
        "I2,2,b,2023-08-20T05:10:00Z,,BAD_LUCK,",
        "I3,2,c,2023-08-20T05:10:00Z,,,yes");
    Drops.write(
        drop,
        "actions.csv",
        "ref,text,owner,raised_on,status,closed_on",
        "105/09,x,DCC,2023-10-23,CLOSED,2023-10-01");
    Drops.write(
        drop,
        "alerts.jsonl",
        "{\"alert_id\":\"A1\",\"user_id\":\"U1\",\"alert_code\":\"8F1C\",\"raised_at\":\"2023-08-20T05:10:00Z\"}",
        "",
        "{\"alert_id\":\"A2\",\"user_id\":\"U1\",\"alert_code\":\"8F1C\",\"raised_at\":1692508200000,\"delivered_at\":\"soon\"}");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT kind, line, reason FROM quarantine ORDER BY kind, line"))
        .containsExactly(
            "actions|2|closed_on is before raised_on",
            "alerts|2|blank line",
            "alerts|3|unparsable time in delivered_at: soon",
            "incidents|2|resolved_at is before opened_at",
            "incidents|3|cause_class must be one of ARCHITECTURE, OPERATIONAL, HUMAN_ERROR, THIRD_PARTY, UNKNOWN, got BAD_LUCK",
            "incidents|4|major must be true or false, got yes",
            "service_responses|2|kind must be one of ACK, RESPONSE, got FINAL",
            "service_responses|3|timestamp without offset in sent_at: 2023-08-20",
            "users|2|role must be one of IS, ES, GS, ED, GT, RSA, OU, got SUPPLIER",
            "users|3|missing required value: organisation");
  }
}
