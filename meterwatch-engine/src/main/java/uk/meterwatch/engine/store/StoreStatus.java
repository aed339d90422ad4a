package uk.meterwatch.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * What a store holds: loads, rows per kind, months covered (UK time) with the traffic in each, and
 * the size of the quarantine.
 */
public record StoreStatus(
    int schemaVersion,
    long loads,
    Map<String, Long> rows,
    Map<String, Map<String, Long>> months,
    long quarantined) {

  static final List<String> KINDS =
      List.of(
          "service_requests",
          "service_responses",
          "alerts",
          "devices",
          "users",
          "area_events",
          "incidents",
          "outages",
          "risks",
          "actions",
          "rdp_incidents",
          "smki_requests",
          "modification_assessments");

  public static StoreStatus of(Store store) {
    Connection c = store.connection();
    try {
      Map<String, Long> rows = new LinkedHashMap<>();
      for (String kind : KINDS) {
        rows.put(kind, single(c, "SELECT count(*) FROM " + kind));
      }
      Map<String, Map<String, Long>> months = new TreeMap<>();
      monthly(c, months, "service_requests", "received_us");
      monthly(c, months, "service_responses", "sent_us");
      monthly(c, months, "alerts", "raised_us");
      return new StoreStatus(
          store.schemaVersion(),
          single(c, "SELECT count(*) FROM loads"),
          rows,
          months,
          single(c, "SELECT count(*) FROM quarantine"));
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
  }

  /**
   * Whether any traffic (service requests, responses or alerts) falls in a month (UK time): a month
   * without any is measured as No data, and the commands say so.
   */
  public static boolean hasTraffic(Store store, ReportingMonth month) {
    String sql =
        "SELECT EXISTS (SELECT 1 FROM service_requests WHERE received_us >= ? AND received_us < ?)"
            + " OR EXISTS (SELECT 1 FROM service_responses WHERE sent_us >= ? AND sent_us < ?)"
            + " OR EXISTS (SELECT 1 FROM alerts WHERE raised_us >= ? AND raised_us < ?)";
    try (PreparedStatement p = store.connection().prepareStatement(sql)) {
      for (int i = 0; i < 3; i++) {
        p.setLong(2 * i + 1, month.startMicros());
        p.setLong(2 * i + 2, month.endMicros());
      }
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getBoolean(1);
      }
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
  }

  /**
   * The first and last months (UK time) with any traffic, or empty when the store holds none; read
   * from the columns' extremes, not by counting every row.
   */
  public static java.util.Optional<List<ReportingMonth>> trafficSpan(Store store) {
    String sql =
        "SELECT min(lo), max(hi) FROM ("
            + "SELECT min(received_us) AS lo, max(received_us) AS hi FROM service_requests"
            + " UNION ALL SELECT min(sent_us), max(sent_us) FROM service_responses"
            + " UNION ALL SELECT min(raised_us), max(raised_us) FROM alerts)";
    try (PreparedStatement p = store.connection().prepareStatement(sql);
        ResultSet r = p.executeQuery()) {
      r.next();
      long lo = r.getLong(1);
      if (r.wasNull()) {
        return java.util.Optional.empty();
      }
      long hi = r.getLong(2);
      return java.util.Optional.of(
          List.of(ReportingMonth.containingMicros(lo), ReportingMonth.containingMicros(hi)));
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
  }

  /**
   * How many of the responses sent in a month (UK time) answer a request received before the month
   * began: what a month with responses but no requests holds (late replies, future-dated requests
   * executed after the month their request came in).
   */
  public static long responsesToEarlierRequests(Store store, ReportingMonth month) {
    String sql =
        "SELECT count(*) FROM service_responses r WHERE r.sent_us >= ? AND r.sent_us < ?"
            + " AND EXISTS (SELECT 1 FROM service_requests q"
            + " WHERE q.request_id = r.request_id AND q.received_us < ?)";
    try (PreparedStatement p = store.connection().prepareStatement(sql)) {
      p.setLong(1, month.startMicros());
      p.setLong(2, month.endMicros());
      p.setLong(3, month.startMicros());
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
  }

  private static void monthly(
      Connection c, Map<String, Map<String, Long>> months, String table, String column)
      throws SQLException {
    String sql =
        "SELECT strftime(timezone('Europe/London', make_timestamptz("
            + column
            + ")), '%Y-%m') AS m,"
            + " count(*) FROM "
            + table
            + " GROUP BY m ORDER BY m";
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        Map<String, Long> counts =
            months.computeIfAbsent(
                r.getString(1),
                k -> {
                  Map<String, Long> m = new LinkedHashMap<>();
                  m.put("service_requests", 0L);
                  m.put("service_responses", 0L);
                  m.put("alerts", 0L);
                  return m;
                });
        counts.put(table, r.getLong(2));
      }
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
