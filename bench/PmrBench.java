import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.store.Store;

/**
 * Times the PMR of a month from the store against a plain DuckDB query over the raw CSV files.
 * Data: requests spread evenly over August 2023 (UK time) on 1,000,000 devices of four
 * providers; 5% future dated (execute_at one hour later); each request gets an ACK after 1 s and,
 * for 99.5% of them, a RESPONSE after 1 to 40 s. The drop is written as CSV and loaded by
 * DropLoader (timed), which fills the request outcomes the report reads.
 */
public class PmrBench {
  public static void main(String[] args) throws Exception {
    long n = Long.parseLong(args[0]);
    System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    Path out = Path.of(args[1]);
    if (Files.exists(out)) {
      try (Stream<Path> walk = Files.walk(out)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Files.createDirectories(out.resolve("raw"));
    ReportingMonth aug = ReportingMonth.of(2023, 8);
    long start = aug.startMicros();
    long step = (aug.endMicros() - aug.startMicros()) / n;
    // The drop is written as CSV by DuckDB, then loaded by the real loader (which keeps the
    // request outcomes the report reads).
    Path raw = out.resolve("raw");
    try (Store scratch = Store.inMemory()) {
      Connection c = scratch.connection();
      long t0 = System.nanoTime();
      try (Statement s = c.createStatement()) {
        s.execute("SET memory_limit = '8GB'");
        s.execute(
            "COPY (SELECT 'D' || i AS device_id, 'ESME' AS device_type, 2 AS smets,"
                + " ['CSP-N','CSP-C','CSP-S','S1SP-DXC'][i % 4 + 1] AS provider"
                + " FROM range(1000000) t(i)) TO '" + raw + "/devices.csv' (HEADER)");
        s.execute(
            "CREATE TABLE q AS SELECT i, 'R' || i AS request_id, 'U' || (i % 50) AS user_id, 'IS' AS user_role,"
                + " CASE WHEN i % 20 = 0 THEN '4.1.1' ELSE ['2.2','1.1.1','4.4.2','6.15.1'][i % 4 + 1] END AS srv,"
                + " 'D' || (hash(i) % 1000000) AS device_id, " + start + " + i * " + step + " AS received_us,"
                + " CASE WHEN i % 20 = 0 THEN " + start + " + i * " + step + " + 3600000000 END AS execute_us"
                + " FROM range(" + n + ") t(i)");
        s.execute("COPY (SELECT request_id, user_id, user_role, srv, device_id,"
            + " strftime(make_timestamp(received_us), '%Y-%m-%dT%H:%M:%S.%fZ') AS received_at,"
            + " strftime(make_timestamp(execute_us), '%Y-%m-%dT%H:%M:%S.%fZ') AS execute_at"
            + " FROM q ORDER BY i) TO '" + raw + "/service_requests.csv' (HEADER)");
        s.execute("COPY (SELECT request_id, strftime(make_timestamp(sent_us), '%Y-%m-%dT%H:%M:%S.%fZ') AS sent_at, code, kind FROM ("
            + " SELECT request_id, received_us + 1000000 AS sent_us, 'I99' AS code, 'ACK' AS kind FROM q"
            + " UNION ALL SELECT request_id, coalesce(execute_us, received_us)"
            + "   + ((1 + hash(i * 7) % 40) * 1000000)::BIGINT, CASE WHEN hash(i) % 50 = 0 THEN 'E21' ELSE 'I0' END,"
            + "   'RESPONSE' FROM q WHERE hash(i * 13) % 200 <> 0"
            + ") ORDER BY sent_us) TO '" + raw + "/service_responses.csv' (HEADER)");
      }
      System.out.printf("drop written (CSV) in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    try (Store store = Store.open(out.resolve("store"))) {
      long t0 = System.nanoTime();
      uk.meterwatch.engine.load.LoadReport report = new uk.meterwatch.engine.load.DropLoader(store).load(raw);
      System.out.printf("loaded by DropLoader in %.1f s: %,d rows read, %,d loaded%n",
          (System.nanoTime() - t0) / 1e9, report.totals().read(), report.totals().loaded());
      System.out.printf("store: %d requests, %d responses%n",
          count(store.connection(), "service_requests"), count(store.connection(), "service_responses"));
    }
    // A fresh process-like start: reopen the store, then time the report twice (cold, warm).
    double first;
    double second;
    try (Store store = Store.open(out.resolve("store"))) {
      // The rule set and the SRV catalogue are read once per process (YAML and JSON parsing, cold
      // JVM): timed apart from the report.
      long tr = System.nanoTime();
      RuleBook rules = RuleBook.standard();
      SrvCatalogue catalogue = SrvCatalogue.standard();
      System.out.printf("rule set and SRV catalogue read in %.3f s%n", (System.nanoTime() - tr) / 1e9);
      long t0 = System.nanoTime();
      PerformanceReport report =
          new PerformanceMeasurement(store, rules, catalogue, Clock.systemUTC())
              .report(ReportingMonth.of(2023, 8));
      first = (System.nanoTime() - t0) / 1e9;
      t0 = System.nanoTime();
      new PerformanceMeasurement(store, rules, catalogue, Clock.systemUTC())
          .report(ReportingMonth.of(2023, 8));
      second = (System.nanoTime() - t0) / 1e9;
      for (MeasureResult m : report.measures()) {
        System.out.printf("  %-8s %-9s %7s %-13s %s / %s%n", m.id(), m.scope(), m.value(), m.status(),
            m.within(), m.population());
      }
    }
    // Baseline: the same CPM1 and CPM2 (ALL and per provider) as one plain query over the CSVs.
    double baseline;
    try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '8GB'");
      long t0 = System.nanoTime();
      try (ResultSet r = s.executeQuery(
          "WITH q AS (SELECT * FROM read_csv('" + raw + "/service_requests.csv')),"
              + " s AS (SELECT request_id, min(sent_at) AS first_at FROM read_csv('" + raw
              + "/service_responses.csv') WHERE kind = 'RESPONSE' GROUP BY request_id),"
              + " d AS (SELECT * FROM read_csv('" + raw + "/devices.csv'))"
              + " SELECT d.provider, q.execute_at IS NULL AS on_demand,"
              + " count(*) FILTER (WHERE epoch_ms(s.first_at) - epoch_ms(coalesce(q.execute_at, q.received_at))"
              + "   <= CASE WHEN q.srv IN ('1.1.1','6.15.1') AND q.execute_at IS NULL THEN 60000 ELSE 30000 END) AS within,"
              + " count(*) AS population"
              + " FROM q LEFT JOIN s USING (request_id) LEFT JOIN d USING (device_id)"
              + " GROUP BY ROLLUP (d.provider, on_demand)")) {
        while (r.next()) {
          // consume
        }
      }
      baseline = (System.nanoTime() - t0) / 1e9;
    }
    System.out.printf("pmr from the store: %.3f s (first), %.3f s (second)%n", first, second);
    System.out.printf("baseline, plain DuckDB query over the CSV files: %.3f s%n", baseline);
    System.out.printf("ratio baseline / pmr (first): %.1f x%n", baseline / first);
  }

  private static long count(Connection c, String table) throws Exception {
    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }
}
