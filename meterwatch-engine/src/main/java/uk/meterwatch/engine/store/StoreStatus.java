package uk.meterwatch.engine.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

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
          "rdp_incidents");

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
