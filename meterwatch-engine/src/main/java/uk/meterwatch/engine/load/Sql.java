package uk.meterwatch.engine.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import uk.meterwatch.engine.store.RequestOutcomes;

/**
 * The loader's statements on its connection: parameters always bound, each statement's time traced
 * on demand ({@code -Dmeterwatch.trace=true}), the running one kept for the progress bar.
 */
final class Sql {
  // -Dmeterwatch.trace=true prints each load statement's time, for tuning.
  static final boolean TRACE = Boolean.getBoolean("meterwatch.trace");

  static final RequestOutcomes.Trace TRACE_SINK =
      TRACE ? RequestOutcomes.Trace.stderr() : RequestOutcomes.Trace.NONE;

  private final Connection connection;
  private volatile PreparedStatement current;

  Sql(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  /** The statement running now, or null. */
  PreparedStatement running() {
    return current;
  }

  long count(String sql, boolean run, Object... params) throws SQLException {
    if (!run) {
      return 0;
    }
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, params);
      long t = System.nanoTime();
      try (ResultSet r = p.executeQuery()) {
        r.next();
        trace(sql, t);
        return r.getLong(1);
      }
    }
  }

  void execute(String sql, Object... params) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, params);
      current = p;
      long t = System.nanoTime();
      p.execute();
      trace(sql, t);
    } finally {
      current = null;
    }
  }

  long update(String sql, Object... params) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      bind(p, params);
      current = p;
      long t = System.nanoTime();
      long n = p.executeUpdate();
      trace(sql, t);
      return n;
    } finally {
      current = null;
    }
  }

  /** The first column of a query's rows as longs. */
  List<Long> longs(String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement st = connection.createStatement();
        ResultSet r = st.executeQuery(sql)) {
      while (r.next()) {
        out.add(r.getLong(1));
      }
    }
    return out;
  }

  /** A temp table of two BIGINT columns holding {@code pairs}, written by DuckDB's appender. */
  void appendPairs(String table, String first, String second, List<long[]> pairs)
      throws SQLException {
    execute(
        "CREATE OR REPLACE TEMP TABLE " + table + " (" + first + " BIGINT, " + second + " BIGINT)");
    try (DuckDBAppender appender =
        connection.unwrap(DuckDBConnection.class).createAppender("temp", "main", table)) {
      for (long[] pair : pairs) {
        appender.beginRow();
        appender.append(pair[0]);
        appender.append(pair[1]);
        appender.endRow();
      }
    }
  }

  static void trace(String sql, long startNanos) {
    if (TRACE) {
      System.err.printf(
          Locale.ROOT,
          "%8.2f s  %s%n",
          (System.nanoTime() - startNanos) / 1e9,
          sql.length() > 120 ? sql.substring(0, 120) + "..." : sql);
    }
  }

  private static void bind(PreparedStatement p, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      p.setObject(i + 1, params[i]);
    }
  }
}
