import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;

/**
 * Load benchmark: N service requests and 2N responses as CSV, loaded by Meterwatch, against a
 * baseline in the same run: DuckDB reading the same CSV files into plain tables with no checks.
 * Usage: bench/load.sh [REQUESTS]
 */
public class LoadBench {
  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    Path work = Path.of(args.length > 1 ? args[1] : "bench/out/load");
    Path drop = work.resolve("drop");
    Files.createDirectories(drop);
    Path requests = drop.resolve("service_requests.csv");
    Path responses = drop.resolve("service_responses.csv");
    if (!Files.exists(requests) || !Files.exists(responses) || !Files.exists(work.resolve("n-" + n))) {
      long t = System.nanoTime();
      try (Store scratch = Store.inMemory(); Statement s = scratch.connection().createStatement()) {
        // August 2023, spread evenly; 2.2 prepayment and 4.1.1 reads; 1M devices, 200 users.
        s.execute("COPY (SELECT 'R' || i AS request_id, 'U' || (i % 200) AS user_id,"
            + " CASE WHEN i % 10 = 0 THEN '2.2' ELSE '4.1.1' END AS srv, 'D' || (i % 1000000) AS device_id,"
            + " strftime(make_timestamp(1690848000000000 + i * (2678400000000 // " + n + ")), '%Y-%m-%dT%H:%M:%S.%gZ') AS received_at"
            + " FROM range(" + n + ") r(i)) TO '" + requests + "' (HEADER, DELIMITER ',')");
        s.execute("COPY (SELECT 'R' || i AS request_id,"
            + " strftime(make_timestamp(1690848000000000 + i * (2678400000000 // " + n + ") + CASE WHEN k = 0 THEN 1000000 ELSE 5000000 + (i % 40) * 1000000 END), '%Y-%m-%dT%H:%M:%S.%gZ') AS sent_at,"
            + " CASE WHEN k = 0 THEN 'I99' WHEN i % 50 = 0 THEN 'E21' ELSE 'I0' END AS code"
            + " FROM range(" + n + ") r(i), range(2) k(k)) TO '" + responses + "' (HEADER, DELIMITER ',')");
      }
      Files.writeString(work.resolve("n-" + n), "");
      System.out.printf(Locale.ROOT, "generated %,d requests and %,d responses in %.1f s (%,d MB)%n", n, 2 * n,
          (System.nanoTime() - t) / 1e9, (Files.size(requests) + Files.size(responses)) >> 20);
    }

    Path baseDb = work.resolve("baseline.duckdb");
    Files.deleteIfExists(baseDb);
    long t0 = System.nanoTime();
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + baseDb, new java.util.Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE r AS SELECT * FROM read_csv('" + requests + "')");
      s.execute("CREATE TABLE p AS SELECT * FROM read_csv('" + responses + "')");
    }
    double baseline = (System.nanoTime() - t0) / 1e9;

    // The floor: what any store that keeps the derived columns at load time must do at least,
    // with none of our checks: both files read and converted once and written to Parquet (in the
    // order read, which gives the lines; the cheapest way DuckDB writes rows), the proofs that no
    // key or row repeats, the nearest-request window, and the join of the responses with their
    // requests. Timed statement by statement on a scratch database.
    Path floorDir = work.resolve("floor");
    deleteTree(floorDir);
    Files.createDirectories(floorDir);
    String[][] floor = {
      {"requests: read, convert, write Parquet",
       "COPY (SELECT request_id, user_id, srv, device_id, epoch_us(CAST(received_at AS TIMESTAMPTZ)) AS received_us"
           + " FROM read_csv('" + requests + "', all_varchar=true)) TO '" + floorDir.resolve("r.parquet") + "'"},
      {"responses: read, convert, write Parquet",
       "COPY (SELECT request_id, epoch_us(CAST(sent_at AS TIMESTAMPTZ)) AS sent_us, code"
           + " FROM read_csv('" + responses + "', all_varchar=true)) TO '" + floorDir.resolve("p.parquet") + "'"},
      {"requests: no request_id repeats (distinct hashes)",
       "SELECT count(DISTINCT hash(request_id)) FROM '" + floorDir.resolve("r.parquet") + "'"},
      {"responses: no row repeats (distinct hashes)",
       "SELECT count(DISTINCT hash(request_id, sent_us, code)) FROM '" + floorDir.resolve("p.parquet") + "'"},
      {"requests: nearest request of the same User and device (window)",
       "CREATE TABLE near AS SELECT file_row_number AS line, least(received_us - lag(received_us) OVER w,"
           + " lead(received_us) OVER w - received_us) AS near_us FROM read_parquet('" + floorDir.resolve("r.parquet")
           + "', file_row_number=true) WINDOW w AS (PARTITION BY user_id, device_id ORDER BY received_us)"},
      {"outcomes: responses joined with their requests",
       "CREATE TABLE outcome AS SELECT r.file_row_number AS line, p.sent_us, p.code FROM '" + floorDir.resolve("p.parquet")
           + "' p JOIN read_parquet('" + floorDir.resolve("r.parquet") + "', file_row_number=true) r"
           + " ON r.request_id = p.request_id WHERE p.code <> 'I99'"},
    };
    double floorTotal = 0;
    List<String> floorLines = new ArrayList<>();
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + floorDir.resolve("floor.duckdb"), new java.util.Properties());
        Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '6GB'");
      for (String[] step : floor) {
        long t = System.nanoTime();
        s.execute(step[1]);
        double secs = (System.nanoTime() - t) / 1e9;
        floorTotal += secs;
        floorLines.add(String.format(Locale.ROOT, "  %5.1f s  %s", secs, step[0]));
      }
    }
    deleteTree(floorDir);

    Path storeDir = work.resolve("store");
    deleteTree(storeDir);
    long t1 = System.nanoTime();
    LoadReport report;
    try (Store store = Store.open(storeDir)) {
      report = new DropLoader(store).load(drop);
    }
    double mw = (System.nanoTime() - t1) / 1e9;
    long rows = report.totals().read();
    System.out.printf(Locale.ROOT, "baseline (DuckDB CSV -> table, no checks): %.1f s%n", baseline);
    System.out.printf(Locale.ROOT, "floor (the least work a store keeping the derived columns does, no checks): %.1f s%n", floorTotal);
    floorLines.forEach(System.out::println);
    System.out.printf(Locale.ROOT, "meterwatch load: %.1f s, %,d rows read, %,d loaded, %,d quarantined, %,.0f rows/s%n",
        mw, rows, report.totals().loaded(), report.totals().quarantined(), rows / mw);
    System.out.printf(Locale.ROOT, "ratio meterwatch/baseline: %.2f, meterwatch/floor: %.2f%n", mw / baseline, mw / floorTotal);
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM")) {
        System.out.println("peak resident memory: " + line.replaceAll("\\s+", " "));
      }
    }
  }

  static void deleteTree(Path p) throws java.io.IOException {
    if (Files.exists(p)) {
      try (var s = Files.walk(p)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
