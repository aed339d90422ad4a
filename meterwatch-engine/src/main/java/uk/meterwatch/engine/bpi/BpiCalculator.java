package uk.meterwatch.engine.bpi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.BpiSettings;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.RequestNeighbours;
import uk.meterwatch.engine.store.Store;

/**
 * Computes the Business Process Indicators of a month from the store (definitions: docs/bpi.md).
 *
 * <p>DuckDB does the set work: it picks each process's requests that can matter for the month and
 * finds those alone in their group's retry window (transactions of one attempt, most of them),
 * which it counts itself. The others, with their final response, earliest I0, communication
 * evidence, certificate owner and organisations, are sorted by (process, User, device, received_at,
 * request_id), spilling to disk when large, and streamed once through {@link TransactionBuilder},
 * which keeps one transaction per group in memory. The median and p95 of the times to success come
 * from DuckDB over both kinds (docs/bpi.md, "How it runs").
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
  private final Singles singles;
  private final boolean hashedDevices;

  /** How the requests alone in their group's retry window (one-attempt transactions) are found. */
  enum Singles {
    /**
     * By the distance to the nearest request of the same (User, device) that the loader keeps
     * (RequestNeighbours); by {@link #WINDOW} when that column is not current or W is beyond it.
     */
    NEIGHBOURS,
    /** By a window over the groups' requests. */
    WINDOW,
    /** Not at all: every request goes through {@link TransactionBuilder} (the reference path). */
    NONE
  }

  public BpiCalculator(Store store, RuleSet rules) {
    this(store, rules, SrvCatalogue.standard());
  }

  public BpiCalculator(Store store, RuleSet rules, SrvCatalogue catalogue) {
    this(store, rules, catalogue, Singles.NEIGHBOURS, true);
  }

  /**
   * For tests: {@code singles} chooses how the one-attempt transactions are found ({@link
   * Singles#NONE}: every request through {@link TransactionBuilder}, the reference path); with
   * {@code hashedDevices} false the evidence is matched on device_id itself, as when two devices
   * share a hash (real collisions are too rare to meet).
   */
  BpiCalculator(
      Store store, RuleSet rules, SrvCatalogue catalogue, Singles singles, boolean hashedDevices) {
    this.store = store;
    this.rules = rules;
    this.catalogue = catalogue;
    this.singles = singles;
    this.hashedDevices = hashedDevices;
  }

  /** All processes of the rule set, in its order. */
  public BpiReport compute(ReportingMonth month) {
    return compute(month, List.copyOf(rules.processes().keySet()));
  }

  /** The processes named (each must be in the rule set), in the order given. */
  public BpiReport compute(ReportingMonth month, List<String> processes) {
    return compute(month, processes, null).report();
  }

  /**
   * The processes named, with each process's transactions and successes split by device attributes
   * (see {@link DeviceSplit}): the same transactions, counted per cell of their device.
   */
  public DeviceSplit.Result compute(
      ReportingMonth month, List<String> processes, DeviceSplit split) {
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
      return compute(connection, month, names, split);
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot compute the BPIs of " + month + ": " + firstLine(e), e);
    }
  }

  private DeviceSplit.Result compute(
      Connection c, ReportingMonth month, List<String> processes, DeviceSplit split)
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
              + " srv VARCHAR, target_us BIGINT, future_us BIGINT)");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO bpi_srv VALUES (?, ?, ?, ?, ?)")) {
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
          p.setLong(5, rules.responseTimes().futureDated() * 1_000_000L);
          p.addBatch();
        }
      }
      p.executeBatch();
    }
    Singles mode = singles;
    if (mode == Singles.NEIGHBOURS
        && !(retryUs <= RequestNeighbours.HORIZON_US && RequestNeighbours.isCurrent(c))) {
      mode = Singles.WINDOW;
    }
    if (TIMING) {
      System.err.printf("bpi: lone requests found by %s%n", mode);
    }
    long readFrom = anchors(c, start, retryUs);
    long hi = end + retryUs; // attempts of the month's transactions come before end + W
    // The requests that can matter (never materialised: each step below reads only the columns
    // it needs). k identifies the group (process, User, device) by a hash: see bpi_ns; rid (the
    // row's rowid) with process_no identifies a request of a process within this computation.
    // A future-dated request is due at its execute_at (when later than its receipt) and held to
    // the future-dated Target Response Time; time to success runs from when it was due.
    String due = "CASE WHEN r.execute_us > r.received_us THEN r.execute_us ELSE r.received_us END";
    String target = "CASE WHEN r.execute_us IS NOT NULL THEN m.future_us ELSE m.target_us END";
    String req =
        "(SELECT m.process_no, hash(m.process_no, r.user_id, r.device_id) AS k, r.request_id,"
            + " r.user_id, r.device_id, r.received_us, "
            + target
            + " AS target_us, r.final_code, r.final_us,"
            + " r.i0_us, r.rowid AS rid, r.near_us, r.certificate_owner AS owner, r.srv,"
            + " r.provider, "
            + due
            + " AS due_us"
            + " FROM service_requests r"
            + " JOIN bpi_srv m ON r.srv = m.srv"
            + " WHERE r.received_us >= ? AND r.received_us < ?"
            + " UNION ALL"
            + " SELECT m.process_no, hash(m.process_no, r.user_id, r.device_id), r.request_id,"
            + " r.user_id, r.device_id, r.received_us, "
            + target
            + ", r.final_code, r.final_us,"
            + " r.i0_us, r.rowid, r.near_us, r.certificate_owner, r.srv, r.provider, "
            + due
            + " FROM service_requests r"
            + " JOIN bpi_srv m ON r.srv = m.srv"
            + " JOIN bpi_anchor a ON a.process_no = m.process_no AND a.user_id = r.user_id"
            + " AND a.device_id IS NOT DISTINCT FROM r.device_id"
            + " WHERE r.received_us >= ? AND r.received_us < ? AND r.received_us >= a.anchor_us)";
    long[] reqParams = {start, hi, readFrom, start};
    // A request more than W after the previous request of its group (or the first) and more than
    // W before the next (or the last) is a transaction of one attempt: it starts one (the latest
    // transaction began before the previous request) and the next request starts another. Those
    // are counted in SQL; only the other requests go through the sequential rule in Java, which
    // classifies them the same without the singles (a request after a single is more than W
    // after it, so after the first request of any earlier transaction: it starts one anyway).
    // The window reads only (group, received_at) and partitions by a hash of the group key:
    // groups that share a hash only bring each request closer neighbours, so a request found
    // alone is alone in its group; one wrongly found not alone just goes through Java. Requests
    // of one group at the same instant are alone or not together, so bpi_ns keeps the
    // (hash, received_at) of the requests that are not alone, and the others are the singles.
    // With the loader's near_us (the distance to the nearest request of the same User and device,
    // any SRV): a request with none within W is alone in its process group too, and the others
    // are read directly; some of those may be alone in their process group, and go through Java.
    if (mode == Singles.NEIGHBOURS) {
      execute(
          c,
          "CREATE OR REPLACE TEMP TABLE bpi_rest AS SELECT q.* FROM "
              + req
              + " q WHERE q.near_us <= ?",
          concat(reqParams, new long[] {retryUs}));
    } else if (mode == Singles.WINDOW) {
      execute(
          c,
          "CREATE OR REPLACE TEMP TABLE bpi_ns AS SELECT DISTINCT k, received_us FROM ("
              + " SELECT q.k, q.received_us,"
              + " coalesce(q.received_us - lag(q.received_us) OVER g > ?, true)"
              + " AND coalesce(lead(q.received_us) OVER g - q.received_us > ?, true) AS single"
              + " FROM "
              + req
              + " q WINDOW g AS (PARTITION BY q.k ORDER BY q.received_us)) WHERE NOT single",
          concat(new long[] {retryUs, retryUs}, reqParams));
      execute(
          c,
          "CREATE OR REPLACE TEMP TABLE bpi_rest AS SELECT q.* FROM "
              + req
              + " q SEMI JOIN bpi_ns n ON n.k = q.k AND n.received_us = q.received_us",
          reqParams);
    } else {
      execute(
          c, "CREATE OR REPLACE TEMP TABLE bpi_rest AS SELECT q.* FROM " + req + " q", reqParams);
    }
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_org AS"
            + " SELECT user_id, arg_max(organisation, (load_id, line)) AS organisation"
            + " FROM users GROUP BY user_id");
    // Final response (first RESPONSE row, ties: the row loaded first) and earliest I0 RESPONSE
    // come with each request: the loader keeps them (RequestOutcomes, migration V003).
    // Communication evidence: the latest I0 RESPONSE of the device (any SRV, any User) strictly
    // before a request, a function of (device, received_at). Needed for a first request of the
    // month whose transaction may end E20/E21: a single with that final response and no I0 whose
    // certificate does not already make it INCORRECT_CERTIFICATE (tested first), or a request of
    // a bigger group on a device with an E20/E21 final response in it.
    int cosNo = processes.indexOf(CHANGE_OF_SUPPLY);
    // The month's requests that may need it (rid: their rowid, by which the count of the lone
    // requests finds their evidence without reading any device_id: see countSingles).
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_first_rows AS SELECT DISTINCT q.rid, q.device_id,"
            + " q.received_us FROM "
            + req
            + " q WHERE q.received_us >= ? AND q.received_us < ? AND q.device_id IS NOT NULL"
            + "   AND q.final_code IN ('E20', 'E21') AND q.i0_us IS NULL"
            + "   AND NOT (q.process_no <> ? AND q.owner IS NOT NULL AND q.owner <> q.user_id)",
        concat(reqParams, new long[] {start, end, cosNo}));
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_first AS SELECT DISTINCT device_id, received_us FROM ("
            + " SELECT device_id, received_us FROM bpi_first_rows"
            + " UNION ALL SELECT q.device_id, q.received_us FROM bpi_rest q"
            + "   WHERE q.received_us >= ? AND q.received_us < ?"
            + "   AND q.device_id IN (SELECT device_id FROM bpi_rest"
            + "     WHERE final_code IN ('E20', 'E21')))",
        start,
        end);
    // A request with an I0 sent before the month's end has its earliest I0 (kept with it)
    // before it. That earliest I0 is itself evidence for the requests up to 60 days after it; a
    // later I0 of the same request only matters when the earliest is more than 60 days before
    // some first request of the month, so before end - 60 days: only those requests are looked
    // up in the responses.
    execute(c, "CREATE OR REPLACE TEMP TABLE bpi_fdev AS SELECT DISTINCT device_id FROM bpi_first");
    evidence(c, start, end, evidenceUs, hashedDevices);
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_evidence_rid AS SELECT DISTINCT f.rid, e.evidence_us"
            + " FROM bpi_first_rows f JOIN bpi_evidence e ON e.device_id = f.device_id"
            + " AND e.received_us = f.received_us");
    List<Waterfall> waterfalls = new ArrayList<>();
    List<TransactionBuilder> builders = new ArrayList<>();
    List<DeviceSplit.Tallies> tallies = new ArrayList<>();
    for (String process : processes) {
      Waterfall w = new Waterfall(process, s, CHANGE_OF_SUPPLY.equals(process));
      waterfalls.add(w);
      DeviceSplit.Tallies t = new DeviceSplit.Tallies(w);
      tallies.add(t);
      builders.add(
          new TransactionBuilder(
              s, start, end, CHANGE_OF_SUPPLY.equals(process), split == null ? w : t));
    }
    // A split's device values (bpi_dev: device_id, a0, a1, ...), as columns of each request.
    int splitSize = split == null ? 0 : split.attributes().size();
    StringBuilder splitColumns = new StringBuilder();
    for (int i = 0; i < splitSize; i++) {
      splitColumns.append(", dv.a").append(i);
    }
    String splitJoin = split == null ? "" : " LEFT JOIN bpi_dev dv ON dv.device_id = q.device_id";
    if (split != null) {
      execute(c, split.tableSql("bpi_dev"));
    }
    String sql =
        "SELECT q.process_no, q.user_id, q.device_id, q.received_us,"
            + " q.final_code, q.final_us, q.i0_us, q.target_us,"
            + " (q.owner IS NOT NULL AND q.owner <> q.user_id) AS mismatch,"
            + " e.evidence_us,"
            + " CASE WHEN q.owner IS NULL OR uo.organisation IS NULL OR oo.organisation IS NULL"
            + "   THEN 'UNKNOWN' WHEN uo.organisation = oo.organisation THEN 'INTERNAL_MIGRATION'"
            + "   ELSE 'SUPPLIER_SWITCH' END AS use_case,"
            + " q.due_us, q.srv, d.smets, d.cohort, q.provider"
            + splitColumns
            + " FROM bpi_rest q"
            + " LEFT JOIN bpi_org uo ON uo.user_id = q.user_id"
            + " LEFT JOIN bpi_org oo ON oo.user_id = q.owner"
            + " LEFT JOIN devices d ON d.device_id = q.device_id"
            + " LEFT JOIN bpi_evidence e ON e.device_id = q.device_id"
            + " AND e.received_us = q.received_us"
            + splitJoin
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
          if (split != null) {
            tallies.get(p).at(splitValues(rs, 16, splitSize));
          }
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
    if (mode != Singles.NONE) {
      countSingles(
          c,
          req,
          reqParams,
          waterfalls,
          processes.indexOf(CHANGE_OF_SUPPLY),
          new Lone(mode, retryUs, start, end),
          evidenceUs,
          s.slowSuccessHours() * HOUR_US,
          split == null ? null : tallies,
          splitSize);
    }
    try (Statement st = c.createStatement()) {
      for (String t :
          List.of(
              "bpi_srv",
              "bpi_anchor",
              "bpi_ns",
              "bpi_rest",
              "bpi_first",
              "bpi_first_rows",
              "bpi_evidence_rid",
              "bpi_fdev",
              "bpi_evidence",
              "bpi_org",
              "bpi_jtts",
              "bpi_dev")) {
        st.execute("DROP TABLE IF EXISTS " + t);
      }
    }
    List<ProcessIndicators> out = new ArrayList<>();
    Map<String, List<DeviceSplit.Cell>> cells = new LinkedHashMap<>();
    for (int i = 0; i < waterfalls.size(); i++) {
      out.add(waterfalls.get(i).indicators());
      if (split != null) {
        cells.put(processes.get(i), tallies.get(i).cells());
      }
    }
    return new DeviceSplit.Result(new BpiReport(month, out), cells);
  }

  /** The split's values from {@code count} columns after column {@code after}. */
  private static List<String> splitValues(ResultSet rs, int after, int count) throws SQLException {
    List<String> values = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      values.add(rs.getString(after + i));
    }
    return values;
  }

  /**
   * Builds bpi_evidence (device_id, received_us, evidence_us) for bpi_first from the requests of
   * bpi_fdev's devices. The ASOF join matches devices by a hash of device_id (integers sort several
   * times faster than VARCHARs) when those devices have distinct hashes, which is checked; else by
   * device_id itself.
   */
  private static void evidence(
      Connection c, long start, long end, long evidenceUs, boolean hashedDevices)
      throws SQLException {
    boolean distinctHashes = false;
    if (hashedDevices) {
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery("SELECT count(*) = count(DISTINCT hash(device_id)) FROM bpi_fdev")) {
        rs.next();
        distinctHashes = rs.getBoolean(1);
      }
    }
    String key = distinctHashes ? "hash(r.device_id)" : "r.device_id";
    // The requests of those devices with an I0 before the month's end, never materialised: those
    // whose earliest I0 may be evidence, and those whose later I0s may be (see above).
    String evreq =
        " FROM service_requests r SEMI JOIN bpi_fdev f ON f.device_id = r.device_id"
            + " WHERE r.received_us < ? AND r.i0_us < ?";
    execute(
        c,
        "CREATE OR REPLACE TEMP TABLE bpi_evidence AS"
            + " WITH ev AS (SELECT "
            + key
            + " AS key, r.i0_us AS sent_us"
            + evreq
            + " AND r.i0_us >= ?"
            + " UNION ALL SELECT r.key, s.sent_us FROM service_responses s"
            + " JOIN (SELECT r.request_id, "
            + key
            + " AS key"
            + evreq
            + " AND r.i0_us < ?) r ON r.request_id = s.request_id"
            + " WHERE s.kind = 'RESPONSE' AND s.code = 'I0' AND s.sent_us >= ? AND s.sent_us < ?)"
            + " SELECT f.device_id, f.received_us, e.sent_us AS evidence_us FROM bpi_first f"
            + " ASOF JOIN ev e ON "
            + (distinctHashes ? "hash(f.device_id)" : "f.device_id")
            + " = e.key AND f.received_us > e.sent_us",
        end,
        end,
        start - evidenceUs,
        end,
        end,
        end - evidenceUs,
        start - evidenceUs,
        end);
  }

  /**
   * Counts the month's one-attempt transactions (its requests alone in their retry window) into the
   * waterfalls: the same buckets as {@link TransactionBuilder} with one attempt (its final response
   * is the first and the last; an earliest I0 that is not the final response is a late success),
   * per User. The device's certificate owner comes with each request (the loader keeps it), the
   * evidence is joined only for E20/E21 without I0, the organisations after grouping. Then the
   * median and p95 of the times to success of all the month's transactions, the singles' and the
   * Java-built ones (appended to a temporary table), by {@link TimeQuantiles} from the histogram
   * counted with the singles (the definition of {@link Waterfall#quantileSeconds}).
   */
  private static void countSingles(
      Connection c,
      String req,
      long[] reqParams,
      List<Waterfall> waterfalls,
      int cosNo,
      Lone lone,
      long evidenceUs,
      long slowUs,
      List<DeviceSplit.Tallies> tallies,
      int splitSize)
      throws SQLException {
    // The singles' rows (the columns of req).
    String singleRows = "(SELECT * FROM " + req + " q0" + lone.sql("q0") + ")";
    long[] singleParams = concat(reqParams, lone.params());
    // Buckets and use cases as their ordinals (short integers group much faster than strings).
    String success =
        "bucket IN (" + n(Bucket.FIRST_TIME_SUCCESS) + ", " + n(Bucket.SUBSEQUENT_SUCCESS) + ")";
    // The use case is decided after grouping by the certificate owner (a User: few values), so
    // the organisations are joined to a few groups instead of every request.
    String sql =
        "SELECT a.process_no, a.bucket, a.code,"
            + " CASE WHEN a.process_no <> ? THEN NULL"
            + "   WHEN a.cos_owner IS NULL OR uo.organisation IS NULL OR oo.organisation IS NULL"
            + "   THEN "
            + n(UseCase.UNKNOWN)
            + " WHEN uo.organisation = oo.organisation THEN "
            + n(UseCase.INTERNAL_MIGRATION)
            + "   ELSE "
            + n(UseCase.SUPPLIER_SWITCH)
            + " END,"
            + " a.user_id, a.n, a.final_i0, a.in_target, a.in_1h, a.in_24h, a.histogram, a.tb,"
            + " a.slow, a.srv, a.smets, a.cohort, a.provider"
            + cellColumns("a.", splitSize)
            + " FROM (SELECT process_no, bucket, code, cos_owner, user_id, tb, srv, smets,"
            + " cohort, provider"
            + cellColumns("", splitSize)
            + ","
            + " grouping(tb) = 0 AS histogram,"
            + " count(*) AS n, count(*) FILTER (WHERE final_code = 'I0') AS final_i0,"
            + " count(*) FILTER (WHERE "
            + success
            + " AND tts <= target_us) AS in_target,"
            + " count(*) FILTER (WHERE "
            + success
            + " AND tts <= 3600000000) AS in_1h,"
            + " count(*) FILTER (WHERE "
            + success
            + " AND tts <= 86400000000) AS in_24h,"
            + " count(*) FILTER (WHERE "
            + success
            + " AND tts > ?) AS slow"
            + " FROM (SELECT *, CASE WHEN bucket = "
            + n(Bucket.OTHER_FAILURE)
            + " THEN final_code END AS code,"
            // the histogram of the times to success (for the median and p95)
            + " CASE WHEN "
            + success
            + " THEN "
            + TimeQuantiles.bucket("tts")
            + " END AS tb FROM"
            + " (SELECT q.process_no, q.user_id, q.final_code, q.target_us,"
            + " q.i0_us - q.due_us AS tts, q.srv, d.smets, d.cohort, q.provider,"
            + " CASE WHEN q.final_code = 'I0' THEN "
            + n(Bucket.FIRST_TIME_SUCCESS)
            + "   WHEN q.i0_us IS NOT NULL THEN "
            + n(Bucket.SUBSEQUENT_SUCCESS)
            + "   WHEN q.final_code IS NULL THEN "
            + n(Bucket.PENDING)
            + "   WHEN q.final_code = 'E4' OR (q.process_no <> ? AND q.owner IS NOT NULL"
            + "     AND q.owner <> q.user_id) THEN "
            + n(Bucket.INCORRECT_CERTIFICATE)
            + "   WHEN q.final_code IN ('E20', 'E21') THEN CASE WHEN e.evidence_us < q.received_us"
            + "     AND e.evidence_us >= q.received_us - ? THEN "
            + n(Bucket.COMMUNICATING)
            + "     ELSE "
            + n(Bucket.NON_COMMUNICATING)
            + " END"
            + "   ELSE "
            + n(Bucket.OTHER_FAILURE)
            + " END AS bucket,"
            + " CASE WHEN q.process_no = ? THEN q.owner END AS cos_owner"
            + cellColumns("dv.", splitSize)
            + " FROM (SELECT * FROM "
            + req
            + " q1"
            + lone.sql("q1")
            + ") q"
            // by rowid: no join of the month's requests with the evidence by device_id
            + " LEFT JOIN bpi_evidence_rid e ON e.rid = CASE WHEN q.i0_us IS NULL"
            + "   AND q.final_code IN ('E20', 'E21') THEN q.rid END"
            // the device's SMETS generation and cohort, for the splits
            + " LEFT JOIN devices d ON d.device_id = q.device_id"
            + (splitSize == 0 ? "" : " LEFT JOIN bpi_dev dv ON dv.device_id = q.device_id")
            + "))"
            + " GROUP BY GROUPING SETS ((process_no, bucket, code, cos_owner, user_id, srv, smets,"
            + " cohort, provider"
            + cellColumns("", splitSize)
            + "),"
            + " (process_no, tb))) a"
            + " LEFT JOIN bpi_org uo ON uo.user_id = a.user_id"
            + " LEFT JOIN bpi_org oo ON oo.user_id = a.cos_owner";
    TimeQuantiles quantiles = new TimeQuantiles();
    long t0 = System.nanoTime();
    try (PreparedStatement p =
            prepare(
                c,
                sql,
                concat(
                    new long[] {cosNo, slowUs, cosNo, evidenceUs, cosNo},
                    reqParams,
                    lone.params()));
        ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        if (rs.getBoolean(11)) {
          long tb = rs.getLong(12);
          if (!rs.wasNull()) {
            quantiles.count(rs.getInt(1), tb, rs.getLong(6));
          }
          continue;
        }
        int useCase = rs.getInt(4);
        boolean noUseCase = rs.wasNull();
        Bucket bucket = Bucket.values()[rs.getInt(2)];
        Waterfall w = waterfalls.get(rs.getInt(1));
        long count = rs.getLong(6);
        long slow = rs.getLong(13);
        UseCase cosUseCase = noUseCase ? null : UseCase.values()[useCase];
        w.addSingles(
            bucket,
            rs.getString(3),
            cosUseCase,
            count,
            rs.getLong(7),
            rs.getLong(8),
            rs.getLong(9),
            rs.getLong(10),
            slow);
        w.addUser(rs.getString(5), count, bucket.success() ? count : 0);
        w.addSplit(
            new Profile(rs.getString(14), rs.getInt(15), rs.getString(16), rs.getString(17)),
            cosUseCase,
            count,
            bucket.success() ? count : 0,
            slow);
        if (tallies != null) {
          tallies
              .get(rs.getInt(1))
              .add(splitValues(rs, 17, splitSize), count, bucket.success() ? count : 0);
        }
      }
    }
    if (TIMING) {
      System.err.printf("bpi: %.2f s singles counted%n", (System.nanoTime() - t0) / 1e9);
    }
    t0 = System.nanoTime();
    try (Statement st = c.createStatement()) {
      st.execute("CREATE OR REPLACE TEMP TABLE bpi_jtts (process_no INTEGER, tts BIGINT)");
    }
    try (DuckDBAppender appender =
        c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "bpi_jtts")) {
      for (int i = 0; i < waterfalls.size(); i++) {
        for (long time : waterfalls.get(i).javaTimesToSuccess()) {
          appender.beginRow().append(i).append(time).endRow();
        }
      }
    }
    quantiles.count(c, "(SELECT process_no AS g, tts FROM bpi_jtts)");
    // A single succeeded when it has an I0 (its final response is then I0 or a late success).
    Map<Integer, double[]> found =
        quantiles.compute(
            c,
            "(SELECT process_no AS g, i0_us - due_us AS tts FROM "
                + singleRows
                + " WHERE i0_us IS NOT NULL"
                + " UNION ALL SELECT process_no, tts FROM bpi_jtts)",
            singleParams);
    for (Map.Entry<Integer, double[]> e : found.entrySet()) {
      waterfalls.get(e.getKey()).useQuantiles(e.getValue()[0], e.getValue()[1]);
    }
    if (TIMING) {
      System.err.printf(
          "bpi: %.2f s median and p95 of the times to success%n", (System.nanoTime() - t0) / 1e9);
    }
  }

  /**
   * The month's requests alone in their group's retry window W, as a condition on a relation of
   * req's columns: not in bpi_rest (found by rowid, an integer: neither User nor device need be
   * read), or with no request of the same User and device within W.
   */
  private record Lone(Singles mode, long retryUs, long start, long end) {
    String sql(String alias) {
      String inMonth = alias + ".received_us >= ? AND " + alias + ".received_us < ?";
      return mode == Singles.NEIGHBOURS
          ? " WHERE (" + alias + ".near_us IS NULL OR " + alias + ".near_us > ?) AND " + inMonth
          : " ANTI JOIN bpi_rest n ON n.process_no = "
              + alias
              + ".process_no AND n.rid = "
              + alias
              + ".rid WHERE "
              + inMonth;
    }

    long[] params() {
      return mode == Singles.NEIGHBOURS
          ? new long[] {retryUs, start, end}
          : new long[] {start, end};
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
    try (PreparedStatement p = prepare(c, sql, params)) {
      p.execute();
    }
    if (TIMING) {
      System.err.printf(
          "bpi: %.2f s %s%n",
          (System.nanoTime() - t0) / 1e9, sql.substring(0, Math.min(60, sql.length())));
    }
  }

  /** ", p.c0, p.c1, ..." for a split's cell columns (none without a split). */
  private static String cellColumns(String prefix, int splitSize) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < splitSize; i++) {
      sql.append(", ").append(prefix).append(prefix.equals("dv.") ? "a" : "c").append(i);
      if (prefix.equals("dv.")) {
        sql.append(" AS c").append(i);
      }
    }
    return sql.toString();
  }

  /** An enum constant as an SQL integer literal (its ordinal). */
  private static String n(Enum<?> constant) {
    return Integer.toString(constant.ordinal());
  }

  private static PreparedStatement prepare(Connection c, String sql, long... params)
      throws SQLException {
    PreparedStatement p = c.prepareStatement(sql);
    try {
      for (int i = 0; i < params.length; i++) {
        p.setLong(i + 1, params[i]);
      }
    } catch (SQLException e) {
      p.close();
      throw e;
    }
    return p;
  }

  private static long[] concat(long[]... parts) {
    int n = 0;
    for (long[] part : parts) {
      n += part.length;
    }
    long[] all = new long[n];
    int i = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, all, i, part.length);
      i += part.length;
    }
    return all;
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
    public long dueUs() {
      return unchecked(() -> rs.getLong(12));
    }

    @Override
    public Profile profile() {
      return unchecked(
          () -> new Profile(rs.getString(13), rs.getInt(14), rs.getString(15), rs.getString(16)));
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
