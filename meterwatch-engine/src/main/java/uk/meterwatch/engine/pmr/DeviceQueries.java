package uk.meterwatch.engine.pmr;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.Calculation;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.ResponseTimeCube;

/**
 * The SQL of the three device calculations (on-demand and future-dated response times, alert
 * delivery). Each builds an {@code evaluated} relation, one row per request or alert of the month's
 * population with {@code srv, provider, base_us, in_time, success}; the report groups it into a
 * small cube, the explanation groups the misses.
 *
 * <p>Pruning: requests and alerts are filtered by a range on their month column (rows are stored in
 * time order, so other months' row groups are skipped). Responses are never read: each request
 * carries its outcome (first RESPONSE at or after receipt, earliest I0 at or after receipt), kept
 * by the loader (see {@code RequestOutcomes}).
 */
public final class DeviceQueries implements PmrSource {
  static final long MICROS = 1_000_000L;
  private static final long HOUR_US = 3_600L * MICROS;

  /** A statement with its bound values. */
  public record Sql(String text, List<Object> params) {}

  /** Misses grouped by provider, SRV, UTC hour (epoch hours) and inside an incident window. */
  record MissRow(String provider, String srv, long epochHour, boolean inIncident, long count) {}

  private final Connection connection;
  private final SrvCatalogue catalogue;
  private final boolean useSummary;

  DeviceQueries(Connection connection, SrvCatalogue catalogue) {
    this(connection, catalogue, true);
  }

  /** With {@code useSummary} false the requests are always scanned (tests compare both paths). */
  DeviceQueries(Connection connection, SrvCatalogue catalogue, boolean useSummary) {
    this.connection = connection;
    this.catalogue = catalogue;
    this.useSummary = useSummary;
  }

  @Override
  public OperationalRecords records() {
    return OperationalRecords.read(this);
  }

  /** The cube of a device calculation for a month, or empty when its population is empty. */
  @Override
  public List<CubeRow> cube(Calculation calculation, RuleSet rules, ReportingMonth month) {
    boolean summarised =
        calculation != Calculation.ALERT_DELIVERY_TIME && useSummary && summaryHolds(rules, month);
    if (calculation == Calculation.ON_DEMAND_RESPONSE_TIME) {
      return onDemandCube(rules, month, summarised);
    }
    if (summarised) {
      // CPM2 from the response-time cube: the same definition on the month's summary.
      return cubeRows(
          "SELECT srv, provider, coalesce(delay_s <= ?, false) AS in_time,"
              + " coalesce(delay_s <= ?, false) AND i0_first AS success, sum(requests)::BIGINT"
              + " FROM response_time_cube WHERE month = ? AND population = 'FUTURE_DATED'"
              + " GROUP BY ALL",
          List.of(
              (long) rules.responseTimes().futureDated(),
              (long) rules.responseTimes().futureDated(),
              month.toString()));
    }
    Sql evaluated = evaluated(calculation, rules, month);
    return cubeRows(
        evaluated.text()
            + " SELECT e.srv, e.provider, e.in_time, e.success, count(*) AS n"
            + " FROM evaluated e GROUP BY ALL",
        evaluated.params());
  }

  /** One cell of a cube split by the device's area (from the devices file, its row loaded last). */
  record AreaCubeRow(String area, CubeRow row) {}

  /**
   * The cube of a device calculation for a month, split by the device's area: the population and
   * outcomes of {@link #evaluated}, so each measure's definition is unchanged (the regional
   * analysis, docs/analysis.md). Never from the response-time summary, which has no area.
   */
  List<AreaCubeRow> cubeByArea(Calculation calculation, RuleSet rules, ReportingMonth month) {
    Sql evaluated = evaluated(calculation, rules, month);
    List<AreaCubeRow> rows = new ArrayList<>();
    query(
        evaluated.text()
            + " SELECT dv.area, e.srv, e.provider, e.in_time, e.success, count(*) AS n"
            + " FROM evaluated e LEFT JOIN (SELECT device_id,"
            + " arg_max(area, (load_id, line)) AS area FROM devices GROUP BY device_id) dv"
            + " ON dv.device_id = e.device_id GROUP BY ALL",
        evaluated.params(),
        r ->
            rows.add(
                new AreaCubeRow(
                    r.getString(1),
                    new CubeRow(
                        r.getString(2),
                        r.getString(3),
                        r.getBoolean(4),
                        r.getBoolean(5),
                        r.getLong(6)))));
    return rows;
  }

