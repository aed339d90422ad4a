package uk.meterwatch.engine.bpi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.duckdb.DuckDBConnection;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.BpiSettings;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * Computes the Business Process Indicators of a month from the store (definitions: docs/bpi.md).
 *
 * <p>DuckDB does the set work: it picks each process's requests that can matter for the month,
 * attaches to each its final response, earliest I0, the device's latest earlier I0 (communication
 * evidence), certificate owner and organisations, and sorts them by (process, User, device,
 * received_at, request_id), spilling to disk when large. Java then streams that sorted result once
 * through {@link TransactionBuilder}, which keeps one transaction per group in memory.
 *
 * <p>Which requests can matter: a transaction of the month has its first request in [start, end)
 * and its attempts at most the retry window W after it, so before end + W. To classify the month's
 * first requests exactly, each group is read from a request known to start a transaction: one that
 * came more than W after the group's previous request (or the group's very first). That anchor is
 * searched in [start - 2W, start), then the 32 days before start, then all history, only as far as
 * a group needs.
 */
public final class BpiCalculator {
  /** The process whose requests are meant to reach another owner's device. */
  public static final String CHANGE_OF_SUPPLY = "CHANGE_OF_SUPPLY";

  private static final long HOUR_US = 3_600_000_000L;
  private static final long FAR_PAST = Long.MIN_VALUE / 4;

  private final Store store;
  private final RuleSet rules;
  private final SrvCatalogue catalogue;
  private final boolean singlesInSql;

  public BpiCalculator(Store store, RuleSet rules) {
    this(store, rules, SrvCatalogue.standard());
  }

  public BpiCalculator(Store store, RuleSet rules, SrvCatalogue catalogue) {
    this(store, rules, catalogue, true);
  }

  /**
   * With {@code singlesInSql} false every request goes through {@link TransactionBuilder} (the
   * reference path the tests compare the SQL counting of one-attempt transactions against).
   */
  BpiCalculator(Store store, RuleSet rules, SrvCatalogue catalogue, boolean singlesInSql) {
    this.store = store;
    this.rules = rules;
    this.catalogue = catalogue;
    this.singlesInSql = singlesInSql;
  }

  /** All processes of the rule set, in its order. */
  public BpiReport compute(ReportingMonth month) {
    return compute(month, List.copyOf(rules.processes().keySet()));
  }

  /** The processes named (each must be in the rule set), in the order given. */
  public BpiReport compute(ReportingMonth month, List<String> processes) {
    List<String> names = new ArrayList<>();
    for (String p : processes) {
      String found =
          rules.processes().keySet().stream()
              .filter(k -> k.equalsIgnoreCase(p))
              .findFirst()
              .orElseThrow(
                  () ->
                      new MeterwatchException(
                          ErrorCode.NOT_FOUND,
                          "no process '"
                              + p
                              + "' in rule set "
                              + rules.name()
                              + " (known: "
                              + String.join(", ", rules.processes().keySet())
                              + ")"));
      names.add(found);
    }
    try (Connection connection = store.connection().unwrap(DuckDBConnection.class).duplicate()) {
      return compute(connection, month, names);
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot compute the BPIs of " + month + ": " + firstLine(e), e);
    }
  }

