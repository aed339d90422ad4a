package uk.meterwatch.engine.pmr;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.ResponseTimeCube;

/**
 * Runs a calculation's queries on the DuckDB store: relations are the store's tables of the same
 * name, parameters bound positionally ({@link CubeQuery#JDBC}), values read as plain Java (a list
 * column as a list of strings). The one place the PMR's SQL meets JDBC.
 */
final class StoreCubes implements CubeSource {
  // -Dmeterwatch.trace=true prints each query's time, for tuning (as the loader does).
  private static final boolean TRACE = Boolean.getBoolean("meterwatch.trace");

  private final Connection connection;

  StoreCubes(Connection connection) {
    this.connection = connection;
  }

  Connection connection() {
    return connection;
  }

  @Override
  public boolean summaryCurrent(ReportingMonth month) {
    try {
      return ResponseTimeCube.isCurrent(connection, month);
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the response-time cube: " + firstLine(e), e);
    }
  }

  /** The rows of a query. */
  @Override
  public Cube run(CubeQuery query) {
    List<Object[]> rows = new ArrayList<>();
    CubeQuery.Rendered sql = query.render(CubeQuery.JDBC);
    long t = System.nanoTime();
    try (PreparedStatement ps = connection.prepareStatement(sql.sql())) {
      for (int i = 0; i < sql.values().size(); i++) {
        ps.setObject(i + 1, sql.values().get(i));
      }
      try (ResultSet r = ps.executeQuery()) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          Object[] row = new Object[columns];
          for (int c = 0; c < columns; c++) {
            row[c] = value(r.getObject(c + 1));
          }
          rows.add(row);
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot compute the measures: " + firstLine(e), e);
    }
    if (TRACE) {
      System.err.printf(
          java.util.Locale.ROOT,
          "%8.3f s  %s%n",
          (System.nanoTime() - t) / 1e9,
          sql.sql().substring(0, Math.min(120, sql.sql().length())));
    }
    return new Cube(rows);
  }

  private static Object value(Object v) throws SQLException {
    if (v instanceof Array array) {
      List<String> out = new ArrayList<>();
      for (Object o : (Object[]) array.getArray()) {
        if (o != null) {
          out.add(o.toString());
        }
      }
      return List.copyOf(out);
    }
    if (v instanceof java.math.BigInteger big) {
      return big.longValueExact(); // HUGEINT sums: a count fits a long
    }
    return v;
  }

  static String firstLine(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
