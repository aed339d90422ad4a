import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * PMR at scale: bench/pmr-scale.sh [REQUESTS] [OUT] (default 100,000,000). Builds a store of
 * REQUESTS requests in August 2023 directly with SQL (the rows a load leaves: each request with its
 * outcome and its device's provider; 10 million devices; 5 % future dated), then reopens it and
 * builds the month's response-time cube (what the loader keeps) and times the month's report,
 * twice, within the store's memory bound (6 GB unless $METERWATCH_MEMORY). The PMR reads no
 * response rows, so none are generated. -Dmeterwatch.trace=true shows each query.
 */
public class PmrScaleBench {
  public static void main(String[] args) throws Exception {
    long n = args.length > 0 ? Long.parseLong(args[0]) : 100_000_000L;
    Path out = Path.of(args.length > 1 ? args[1] : "bench/out/pmr-scale");
    System.out.printf("load average at start: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    boolean reuse = Boolean.getBoolean("reuse") && Files.exists(out.resolve("meterwatch.duckdb"));
    if (Files.exists(out) && !reuse) {
      try (Stream<Path> walk = Files.walk(out)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    ReportingMonth aug = ReportingMonth.of(2023, 8);
    long start = aug.startMicros();
    long step = Math.max(1, (aug.endMicros() - start) / n);
    long devices = Math.max(1, n / 10);
    long t0 = System.nanoTime();
    if (!reuse) try (Store store = Store.open(out)) {
      Connection c = store.connection();
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO devices SELECT 'D' || i, 'ESME', 2,"
                  + " ['CSP-N','CSP-C','CSP-S','S1SP-DXC'][i % 4 + 1], NULL, NULL, NULL, 1, i"
                  + " FROM range(?) t(i)")) {
        p.setLong(1, devices);
        p.execute();
      }
      // In time order, as the loader writes a month; outcomes as RequestOutcomes keeps them.
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO service_requests (request_id, user_id, user_role, srv, device_id,"
                  + " received_us, execute_us, load_id, line, first_response_us, first_i0_us,"
                  + " final_us, final_code, i0_us, provider)"
                  + " SELECT request_id, user_id, 'IS', srv, device_id, received_us, execute_us, 2,"
                  + " i + 2, resp, CASE WHEN ok THEN resp END, resp, CASE WHEN resp IS NULL THEN"
                  + " NULL WHEN ok THEN 'I0' ELSE 'E21' END, CASE WHEN ok THEN resp END,"
                  + " ['CSP-N','CSP-C','CSP-S','S1SP-DXC'][d % 4 + 1]"
                  + " FROM (SELECT i, 'R' || i AS request_id, 'U' || (i % 50) AS user_id,"
                  + "   CASE WHEN i % 20 = 0 THEN '4.1.1' ELSE ['2.2','1.1.1','4.4.2','6.15.1'][i % 4 + 1]"
                  + "   END AS srv, (hash(i) % ?)::BIGINT AS d, 'D' || d AS device_id, ? + i * ? AS received_us,"
                  + "   CASE WHEN i % 20 = 0 THEN received_us + 3600000000 END AS execute_us,"
                  + "   CASE WHEN hash(i * 13) % 200 <> 0 THEN coalesce(execute_us, received_us)"
                  + "   + ((1 + hash(i * 7) % 40) * 1000000)::BIGINT END AS resp,"
                  + "   hash(i) % 50 <> 0 AS ok FROM range(?) t(i))")) {
        p.setLong(1, devices);
        p.setLong(2, start);
        p.setLong(3, step);
        p.setLong(4, n);
        p.execute();
      }
      try (Statement s = c.createStatement()) {
        s.execute("CHECKPOINT");
      }
    }
    System.out.printf("store of %,d requests, %,d devices built in %.1f s%n", n, devices,
        (System.nanoTime() - t0) / 1e9);
    try (Store store = Store.open(out)) {
      // What a load keeps for the month (the loader recomputes the months it touches): timed.
      long tc = System.nanoTime();
      uk.meterwatch.engine.store.ResponseTimeCube.rebuild(store.connection());
      System.out.printf("response-time cube of the month built in %.1f s%n", (System.nanoTime() - tc) / 1e9);
    }
    try (Store store = Store.open(out)) {
      RuleBook rules = RuleBook.standard();
      SrvCatalogue catalogue = SrvCatalogue.standard();
      for (int i = 0; i < 2; i++) {
        long t = System.nanoTime();
        PerformanceReport report =
            new PerformanceMeasurement(store, rules, catalogue, Clock.systemUTC()).report(aug);
        System.out.printf("pmr %s: %.3f s%n", i == 0 ? "cold" : "warm", (System.nanoTime() - t) / 1e9);
        if (i == 0) {
          for (MeasureResult m : report.measures()) {
            System.out.printf("  %-8s %-9s %7s %-13s %s / %s%n", m.id(), m.scope(), m.value(), m.status(),
                m.within(), m.population());
          }
        }
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM")) {
        System.out.println("peak resident memory of the process: " + line.replaceAll("\\s+", " "));
      }
    }
  }
}