  /** Cube rows from a query of (srv, provider, in_time, success, count). */
  private List<CubeRow> cubeRows(String sql, List<Object> params) {
    List<CubeRow> rows = new ArrayList<>();
    query(
        sql,
        params,
        r ->
            rows.add(
                new CubeRow(
                    r.getString(1),
                    r.getString(2),
                    r.getBoolean(3),
                    r.getBoolean(4),
                    r.getLong(5))));
    return rows;
  }

  /**
   * The on-demand cube, as {@link #evaluated} defines it, without matching 10 million requests with
   * their SRV's Target Response Time in SQL: the month's requests are grouped once by SRV, provider
   * and whether they were answered within each of the two targets (critical and other), and the
   * SRV's eligibility and target are applied to that small result here, from the catalogue (the
   * same facts {@link #evaluated} binds). Measured: joining every request costs about twice the
   * grouping itself.
   */
  private List<CubeRow> onDemandCube(RuleSet rules, ReportingMonth month, boolean summarised) {
    Map<String, Srv> eligible = new HashMap<>();
    for (Srv srv : catalogue.all()) {
      if (srv.onDemand() && srv.deviceBound()) {
        eligible.put(srv.variant(), srv);
      }
    }
    String sql;
    List<Object> params;
    if (summarised) {
      sql =
          "SELECT srv, provider, coalesce(delay_s <= ?, false) AS in_other,"
              + " coalesce(delay_s <= ?, false) AS in_critical, i0_first, sum(requests)::BIGINT"
              + " FROM response_time_cube WHERE month = ? AND population = 'ON_DEMAND'"
              + " GROUP BY ALL";
      params =
          List.of(
              (long) rules.responseTimes().onDemand(),
              (long) rules.responseTimes().onDemandCritical(),
              month.toString());
    } else {
      sql =
          "SELECT r.srv, r.provider,"
              + " coalesce(r.first_response_us - r.received_us <= ?, false) AS in_other,"
              + " coalesce(r.first_response_us - r.received_us <= ?, false) AS in_critical,"
              + " coalesce(r.first_i0_us = r.first_response_us, false) AS i0, count(*) AS n"
              + " FROM service_requests r"
              + " WHERE r.received_us >= ? AND r.received_us < ? AND r.execute_us IS NULL"
              + " GROUP BY ALL";
      params =
          List.of(
              rules.responseTimes().onDemand() * MICROS,
              rules.responseTimes().onDemandCritical() * MICROS,
              month.startMicros(),
              month.endMicros());
    }
    Map<CubeRow, Long> cells = new LinkedHashMap<>();
    query(
        sql,
        params,
        r -> {
          Srv srv = eligible.get(r.getString(1));
          if (srv == null) {
            return; // not on demand, or not device-bound: outside the population
          }
          boolean inTime = srv.critical() ? r.getBoolean(4) : r.getBoolean(3);
          CubeRow key =
              new CubeRow(srv.variant(), r.getString(2), inTime, inTime && r.getBoolean(5), 0);
          cells.merge(key, r.getLong(6), Long::sum);
        });
    List<CubeRow> rows = new ArrayList<>();
    cells.forEach(
        (k, n) -> rows.add(new CubeRow(k.srv(), k.provider(), k.inTime(), k.success(), n)));
    return rows;
  }

