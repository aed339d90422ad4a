import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
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
    System.out.printf(Locale.ROOT, "meterwatch load: %.1f s, %,d rows read, %,d loaded, %,d quarantined, %,.0f rows/s%n",
        mw, rows, report.totals().loaded(), report.totals().quarantined(), rows / mw);
    System.out.printf(Locale.ROOT, "ratio meterwatch/baseline: %.2f%n", mw / baseline);
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
