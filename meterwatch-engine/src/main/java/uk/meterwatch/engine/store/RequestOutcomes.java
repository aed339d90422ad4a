package uk.meterwatch.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Keeps each request's outcome (columns of {@code service_requests} added by migration V003) in
 * step with its RESPONSE rows, so reports read one row per request. What each column means is
 * written in V003__request_outcomes.sql; the definitions are those of docs/measures.md (PMR) and
 * docs/bpi.md (BPI).
 *
 * <p>The loader calls {@link #responsesLoaded} and {@link #requestsLoaded} inside a file's
 * transaction, so a failed load changes no outcome. Responses only ever add to a request's outcome:
 * every column is a minimum (the final response is the minimum by sent_us then load order, and a
 * newly loaded row comes after every stored one), so a load merges the minima of its own rows into
 * the stored ones and touches only its requests.
 */
public final class RequestOutcomes {
  private RequestOutcomes() {}

  /**
   * A request's outcome from its RESPONSE rows {@code s} (request_id, sent_us, code, load_id,
   * line), grouped by request: the one definition, which the Spark engine runs too (docs/spark.md);
   * the loads' incremental merges ({@link #stage}, {@link #responsesLoaded}) keep the same minima
   * (RequestOutcomesTest).
   */
  public static final String OUTCOMES =
      "min(s.sent_us) AS first_response_us,"
          + " min(s.sent_us) FILTER (WHERE s.code = 'I0') AS first_i0_us,"
          + " min(s.sent_us) AS final_us,"
          + " arg_min(s.code, (s.sent_us, s.load_id, s.line)) AS final_code,"
          + " min(s.sent_us) FILTER (WHERE s.code = 'I0') AS i0_us";

  /**
   * The outcome columns of {@code r} from all its stored RESPONSE rows {@code s}, grouped by {@code
   * r.rowid} (the caller supplies FROM and WHERE).
   */
  private static final String FROM_ALL_RESPONSES =
      "SELECT r.rowid AS rid, "
          + OUTCOMES
          + " FROM service_requests r JOIN service_responses s ON s.request_id = r.request_id"
          + " AND s.kind = 'RESPONSE'";

  private static final String SET_FROM_O =
      " SET first_response_us = o.first_response_us, first_i0_us = o.first_i0_us,"
          + " final_us = o.final_us, final_code = o.final_code, i0_us = o.i0_us";

  /** Recomputes every request's outcome and the orphans from all stored rows (migration, tests). */
  public static void rebuild(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(
          "UPDATE service_requests SET first_response_us = NULL, first_i0_us = NULL,"
              + " final_us = NULL, final_code = NULL, i0_us = NULL"
              + " WHERE final_us IS NOT NULL OR first_response_us IS NOT NULL");
      s.execute(
          "UPDATE service_requests"
              + SET_FROM_O
              + " FROM ("
              + FROM_ALL_RESPONSES
              + " GROUP BY r.rowid) o WHERE service_requests.rowid = o.rid");
      // Outcomes recomputed outside a load: the response-time cube no longer follows them.
      if (tableExists(s, "response_time_cube_state")) {
        ResponseTimeCube.invalidate(c);
      }
      // Rows written by hand (tests, migrations) get their nearest neighbours too.
      if (tableExists(s, "request_neighbours_state")) {
        RequestNeighbours.rebuild(c);
      }
      s.execute("DELETE FROM response_orphans");
      s.execute(
          "INSERT INTO response_orphans SELECT DISTINCT request_id FROM service_responses"
              + " WHERE kind = 'RESPONSE' AND request_id NOT IN"
              + " (SELECT request_id FROM service_requests)");
    }
  }

  private static boolean tableExists(Statement s, String table) throws SQLException {
    try (ResultSet r =
        s.executeQuery("SELECT count(*) FROM duckdb_tables() WHERE table_name = '" + table + "'")) {
      r.next();
      return r.getLong(1) > 0;
    }
  }

  /** Like {@link #rebuild} for a store of tests: unchecked. */
  public static void rebuild(Store store) {
    try {
      rebuild(store.connection());
    } catch (SQLException e) {
      throw new IllegalStateException("cannot rebuild the request outcomes", e);
    }
  }

  /**
   * Computes {@code mw_outcome}: the outcome columns of the stored requests that the RESPONSE rows
   * of {@code loaded} answer, from those rows alone (see {@link #responsesLoaded}). The loader runs
   * it before the file's transaction when it can (its input is then all committed): DuckDB reads a
   * table written inside an open transaction about twice as slowly (measured: the grouping of 10M
   * joined rows 5.3 s inside, 2.75 s outside).
   */
  public static void stage(Connection c, String loaded, Trace trace) throws SQLException {
    stage(c, loaded, false, trace);
  }

  /**
   * Like {@link #stage(Connection, String, Trace)}; {@code onePerRequestKnown}: the caller has
   * proved that no request_id has two RESPONSE rows among {@code loaded}.
   */
  public static void stage(Connection c, String loaded, boolean onePerRequestKnown, Trace trace)
      throws SQLException {
    // Ties at the same sent_us within this load: the first line wins (line < 2^40).
    try (Statement s = c.createStatement()) {
      // The join first, then the grouping: measured on 20M responses of 10M requests, 1.6 s + 2.7 s
      // where the same join and grouping in one statement took 7.8 s.
      trace.run(
          s,
          "CREATE OR REPLACE TEMP TABLE mw_outcome_rows AS SELECT r.rowid AS rid, n.sent_us,"
              + " n.code, n.line, r.received_us, r.execute_us FROM "
              + loaded
              + " n JOIN service_requests r ON r.request_id = n.request_id"
              + " WHERE n.kind = 'RESPONSE'");
      // Usually each request has one RESPONSE in a file: then every row is its request's whole
      // outcome and the grouping (10M groups: 2.8 s) is not needed; proving it costs 0.8 s.
      boolean onePerRequest = onePerRequestKnown;
      if (!onePerRequest) {
        long t = System.nanoTime();
        try (ResultSet r =
            s.executeQuery("SELECT count(*) = count(DISTINCT rid) FROM mw_outcome_rows")) {
          r.next();
          onePerRequest = r.getBoolean(1);
        }
        trace.done("SELECT count(*) = count(DISTINCT rid) FROM mw_outcome_rows", t);
      }
      if (onePerRequest) {
        trace.run(
            s,
            "CREATE OR REPLACE TEMP TABLE mw_outcome AS SELECT rid,"
                + " sent_us AS first_response_us,"
                + " CASE WHEN code = 'I0' THEN sent_us END AS first_i0_us,"
                + " sent_us AS final_us, code AS final_code,"
                + " CASE WHEN code = 'I0' THEN sent_us END AS i0_us, 1::BIGINT AS responses,"
                + " received_us, execute_us FROM mw_outcome_rows");
      } else {
        trace.run(
            s,
            "CREATE OR REPLACE TEMP TABLE mw_outcome AS SELECT rid,"
                + " min(sent_us) AS first_response_us,"
                + " min(sent_us) FILTER (WHERE code = 'I0') AS first_i0_us,"
                + " min(sent_us) AS final_us,"
                + " arg_min(code, (sent_us::HUGEINT << 40) | line) AS final_code,"
                + " min(sent_us) FILTER (WHERE code = 'I0') AS i0_us, count(*) AS responses,"
                // The request's own instants: its months' response-time cube is recomputed.
                + " any_value(received_us) AS received_us, any_value(execute_us) AS execute_us"
                + " FROM mw_outcome_rows GROUP BY rid");
      }
      s.execute("DROP TABLE mw_outcome_rows");
    }
  }

  /**
   * Merges the RESPONSE rows just loaded into their requests' outcomes. {@code loaded} is a
   * relation with the rows of this load ({@code request_id, sent_us, code, kind, line}); rows
   * identical to stored ones may be in it (they cannot change a minimum). Responses whose request
   * is not in the store are remembered as orphans. Returns the instants of the requests whose
   * outcome may have changed (their months' response-time cube is recomputed). When {@code staged},
   * {@link #stage} has already computed mw_outcome from the same rows and the same stored requests.
   */
  public static ResponseTimeCube.Touched responsesLoaded(
      Connection c, String loaded, boolean staged, Trace trace) throws SQLException {
    if (!staged) {
      stage(c, loaded, trace);
    }
    long merged;
    long responses;
    try (Statement s = c.createStatement()) {
      try (ResultSet r =
          s.executeQuery(
              "SELECT (SELECT coalesce(sum(responses), 0) FROM mw_outcome),"
                  + " (SELECT count(*) FROM "
                  + loaded
                  + " WHERE kind = 'RESPONSE')")) {
        r.next();
        merged = r.getLong(1);
        responses = r.getLong(2);
      }
      // SET expressions read the row as it was: final_code is decided on the old final_us.
      trace.run(
          s,
          "UPDATE service_requests AS t SET"
              + " first_response_us = least(t.first_response_us, o.first_response_us),"
              + " first_i0_us = least(t.first_i0_us, o.first_i0_us),"
              + " final_code = CASE WHEN t.final_us IS NULL OR o.final_us < t.final_us"
              + " THEN o.final_code ELSE t.final_code END,"
              + " final_us = least(t.final_us, o.final_us),"
              + " i0_us = least(t.i0_us, o.i0_us)"
              + " FROM mw_outcome o WHERE t.rowid = o.rid");
      if (merged < responses) {
        trace.run(
            s,
            "INSERT INTO response_orphans SELECT DISTINCT n.request_id FROM "
                + loaded
                + " n WHERE n.kind = 'RESPONSE'"
                + " AND n.request_id NOT IN (SELECT request_id FROM service_requests)"
                + " AND n.request_id NOT IN (SELECT request_id FROM response_orphans)");
      }
      ResponseTimeCube.Touched touched;
      try (ResultSet r =
          s.executeQuery(
              "SELECT least(min(received_us), min(execute_us)),"
                  + " greatest(max(received_us), max(execute_us)) FROM mw_outcome")) {
        r.next();
        touched = new ResponseTimeCube.Touched((Long) r.getObject(1), (Long) r.getObject(2));
      }
      s.execute("DROP TABLE IF EXISTS mw_outcome");
      return touched;
    }
  }

  /**
   * Gives the requests of a load whose responses came first (orphans) their outcome, from all their
   * stored responses. Other new requests have no response yet: their outcome stays empty.
   */
  public static void requestsLoaded(Connection c, long loadId, Trace trace) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM response_orphans")) {
      r.next();
      if (r.getLong(1) == 0) {
        return;
      }
    }
    // New requests have no response but through an orphan: only those are computed.
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE service_requests"
                + SET_FROM_O
                + " FROM ("
                + FROM_ALL_RESPONSES
                + " WHERE r.load_id = ? AND r.request_id IN (SELECT request_id FROM response_orphans)"
                + " GROUP BY r.rowid) o WHERE service_requests.rowid = o.rid")) {
      p.setLong(1, loadId);
      long t = System.nanoTime();
      p.execute();
      trace.done("UPDATE service_requests (outcomes of requests whose responses came first)", t);
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "DELETE FROM response_orphans WHERE request_id IN"
                + " (SELECT request_id FROM service_requests WHERE load_id = ?)")) {
      p.setLong(1, loadId);
      long t = System.nanoTime();
      p.execute();
      trace.done("DELETE FROM response_orphans (their requests came)", t);
    }
  }

  /** Prints statement times when asked (the loader's -Dmeterwatch.trace). */
  public interface Trace {
    void done(String sql, long startNanos);

    default void run(Statement s, String sql) throws SQLException {
      long t = System.nanoTime();
      s.execute(sql);
      done(sql, t);
    }

    Trace NONE = (sql, t) -> {};

    static Trace stderr() {
      return (sql, t) ->
          System.err.printf(
              Locale.ROOT,
              "%8.2f s  %s%n",
              (System.nanoTime() - t) / 1e9,
              sql.length() > 120 ? sql.substring(0, 120) + "..." : sql);
    }
  }
}