  private BpiReport compute(Connection c, ReportingMonth month, List<String> processes)
      throws SQLException {
    BpiSettings s = rules.bpi();
    long start = month.startMicros();
    long end = month.endMicros();
    long retryUs = s.retryWindowHours() * HOUR_US;
    long evidenceUs = s.communicationEvidenceDays() * 24L * HOUR_US;
    try (Statement st = c.createStatement()) {
      // Stream the final result to Java instead of materialising it (this connection only).
      st.execute("SET jdbc_stream_results = true");
      st.execute(
          "CREATE OR REPLACE TEMP TABLE bpi_srv (process_no INTEGER, process VARCHAR,"
              + " srv VARCHAR, target_us BIGINT)");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO bpi_srv VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < processes.size(); i++) {
        for (String srv : rules.processes().get(processes.get(i))) {
          boolean critical = catalogue.find(srv).map(x -> x.critical()).orElse(false);
          int seconds =
              critical
                  ? rules.responseTimes().onDemandCritical()
                  : rules.responseTimes().onDemand();
          p.setInt(1, i);
          p.setString(2, processes.get(i));
          p.setString(3, srv);
          p.setLong(4, seconds * 1_000_000L);
          p.addBatch();
        }
      }
      p.executeBatch();
    }
    long readFrom = anchors(c, start, retryUs);
    long hi = end + retryUs; // attempts of the month's transactions come before end + W

    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_req AS"
            + " SELECT m.process_no, r.request_id, r.user_id, r.device_id, r.received_us,"
            + " m.target_us, r.final_code, r.final_us, r.i0_us"
            + " FROM service_requests r JOIN bpi_srv m ON r.srv = m.srv"
            + " WHERE r.received_us >= ? AND r.received_us < ?"
            + " UNION ALL"
            + " SELECT m.process_no, r.request_id, r.user_id, r.device_id, r.received_us,"
            + " m.target_us, r.final_code, r.final_us, r.i0_us"
            + " FROM service_requests r JOIN bpi_srv m ON r.srv = m.srv"
            + " JOIN bpi_anchor a ON a.process_no = m.process_no AND a.user_id = r.user_id"
            + " AND a.device_id IS NOT DISTINCT FROM r.device_id"
            + " WHERE r.received_us >= ? AND r.received_us < ? AND r.received_us >= a.anchor_us",
        start,
        hi,
        readFrom,
        start);
    // A request more than W after the previous request of its group (or the first) and more than
    // W before the next (or the last) is a transaction of one attempt: it starts one (the latest
    // transaction began before the previous request) and the next request starts another. Those
    // are counted in SQL; only the other requests go through the sequential rule in Java, which
    // classifies them the same without the singles (a request after a single is more than W
    // after it, so after the first request of any earlier transaction: it starts one anyway).
    // The window partitions by a hash of the group key (integers sort much faster than VARCHARs):
    // groups that share a hash only bring each request closer neighbours, so a request found
    // alone is alone in its group; one wrongly found not alone just goes through Java. The order
    // within equal received_at does not change the gaps.
    if (singlesInSql) {
      execute(
          c,
          "CREATE OR REPLACE TEMP TABLE bpi_cls AS SELECT q.*,"
              + " coalesce(q.received_us - lag(q.received_us) OVER g > ?, true)"
              + " AND coalesce(lead(q.received_us) OVER g - q.received_us > ?, true) AS single"
              + " FROM bpi_req q WINDOW g AS (PARTITION BY hash(q.process_no, q.user_id,"
              + " q.device_id) ORDER BY q.received_us)",
          retryUs,
          retryUs);
    } else {
      execute(c, "CREATE OR REPLACE TEMP TABLE bpi_cls AS SELECT *, false AS single FROM bpi_req");
    }
    // Final response (first RESPONSE row, ties: the row loaded first) and earliest I0 RESPONSE
    // come with each request: the loader keeps them (RequestOutcomes, migration V003).
    // Communication evidence, only for devices that have an E20/E21 final response at all: the
    // latest I0 RESPONSE of the device (any SRV, any User) strictly before each month request.
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_evidence AS"
            + " WITH cand AS (SELECT DISTINCT q.device_id FROM bpi_cls q"
            + "   WHERE q.final_code IN ('E20', 'E21') AND q.device_id IS NOT NULL"
            + "   AND (NOT q.single OR q.i0_us IS NULL)),"
            // A request with an I0 sent before the month's end has its earliest I0 (kept with
            // it) before it. That earliest I0 is itself evidence for the requests up to 60 days
            // after it; a later I0 of the same request only matters when the earliest is more
            // than 60 days before some first request of the month, so before end - 60 days: only
            // those requests are looked up in the responses.
            + " evreq AS (SELECT r.request_id, r.device_id, r.i0_us FROM service_requests r"
            + "   WHERE r.received_us < ? AND r.i0_us < ?"
            + "   AND r.device_id IN (SELECT device_id FROM cand)),"
            + " ev AS (SELECT device_id, i0_us AS sent_us FROM evreq WHERE i0_us >= ?"
            + "   UNION ALL SELECT r.device_id, s.sent_us FROM service_responses s"
            + "   JOIN (SELECT * FROM evreq WHERE i0_us < ?) r ON r.request_id = s.request_id"
            + "   WHERE s.kind = 'RESPONSE' AND s.code = 'I0' AND s.sent_us >= ? AND s.sent_us < ?),"
            // Evidence is read for a transaction's first request; a single request needs it only
            // when its bucket may be (NON_)COMMUNICATING.
            + " firsts AS (SELECT DISTINCT q.request_id, q.device_id, q.received_us FROM bpi_cls q"
            + "   WHERE q.received_us >= ? AND q.received_us < ?"
            + "   AND (NOT q.single OR (q.final_code IN ('E20', 'E21') AND q.i0_us IS NULL))"
            + "   AND q.device_id IN (SELECT device_id FROM cand))"
            + " SELECT f.request_id, e.sent_us AS evidence_us FROM firsts f"
            + " ASOF JOIN ev e ON f.device_id = e.device_id AND f.received_us > e.sent_us",
        end,
        end,
        start - evidenceUs,
        end - evidenceUs,
        start - evidenceUs,
        end,
        start,
        end);
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_dev AS"
            + " SELECT device_id, arg_max(certificate_owner, (load_id, line)) AS owner"
            + " FROM devices WHERE device_id IN (SELECT device_id FROM bpi_req)"
            + " GROUP BY device_id");
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_org AS"
            + " SELECT user_id, arg_max(organisation, (load_id, line)) AS organisation"
            + " FROM users GROUP BY user_id");

    List<Waterfall> waterfalls = new ArrayList<>();
    List<TransactionBuilder> builders = new ArrayList<>();
    for (String process : processes) {
      Waterfall w = new Waterfall(process, s);
      waterfalls.add(w);
      builders.add(new TransactionBuilder(s, start, end, CHANGE_OF_SUPPLY.equals(process), w));
    }
    if (singlesInSql) {
      singles(c, waterfalls, processes.indexOf(CHANGE_OF_SUPPLY), start, end, evidenceUs);
    }
    String sql =
        "SELECT q.process_no, q.user_id, q.device_id, q.received_us,"
            + " q.final_code, q.final_us, q.i0_us, q.target_us,"
            + " (d.owner IS NOT NULL AND d.owner <> q.user_id) AS mismatch,"
            + " e.evidence_us,"
            + " CASE WHEN d.owner IS NULL OR uo.organisation IS NULL OR oo.organisation IS NULL"
            + "   THEN 'UNKNOWN' WHEN uo.organisation = oo.organisation THEN 'INTERNAL_MIGRATION'"
            + "   ELSE 'SUPPLIER_SWITCH' END AS use_case"
            + " FROM bpi_cls q"
            + " LEFT JOIN bpi_dev d ON d.device_id = q.device_id"
            + " LEFT JOIN bpi_org uo ON uo.user_id = q.user_id"
            + " LEFT JOIN bpi_org oo ON oo.user_id = d.owner"
            + " LEFT JOIN bpi_evidence e ON e.request_id = q.request_id"
            + " WHERE NOT q.single"
            + " ORDER BY q.process_no, q.user_id, q.device_id NULLS FIRST, q.received_us,"
            + " q.request_id";
    long t0 = System.nanoTime();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      SqlRow row = new SqlRow(rs);
      int process = -1;
      String user = null;
      String device = null;
      TransactionBuilder builder = null;
      while (rs.next()) {
        int p = rs.getInt(1);
        String u = rs.getString(2);
        String d = rs.getString(3);
        if (p != process || !u.equals(user) || !Objects.equals(d, device)) {
          if (builder != null) {
            builder.endGroup();
          }
          process = p;
          user = u;
          device = d;
          builder = builders.get(p);
        }
        row.read(u);
        builder.accept(row);
      }
      if (builder != null) {
        builder.endGroup();
      }
    }
    if (TIMING) {
      System.err.printf(
          "bpi: %.2f s sorted stream and Java pass%n", (System.nanoTime() - t0) / 1e9);
    }
    try (Statement st = c.createStatement()) {
      for (String t :
          List.of("bpi_srv", "bpi_anchor", "bpi_req", "bpi_evidence", "bpi_cls", "bpi_single")) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
      st.execute("DROP TABLE IF EXISTS bpi_dev");
      st.execute("DROP TABLE IF EXISTS bpi_org");
    }
    List<ProcessIndicators> out = new ArrayList<>();
    for (Waterfall w : waterfalls) {
      out.add(w.indicators());
    }
    return new BpiReport(month, out);
  }

  /**
   * Counts the month's one-attempt transactions (bpi_cls.single) into the waterfalls: the same
   * buckets as {@link TransactionBuilder} with one attempt (its final response is the first and the
   * last; an earliest I0 that is not the final response is a late success), per User, and each
   * success's time (kept in Java with the others for the exact median and p95).
   */
  private static void singles(
      Connection c, List<Waterfall> waterfalls, int cosNo, long start, long end, long evidenceUs)
      throws SQLException {
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_single AS"
            + " SELECT q.process_no, q.user_id, q.final_code, q.target_us,"
            + " q.i0_us - q.received_us AS tts,"
            + " CASE WHEN q.final_code = 'I0' THEN 'FIRST_TIME_SUCCESS'"
            + "   WHEN q.i0_us IS NOT NULL THEN 'SUBSEQUENT_SUCCESS'"
            + "   WHEN q.final_code IS NULL THEN 'PENDING'"
            + "   WHEN q.final_code = 'E4' OR (q.process_no <> ? AND d.owner IS NOT NULL"
            + "     AND d.owner <> q.user_id) THEN 'INCORRECT_CERTIFICATE'"
            + "   WHEN q.final_code IN ('E20', 'E21') THEN CASE WHEN e.evidence_us < q.received_us"
            + "     AND e.evidence_us >= q.received_us - ? THEN 'COMMUNICATING'"
            + "     ELSE 'NON_COMMUNICATING' END"
            + "   ELSE 'OTHER_FAILURE' END AS bucket,"
            + " CASE WHEN q.process_no <> ? THEN NULL"
            + "   WHEN d.owner IS NULL OR uo.organisation IS NULL OR oo.organisation IS NULL"
            + "   THEN 'UNKNOWN' WHEN uo.organisation = oo.organisation THEN 'INTERNAL_MIGRATION'"
            + "   ELSE 'SUPPLIER_SWITCH' END AS use_case"
            + " FROM bpi_cls q"
            + " LEFT JOIN bpi_dev d ON d.device_id = q.device_id"
            + " LEFT JOIN bpi_org uo ON uo.user_id = q.user_id"
            + " LEFT JOIN bpi_org oo ON oo.user_id = d.owner"
            + " LEFT JOIN bpi_evidence e ON e.request_id = q.request_id"
            + " WHERE q.single AND q.received_us >= ? AND q.received_us < ?",
        cosNo,
        evidenceUs,
        cosNo,
        start,
        end);
    String success = "bucket IN ('FIRST_TIME_SUCCESS', 'SUBSEQUENT_SUCCESS')";
    try (Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT process_no, bucket,"
                  + " CASE WHEN bucket = 'OTHER_FAILURE' THEN final_code END AS code, use_case,"
                  + " count(*), count(*) FILTER (WHERE final_code = 'I0'),"
                  + " count(*) FILTER (WHERE "
                  + success
                  + " AND tts <= target_us),"
                  + " count(*) FILTER (WHERE "
                  + success
                  + " AND tts <= 3600000000),"
                  + " count(*) FILTER (WHERE "
                  + success
                  + " AND tts <= 86400000000)"
                  + " FROM bpi_single GROUP BY ALL")) {
        while (rs.next()) {
          String useCase = rs.getString(4);
          waterfalls
              .get(rs.getInt(1))
              .addSingles(
                  Bucket.valueOf(rs.getString(2)),
                  rs.getString(3),
                  useCase == null ? null : UseCase.valueOf(useCase),
                  rs.getLong(5),
                  rs.getLong(6),
                  rs.getLong(7),
                  rs.getLong(8),
                  rs.getLong(9));
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT process_no, user_id, count(*), count(*) FILTER (WHERE "
                  + success
                  + ") FROM bpi_single GROUP BY ALL")) {
        while (rs.next()) {
          waterfalls.get(rs.getInt(1)).addUser(rs.getString(2), rs.getLong(3), rs.getLong(4));
        }
      }
      long t0 = System.nanoTime();
      try (ResultSet rs =
          st.executeQuery("SELECT process_no, tts FROM bpi_single WHERE " + success)) {
        while (rs.next()) {
          waterfalls.get(rs.getInt(1)).addTimeToSuccess(rs.getLong(2));
        }
      }
      if (TIMING) {
        System.err.printf(
            "bpi: %.2f s single times to success read%n", (System.nanoTime() - t0) / 1e9);
      }
    }
  }

  /**
   * Builds bpi_anchor: for each group with requests shortly before the month, the latest request
   * before the month known to start a transaction. Returns the earliest instant to read from.
   */
  private static long anchors(Connection c, long start, long retryUs) throws SQLException {
    long[] lookbacks = {2 * retryUs, Math.max(32 * 24 * HOUR_US, 2 * retryUs), 0};
    for (int i = 0; i < lookbacks.length; i++) {
      long lookFrom = i == lookbacks.length - 1 ? FAR_PAST : start - lookbacks[i];
      execute(
          c,
          "CREATE OR REPLACE TEMP TABLE bpi_anchor AS"
              + " WITH g AS (SELECT m.process_no, r.user_id, r.device_id, r.received_us,"
              + "   r.received_us - lag(r.received_us) OVER (PARTITION BY m.process_no, r.user_id,"
              + "   r.device_id ORDER BY r.received_us, r.request_id) AS since_previous"
              + "   FROM service_requests r JOIN bpi_srv m ON r.srv = m.srv"
              + "   WHERE r.received_us >= ? AND r.received_us < ?)"
              + " SELECT process_no, user_id, device_id, max(received_us) FILTER (WHERE"
              + "   since_previous IS NULL OR since_previous > ?) AS anchor_us"
              + " FROM g WHERE received_us >= ? GROUP BY ALL",
          lookFrom - retryUs,
          start,
          retryUs,
          lookFrom);
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FILTER (WHERE anchor_us IS NULL), min(anchor_us)"
                      + " FROM bpi_anchor")) {
        rs.next();
        long unresolved = rs.getLong(1);
        long earliest = rs.getLong(2);
        boolean none = rs.wasNull();
        if (unresolved == 0) {
          return none ? start : earliest;
        }
      }
    }
    throw new IllegalStateException("every group has a first request: unreachable");
  }

  private static void execute(Connection c, String sql, long... params) throws SQLException {
    long t0 = System.nanoTime();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        p.setLong(i + 1, params[i]);
      }
      p.execute();
    }
    if (TIMING) {
      System.err.printf(
          "bpi: %.2f s %s%n",
          (System.nanoTime() - t0) / 1e9, sql.substring(0, Math.min(60, sql.length())));
    }
  }

  /** -Dmeterwatch.bpi.timing=true prints the time of each step on stderr (for the benchmark). */
  private static final boolean TIMING = Boolean.getBoolean("meterwatch.bpi.timing");

  private static String firstLine(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  /** The current row of the sorted result; lazily read columns are read only when asked. */
  private static final class SqlRow implements RequestRow {
    private final ResultSet rs;
    private String userId;
    private long receivedUs;
    private String finalCode;
    private long finalUs;
    private long i0Us;

    SqlRow(ResultSet rs) {
      this.rs = rs;
    }

    void read(String user) throws SQLException {
      userId = user;
      receivedUs = rs.getLong(4);
      finalCode = rs.getString(5);
      finalUs = longOrNone(6);
      i0Us = longOrNone(7);
    }

    private long longOrNone(int column) throws SQLException {
      long v = rs.getLong(column);
      return rs.wasNull() ? NONE : v;
    }

    @Override
    public long receivedUs() {
      return receivedUs;
    }

    @Override
    public String finalCode() {
      return finalCode;
    }

    @Override
    public long finalUs() {
      return finalUs;
    }

    @Override
    public long i0Us() {
      return i0Us;
    }

    @Override
    public String userId() {
      return userId;
    }

    @Override
    public long targetUs() {
      return unchecked(() -> rs.getLong(8));
    }

    @Override
    public boolean certificateMismatch() {
      return unchecked(() -> rs.getBoolean(9));
    }

    @Override
    public long evidenceUs() {
      return unchecked(() -> longOrNone(10));
    }

    @Override
    public UseCase useCase() {
      return unchecked(() -> UseCase.valueOf(rs.getString(11)));
    }

    private interface SqlSupplier<T> {
      T get() throws SQLException;
    }

    private static <T> T unchecked(SqlSupplier<T> supplier) {
      try {
        return supplier.get();
      } catch (SQLException e) {
        throw new MeterwatchException(ErrorCode.STORE, "cannot read a BPI row: " + firstLine(e), e);
      }
    }
  }
}
