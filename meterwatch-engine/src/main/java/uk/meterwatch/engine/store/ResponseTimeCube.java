package uk.meterwatch.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.TreeSet;
import uk.meterwatch.core.measure.ResponseTimeSummary;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Keeps the response-time cube (migration V005): per month, the requests of the PMR's response-time
 * populations grouped by SRV, provider, delay in whole seconds and whether the first response is an
 * I0. The PMR reads a few hundred cube rows instead of scanning 10 million requests; the measures'
 * definitions stay in the rule set and are applied to the cube at report time (docs/measures.md).
 *
 * <p>Exact by construction: a month is always recomputed whole from the requests (never patched),
 * by the loader in the transaction of the file that changed it. The cube is trusted only while
 * every load since it was complete kept it ({@link #isCurrent}); anything else that writes requests
 * calls {@link #invalidate}, and the PMR then scans the requests as before.
 */
public final class ResponseTimeCube {
  /** The longest Target Response Time the cube answers exactly (a day), in seconds. */
  public static final long MAX_TARGET_S = ResponseTimeSummary.MAX_TARGET_S;

  private ResponseTimeCube() {}

  /** A range of instants whose months were touched; empty when min is null. */
  public record Touched(Long min, Long max) {
    public static final Touched NONE = new Touched(null, null);

    Touched with(Long lo, Long hi) {
      if (lo == null) {
        return this;
      }
      return new Touched(
          min == null ? lo : Math.min(min, lo), max == null ? hi : Math.max(max, hi));
    }
  }

  /**
   * After a file's rows are written (same transaction): recomputes the months touched and, when the
   * cube was current before this load, marks it current through this load.
   */
  public static void loaded(Connection c, long loadId, Touched touched) throws SQLException {
    Long before = validThrough(c);
    boolean wasCurrent = before != null && before.equals(previousLoad(c, loadId));
    if (!wasCurrent) {
      return; // a cube nobody kept is not patched: rebuild() makes it whole again
    }
    rebuildMonths(c, touched);
    try (PreparedStatement p =
        c.prepareStatement("UPDATE response_time_cube_state SET valid_through_load = ?")) {
      p.setLong(1, loadId);
      p.executeUpdate();
    }
  }

  /** The months of the requests in a range of received_at or execute_at (min, max of either). */
  public static Touched requestsIn(Connection c, String where, Object... params)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT least(min(received_us), min(execute_us)),"
                + " greatest(max(received_us), max(execute_us)) FROM service_requests "
                + where)) {
      for (int i = 0; i < params.length; i++) {
        p.setObject(i + 1, params[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return new Touched((Long) r.getObject(1), (Long) r.getObject(2));
      }
    }
  }

  /** Builds the whole cube from the requests (migration), and marks it current. */
  public static void rebuild(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM response_time_cube");
      s.execute("DELETE FROM response_time_cube_months");
      s.execute("DELETE FROM response_time_cube_state");
    }
    rebuildMonths(c, requestsIn(c, ""));
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO response_time_cube_state SELECT coalesce(max(load_id), 0) FROM loads");
    }
  }

  /** Something wrote requests without keeping the cube: the PMR scans until it is rebuilt. */
  public static void invalidate(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DELETE FROM response_time_cube_state");
    }
  }

  /** Whether the cube holds the month and every load since it was complete kept it. */
  public static boolean isCurrent(Connection c, ReportingMonth month) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT (SELECT valid_through_load FROM response_time_cube_state)"
                + " = (SELECT coalesce(max(load_id), 0) FROM loads)"
                + " AND EXISTS (SELECT 1 FROM response_time_cube_months WHERE month = ?)")) {
      p.setString(1, month.toString());
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getBoolean(1) && !r.wasNull();
      }
    }
  }

  private static Long validThrough(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT max(valid_through_load) FROM response_time_cube_state")) {
      r.next();
      return (Long) r.getObject(1);
    }
  }

  /** The latest load before this one (0 when none): loads are numbered in order. */
  private static long previousLoad(Connection c, long loadId) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT coalesce(max(load_id), 0) FROM loads WHERE load_id < ?")) {
      p.setLong(1, loadId);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Above this many months between the first and the last touched, only months with requests. */
  private static final int MAX_MONTHS_SPANNED = 36;

  private static void rebuildMonths(Connection c, Touched touched) throws SQLException {
    if (touched.min() == null) {
      return;
    }
    TreeSet<ReportingMonth> months = new TreeSet<>();
    ReportingMonth last = ReportingMonth.containingMicros(touched.max());
    for (ReportingMonth m = ReportingMonth.containingMicros(touched.min());
        m.compareTo(last) <= 0 && months.size() <= MAX_MONTHS_SPANNED;
        m = m.next()) {
      months.add(m);
    }
    if (months.size() > MAX_MONTHS_SPANNED) {
      // Months far apart (a request received in 2023 to run in 3000): not every month between,
      // only those that hold a request in the range, from the UTC days of its times (a UTC day
      // lies in at most two UK months: both are taken).
      months.clear();
      try (PreparedStatement p =
          c.prepareStatement(
              "SELECT DISTINCT d FROM (SELECT "
                  + floorDay("received_us")
                  + " AS d FROM service_requests WHERE received_us BETWEEN ? AND ? UNION SELECT "
                  + floorDay("execute_us")
                  + " FROM service_requests WHERE execute_us BETWEEN ? AND ?)")) {
        p.setLong(1, touched.min());
        p.setLong(2, touched.max());
        p.setLong(3, touched.min());
        p.setLong(4, touched.max());
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            long dayStart = r.getLong(1) * 86_400_000_000L;
            months.add(ReportingMonth.containingMicros(dayStart));
            months.add(ReportingMonth.containingMicros(dayStart + 86_399_999_999L));
          }
        }
      }
    }
    for (ReportingMonth m : months) {
      rebuildMonth(c, m);
    }
  }

  /** The UTC day of an instant column, rounded down also before 1970 (SQL's % is not a modulo). */
  private static String floorDay(String column) {
    return "("
        + column
        + " - (("
        + column
        + " % 86400000000) + 86400000000) % 86400000000)"
        + " // 86400000000";
  }

  // The delay rounded up to whole seconds, at least 0 (a response before execute_at is in time),
  // at most a day and a second (beyond the longest target the cube answers).
  private static final String DELAY =
      "CASE WHEN first_response_us IS NULL THEN NULL ELSE least((greatest(first_response_us - %s,"
          + " 0) + 999999) // 1000000, 86401) END";

  private static void rebuildMonth(Connection c, ReportingMonth m) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("DELETE FROM response_time_cube WHERE month = ?")) {
      p.setString(1, m.toString());
      p.executeUpdate();
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO response_time_cube"
                + " SELECT ?, 'ON_DEMAND', srv, provider, "
                + String.format(DELAY, "received_us")
                + " AS delay_s, coalesce(first_i0_us = first_response_us, false) AS i0_first,"
                + " count(*) FROM service_requests"
                + " WHERE received_us >= ? AND received_us < ? AND execute_us IS NULL GROUP BY ALL"
                + " UNION ALL SELECT ?, 'FUTURE_DATED', srv, provider, "
                + String.format(DELAY, "execute_us")
                + " AS delay_s, coalesce(first_i0_us = first_response_us, false) AS i0_first,"
                + " count(*) FROM service_requests"
                + " WHERE execute_us >= ? AND execute_us < ? GROUP BY ALL")) {
      p.setString(1, m.toString());
      p.setLong(2, m.startMicros());
      p.setLong(3, m.endMicros());
      p.setString(4, m.toString());
      p.setLong(5, m.startMicros());
      p.setLong(6, m.endMicros());
      p.executeUpdate();
    }
    try (PreparedStatement p =
        c.prepareStatement("INSERT OR IGNORE INTO response_time_cube_months VALUES (?)")) {
      p.setString(1, m.toString());
      p.executeUpdate();
    }
  }
}