  /**
   * Whether the response-time cube answers this month exactly: it is current (every load since it
   * was complete kept it) and every target is whole seconds within its range.
   */
  private boolean summaryHolds(RuleSet rules, ReportingMonth month) {
    long longest =
        Math.max(
            Math.max(rules.responseTimes().onDemand(), rules.responseTimes().onDemandCritical()),
            rules.responseTimes().futureDated());
    if (longest > ResponseTimeCube.MAX_TARGET_S) {
      return false;
    }
    try {
      return ResponseTimeCube.isCurrent(connection, month);
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the response-time cube: " + firstLine(e), e);
    }
  }

  /** The misses of a device measure, grouped for an explanation. */
  List<MissRow> misses(MeasureDefinition measure, RuleSet rules, ReportingMonth month, long nowUs) {
    Sql evaluated = evaluated(measure.calculation(), rules, month);
    if (evaluated == null) {
      return List.of();
    }
    List<Object> params = new ArrayList<>(evaluated.params());
    StringBuilder sql = new StringBuilder(evaluated.text());
    sql.append(
        ", windows AS (SELECT opened_us, coalesce(resolved_us, ?) AS end_us FROM incidents"
            + " QUALIFY row_number() OVER (PARTITION BY incident_id ORDER BY load_id DESC,"
            + " line DESC) = 1)");
    params.add(nowUs);
    sql.append(" SELECT e.provider, e.srv, e.base_us // ").append(HOUR_US).append(" AS h,");
    sql.append(
        " EXISTS (SELECT 1 FROM windows w WHERE e.base_us >= w.opened_us"
            + " AND e.base_us < w.end_us) AS inside, count(*) AS n");
    sql.append(" FROM evaluated e WHERE NOT ");
    sql.append(measure.onSuccess() ? "e.success" : "e.in_time");
    if (!measure.srvs().isEmpty()) {
      sql.append(" AND e.srv IN (").append(placeholders(measure.srvs().size())).append(')');
      params.addAll(measure.srvs());
    }
    if (!measure.providers().isEmpty()) {
      sql.append(" AND e.provider IN (")
          .append(placeholders(measure.providers().size()))
          .append(')');
      params.addAll(measure.providers());
    }
    sql.append(" GROUP BY ALL");
    List<MissRow> rows = new ArrayList<>();
    query(
        sql.toString(),
        params,
        r ->
            rows.add(
                new MissRow(
                    r.getString(1), r.getString(2), r.getLong(3), r.getBoolean(4), r.getLong(5))));
    return rows;
  }

  /**
   * The cube of a device calculation as one statement over the store's tables ({@code
   * service_requests}, {@code alerts}): {@link #evaluated} grouped by (srv, provider, in_time,
   * success) with the count. Another engine runs this same text on its own tables of the same
   * columns (the Spark engine: docs/spark.md).
   */
  public static Sql cubeSql(
      Calculation calculation, RuleSet rules, ReportingMonth month, SrvCatalogue catalogue) {
    Sql evaluated = new DeviceQueries(null, catalogue).evaluated(calculation, rules, month);
    return new Sql(
        evaluated.text()
            + " SELECT e.srv, e.provider, e.in_time, e.success, count(*) AS n"
            + " FROM evaluated e GROUP BY ALL",
        evaluated.params());
  }

