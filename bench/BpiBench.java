import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.ProcessIndicators;
import uk.meterwatch.engine.store.Store;

/**
 * BPI benchmark: generates N requests (default 10M) and 2 responses each (ACK + RESPONSE) for
 * August 2023 directly with DuckDB SQL into a fresh store, then times (1) a baseline: one plain
 * DuckDB window-function pass over the same tables (first RESPONSE per request, lag per group) and
 * (2) BpiCalculator for the month. Prints both and the ratio. Run via bench/bpi.sh.
 */
public class BpiBench {
  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    Path dir = Files.createTempDirectory("bpi-bench");
    ReportingMonth month = ReportingMonth.of(2023, 8);
    long start = month.startMicros();
    long span = month.endMicros() - start;
    try (Store store = Store.open(dir)) {
      Connection c = store.connection();
      long t0 = System.nanoTime();
      // In chunks of about 10M requests, each holding whole (User, device) groups (by device):
      // the window over 100M wide rows at once does not fit DuckDB's 6 GB.
      long chunks = Math.max(1, n / 10_000_000L);
      try (PreparedStatement p =
          c.prepareStatement(
              // Each request comes with its outcome (what the loader keeps): its one RESPONSE
              // row below is sent at received + 1 s + hash(line) % 40 s with the code of
              // hash(line * 3), so the outcome is computed here instead of by a join + UPDATE
              // afterwards (an UPDATE of 100M rows does not fit DuckDB's 6 GB).
              "INSERT INTO service_requests (request_id, user_id, user_role, srv, device_id,"
                  + " received_us, execute_us, load_id, line, first_response_us, first_i0_us,"
                  + " final_us, final_code, i0_us, certificate_owner, near_us)"
                  + " SELECT * EXCLUDE (sent, code, dev, nd), sent, CASE WHEN code = 'I0' THEN sent END,"
                  + " sent, code, CASE WHEN code = 'I0' THEN sent END,"
                  // the owner of device D<k> below: 'U' || (hash(k) % 50)
                  + " 'U' || (hash(dev) % 50),"
                  // and the distance to its nearest request of the same User and device
                  + " CASE WHEN nd <= "
                  + uk.meterwatch.engine.store.RequestNeighbours.HORIZON_US
                  + " THEN nd END FROM (SELECT *, least(received_us - lag(received_us) OVER w,"
                  + " lead(received_us) OVER w - received_us) AS nd FROM ("
                  + " SELECT 'R' || i, 'U' || (hash(i) % 50) AS user_id, NULL,"
                  + " CASE WHEN i % 10 < 6 THEN '2.2' WHEN i % 10 < 8 THEN '1.1.1'"
                  + " WHEN i % 10 = 8 THEN '11.3' ELSE '6.23' END,"
                  + " 'D' || (hash(i * 7) % ?) AS device_id,"
                  + " ? + (hash(i * 13) % ?)::BIGINT AS received_us,"
                  + " NULL::BIGINT, 1, i,"
                  + " received_us + 1000000 + (hash(i) % 40000000)::BIGINT AS sent,"
                  + " CASE WHEN hash(i * 3) % 100 < 85 THEN 'I0' WHEN hash(i * 3) % 100 < 92"
                  + " THEN 'E21' WHEN hash(i * 3) % 100 < 95 THEN 'E20' WHEN hash(i * 3) % 100"
                  + " < 97 THEN 'E4' ELSE 'E5' END AS code, (hash(i * 7) % ?)::BIGINT AS dev"
                  + " FROM range(?) t(i) WHERE (hash(i * 7) % ?) % ? = ?)"
                  + " WINDOW w AS (PARTITION BY user_id, device_id ORDER BY received_us))"
                  + " ORDER BY received_us")) {
        p.setLong(1, n / 5);
        p.setLong(2, start);
        p.setLong(3, span);
        p.setLong(4, n / 5);
        p.setLong(5, n);
        p.setLong(6, n / 5);
        p.setLong(7, chunks);
        for (long chunk = 0; chunk < chunks; chunk++) {
          p.setLong(8, chunk);
          p.execute();
        }
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO service_responses SELECT request_id, received_us + 200000, 'I99', 'ACK',"
                  + " 2, line FROM service_requests"
                  + " UNION ALL SELECT request_id, received_us + 1000000 + (hash(line) % 40000000)::BIGINT,"
                  + " CASE WHEN hash(line * 3) % 100 < 85 THEN 'I0' WHEN hash(line * 3) % 100 < 92"
                  + " THEN 'E21' WHEN hash(line * 3) % 100 < 95 THEN 'E20' WHEN hash(line * 3) % 100"
                  + " < 97 THEN 'E4' ELSE 'E5' END, 'RESPONSE', 2, line FROM service_requests"
                  + " ORDER BY 2")) {
        p.execute();
      }
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO devices SELECT 'D' || i, 'ESME', 2, 'CSP-N', NULL, NULL,"
                  + " 'U' || (hash(i) % 50), 3, i FROM range(?) t(i)")) {
        p.setLong(1, n / 5);
        p.execute();
      }
      try (Statement s = c.createStatement();
          ResultSet r =
              s.executeQuery(
                  "SELECT count(*) FROM service_requests r JOIN devices d USING (device_id)"
                      + " WHERE r.certificate_owner IS DISTINCT FROM d.certificate_owner")) {
        r.next();
        if (r.getLong(1) != 0) {
          throw new IllegalStateException(r.getLong(1) + " requests without their device's owner");
        }
      }
      try (Statement s = c.createStatement()) {
        // near_us was written with each request: the column is current (as after a load).
        s.execute("DELETE FROM request_neighbours_state");
        s.execute(
            "INSERT INTO request_neighbours_state SELECT 0, (SELECT count(*) FROM service_requests)");
      }
      if (Boolean.getBoolean("bpi.bench.check")) {
        // The outcomes and distances written above are the ones RequestOutcomes and
        // RequestNeighbours compute from the rows (a check
        // for small runs: its UPDATE of every request needs memory in proportion).
        String fingerprint =
            "SELECT sum(hash(rowid, near_us, first_response_us, first_i0_us, final_us, final_code,"
                + " i0_us) % 1000000007) FROM service_requests";
        long before = count(c, fingerprint);
        long tOutcomes = System.nanoTime();
        uk.meterwatch.engine.store.RequestOutcomes.rebuild(c);
        System.out.printf("request outcomes recomputed in %.1f s%n", secs(tOutcomes));
        if (count(c, fingerprint) != before) {
          throw new IllegalStateException("generated outcomes or distances differ from recomputed");
        }
      }
      try (Statement s = c.createStatement()) {
        s.execute(
            "INSERT INTO users SELECT 'U' || i, 'Org ' || (i % 20), NULL, 4, i FROM range(50) t(i)");
        s.execute("CHECKPOINT");
      }
      System.out.printf("generated %,d requests, %,d responses in %.1f s%n", n, 2 * n, secs(t0));
    }
    // Reopen, as the CLI would: a cold store.
    try (Store store = Store.open(dir)) {
      long t1 = System.nanoTime();
      try (Statement s = store.connection().createStatement();
          ResultSet r =
              s.executeQuery(
                  "WITH f AS (SELECT request_id, arg_min(code, sent_us) AS code FROM"
                      + " service_responses WHERE kind = 'RESPONSE' GROUP BY request_id),"
                      + " w AS (SELECT q.user_id, q.device_id, q.received_us, f.code,"
                      + " q.received_us - lag(q.received_us) OVER (PARTITION BY q.user_id,"
                      + " q.device_id ORDER BY q.received_us, q.request_id) AS gap"
                      + " FROM service_requests q LEFT JOIN f USING (request_id)"
                      + " WHERE q.srv = '2.2')"
                      + " SELECT count(*), count(*) FILTER (WHERE gap IS NULL OR gap > 86400000000),"
                      + " count(*) FILTER (WHERE code = 'I0') FROM w")) {
        r.next();
        System.out.printf(
            "baseline (window pass, PREPAYMENT only): %.2f s (%,d rows, %,d group starts)%n",
            secs(t1), r.getLong(1), r.getLong(2));
      }
      double baseline = secs(t1);
      // The rule set is read first, as the CLI does before it computes (timed apart, like PmrBench).
      long tr = System.nanoTime();
      uk.meterwatch.core.rules.RuleSet rules = RuleBook.defaults();
      System.out.printf("rule set read in %.3f s%n", secs(tr));
      long t2 = System.nanoTime();
      BpiReport report = new BpiCalculator(store, rules).compute(month);
      double bpi = secs(t2);
      long tx = 0;
      for (ProcessIndicators p : report.processes()) {
        tx += p.transactions();
        System.out.printf(
            "  %-24s %,12d transactions %,12d requests success %.2f %%%n",
            p.process(), p.transactions(), p.requests(),
            p.successRate() == null ? 0.0 : p.successRate());
      }
      System.out.printf(
          "bpi (all processes): %.2f s, %,d transactions; ratio bpi/baseline = %.2f%n",
          bpi, tx, bpi / baseline);
      Runtime rt = Runtime.getRuntime();
      System.out.printf(
          "java heap used at end: %,d MB%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
    }
  }

  private static double secs(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
