package uk.meterwatch.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps {@code service_requests.near_us} (migration V006): the distance in microseconds from a
 * request to the nearest other request of the same (User, device), any SRV, when at most {@link
 * #HORIZON_US}, else NULL. A request whose near_us is NULL or more than a retry window W is alone
 * in its BPI group, whatever the process (a process group is a part of its (User, device)
 * requests), so the BPIs count it without sorting the month (docs/bpi.md).
 *
 * <p>Requests are only ever added, and adding a request can only bring others nearer, so a load
 * computes the distances of its own requests among themselves and the stored requests of the same
 * groups within the horizon, and lowers the stored ones that the new requests came nearer to. The
 * column is trusted only while every load since it was complete kept it and no request was written
 * otherwise ({@link #isCurrent}); the BPIs then find the lone requests by a window as before.
 */
public final class RequestNeighbours {
  /** Distances beyond 31 days are not kept (NULL): the BPIs use the column for W up to this. */
  public static final long HORIZON_US = 31L * 24 * 3_600_000_000L;

  // The nearest neighbour: the previous or the next request of the group in time (either may
  // be at the same instant); least() skips the missing one.
  private static final String NEAREST =
      "least(received_us - lag(received_us) OVER w, lead(received_us) OVER w - received_us)";
  private static final String WINDOW =
      " WINDOW w AS (PARTITION BY user_id, device_id ORDER BY received_us)";

  private RequestNeighbours() {}

  /** Computes every request's near_us from all stored requests, and marks the column current. */
  public static void rebuild(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("UPDATE service_requests SET near_us = NULL WHERE near_us IS NOT NULL");
      s.execute(
          "UPDATE service_requests SET near_us = n.d FROM (SELECT rid, d FROM (SELECT rowid AS rid, "
              + NEAREST
              + " AS d FROM service_requests"
              + WINDOW
              + ") WHERE d <= "
              + HORIZON_US
              + ") n WHERE service_requests.rowid = n.rid");
      s.execute("DELETE FROM request_neighbours_state");
      s.execute(
          "INSERT INTO request_neighbours_state SELECT (SELECT coalesce(max(load_id), 0) FROM"
              + " loads), (SELECT count(*) FROM service_requests)");
    }
  }

  /** Whether near_us is right for every stored request (see the class comment). */
  public static boolean isCurrent(Connection c) throws SQLException {
    return wasCurrent(c, Long.MAX_VALUE, 0); // after the latest load, with every request
  }

  /**
   * Whether the column is current as a load begins (before its rows are written and recorded): the
   * loader then keeps it for a requests file ({@link #stageFile}, {@link #requestsInserted}).
   */
  public static boolean currentBefore(Connection c, long loadId) throws SQLException {
    return wasCurrent(c, loadId, 0);
  }

  /**
   * Stages {@code mw_near (mw_line, near_us)}: for the rows of a requests file about to be inserted
   * ({@code rows}: a relation with user_id, device_id, received_us and mw_line), their distances
   * among themselves, where within the horizon. The insert takes near_us from it by line (cheaper
   * than an UPDATE of the rows just written).
   */
  public static void stageFile(Connection c, String rows, RequestOutcomes.Trace trace)
      throws SQLException {
    try (Statement s = c.createStatement()) {
      trace.run(
          s,
          "CREATE OR REPLACE TEMP TABLE mw_near AS SELECT mw_line, d AS near_us FROM (SELECT"
              + " mw_line, "
              + NEAREST
              + " AS d FROM "
              + rows
              + WINDOW
              + ") WHERE d <= "
              + HORIZON_US);
    }
  }

  /**
   * After the rows of load {@code loadId} were inserted with the distances of {@link #stageFile}:
   * brings in the stored requests within the horizon of the new ones (both may come nearer), and,
   * when rows of the file were dropped as duplicates ({@code dropped}), recomputes the new rows
   * without them.
   */
  public static void requestsInserted(
      Connection c, long loadId, boolean dropped, RequestOutcomes.Trace trace) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS mw_near");
    }
    long min;
    long max;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT min(received_us), max(received_us) FROM service_requests WHERE load_id = ?")) {
      p.setLong(1, loadId);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        min = r.getLong(1);
        if (r.wasNull()) {
          return; // nothing inserted
        }
        max = r.getLong(2);
      }
    }
    // Only stored requests within the horizon of the new ones can be nearest to one of them.
    long from = min - HORIZON_US;
    long to = max + HORIZON_US;
    boolean storedNearby;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT count(*) FROM (SELECT 1 FROM service_requests WHERE received_us >= ? AND"
                + " received_us <= ? AND load_id <> ? LIMIT 1)")) {
      p.setLong(1, from);
      p.setLong(2, to);
      p.setLong(3, loadId);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        storedNearby = r.getLong(1) > 0;
      }
    }
    if (!storedNearby && !dropped) {
      return; // the file's own distances are the whole answer
    }
    String rows =
        "SELECT rowid AS rid, true AS is_new, user_id, device_id, received_us, near_us"
            + " FROM service_requests WHERE load_id = ?";
    if (storedNearby) {
      rows +=
          " UNION ALL SELECT r.rowid, false, r.user_id, r.device_id, r.received_us, r.near_us"
              + " FROM service_requests r SEMI JOIN (SELECT DISTINCT user_id, device_id FROM"
              + " service_requests WHERE load_id = ?) g ON g.user_id = r.user_id"
              + " AND g.device_id IS NOT DISTINCT FROM r.device_id"
              + " WHERE r.received_us >= ? AND r.received_us <= ? AND r.load_id <> ?";
    }
    // A new request takes its distance among all (exact: every request within the horizon of it
    // is here); a stored one only a smaller one (it cannot grow).
    String sql =
        "UPDATE service_requests SET near_us = n.d FROM (SELECT rid, d FROM (SELECT rid, is_new,"
            + " old, CASE WHEN d <= "
            + HORIZON_US
            + " THEN d END AS d FROM (SELECT rid, is_new, near_us AS old, "
            + NEAREST
            + " AS d FROM ("
            + rows
            + ")"
            + WINDOW
            + ")) WHERE (is_new AND d IS DISTINCT FROM old)"
            + " OR (NOT is_new AND d < coalesce(old, 9223372036854775807))) n"
            + " WHERE service_requests.rowid = n.rid";
    long t = System.nanoTime();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setLong(1, loadId);
      if (storedNearby) {
        p.setLong(2, loadId);
        p.setLong(3, from);
        p.setLong(4, to);
        p.setLong(5, loadId);
      }
      p.executeUpdate();
    }
    trace.done("UPDATE service_requests (near_us with the stored requests nearby)", t);
  }

  /**
   * After a file's rows are written (same transaction, before the load is recorded): when the
   * column was current before this load (and, for a requests file, kept by the calls above for its
   * {@code inserted} rows), marks it current through this load.
   */
  public static void loaded(Connection c, long loadId, long inserted) throws SQLException {
    if (!wasCurrent(c, loadId, inserted)) {
      return; // a column nobody kept is not patched: rebuild() makes it whole again
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE request_neighbours_state SET valid_through_load = ?,"
                + " requests = (SELECT count(*) FROM service_requests)")) {
      p.setLong(1, loadId);
      p.executeUpdate();
    }
  }

  /** Whether the column was current after the load before this one, {@code inserted} rows ago. */
  private static boolean wasCurrent(Connection c, long loadId, long inserted) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT valid_through_load = (SELECT coalesce(max(load_id), 0) FROM loads WHERE"
                + " load_id < ?) AND requests = (SELECT count(*) FROM service_requests) - ?"
                + " FROM request_neighbours_state")) {
      p.setLong(1, loadId);
      p.setLong(2, inserted);
      try (ResultSet r = p.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }
}