  /** The {@code WITH ... evaluated AS (...)} prefix, or null when the population is empty. */
  Sql evaluated(Calculation calculation, RuleSet rules, ReportingMonth month) {
    long start = month.startMicros();
    long end = month.endMicros();
    List<Object> params = new ArrayList<>();
    // The device's provider comes with each request and alert (kept by the loader, V004).
    StringBuilder sql = new StringBuilder("WITH ");
    switch (calculation) {
      case ON_DEMAND_RESPONSE_TIME -> {
        // The eligible SRVs and their Target Response Times come from our own catalogue and the
        // rule set, passed as bound values.
        List<Srv> eligible =
            catalogue.all().stream().filter(s -> s.onDemand() && s.deviceBound()).toList();
        sql.append("eligible(srv, target_us) AS (VALUES ");
        for (int i = 0; i < eligible.size(); i++) {
          Srv srv = eligible.get(i);
          long target =
              (srv.critical()
                      ? rules.responseTimes().onDemandCritical()
                      : rules.responseTimes().onDemand())
                  * MICROS;
          sql.append(i == 0 ? "" : ", ").append("(?, ?::BIGINT)");
          params.add(srv.variant());
          params.add(target);
        }
        sql.append(')');
        sql.append(
            ", population AS (SELECT r.srv, r.provider, r.device_id, r.received_us AS base_us,"
                + " e.target_us,"
                + " r.first_response_us, r.first_i0_us"
                + " FROM service_requests r JOIN eligible e ON e.srv = r.srv"
                + " WHERE r.received_us >= ? AND r.received_us < ? AND r.execute_us IS NULL)");
        params.add(start);
        params.add(end);
        appendFirstResponse(sql);
      }
      case FUTURE_DATED_RESPONSE_TIME -> {
        long target = rules.responseTimes().futureDated() * MICROS;
        sql.append(
            "population AS (SELECT r.srv, r.provider, r.device_id, r.execute_us AS base_us,"
                + " ?::BIGINT AS target_us, r.first_response_us, r.first_i0_us"
                + " FROM service_requests r WHERE r.execute_us >= ? AND r.execute_us < ?)");
        params.add(target);
        params.add(start);
        params.add(end);
        appendFirstResponse(sql);
      }
      case ALERT_DELIVERY_TIME -> {
        sql.append(
            "evaluated AS (SELECT NULL::VARCHAR AS srv, a.provider, a.device_id,"
                + " a.raised_us AS base_us,"
                + " coalesce(a.delivered_us - a.raised_us <= ?, false) AS in_time,"
                + " false AS success FROM alerts a WHERE a.raised_us >= ? AND a.raised_us < ?)");
        params.add(rules.responseTimes().alert() * MICROS);
        params.add(start);
        params.add(end);
      }
      default -> throw new IllegalArgumentException("not a device calculation: " + calculation);
    }
    return new Sql(sql.toString(), params);
  }

  /**
   * Each request of the population with its outcome, kept by the loader (V003): the first RESPONSE
   * sent at or after receipt, and whether an I0 RESPONSE came at that same instant (a tie is rare;
   * this makes it deterministic). No response: not within.
   */
  private static void appendFirstResponse(StringBuilder sql) {
    sql.append(
        ", evaluated AS (SELECT srv, provider, device_id, base_us,"
            + " coalesce(first_response_us - base_us <= target_us, false) AS in_time,"
            + " coalesce(first_response_us - base_us <= target_us"
            + " AND first_i0_us = first_response_us, false) AS success"
            + " FROM population)");
  }

  // -Dmeterwatch.trace=true prints each query's time, for tuning (as the loader does).
  private static final boolean TRACE = Boolean.getBoolean("meterwatch.trace");

  static String placeholders(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, "?"));
  }

  interface RowHandler {
    void row(ResultSet r) throws SQLException;
  }

  void query(String sql, List<Object> params, RowHandler handler) {
    long t = System.nanoTime();
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        ps.setObject(i + 1, params.get(i));
      }
      try (ResultSet r = ps.executeQuery()) {
        while (r.next()) {
          handler.row(r);
        }
      }
      if (TRACE) {
        System.err.printf(
            java.util.Locale.ROOT,
            "%8.3f s  %s %s%n",
            (System.nanoTime() - t) / 1e9,
            params.size() > 2 ? params.subList(params.size() - 2, params.size()) : params,
            sql.substring(Math.max(0, sql.length() - 100)));
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot compute the measures: " + firstLine(e), e);
    }
  }

  static String firstLine(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
