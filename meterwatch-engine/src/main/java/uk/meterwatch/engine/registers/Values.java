package uk.meterwatch.engine.registers;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.time.ReportingMonth;

/** Conversions between Java values and store columns (instants as epoch microseconds). */
final class Values {
  private Values() {}

  /** Not through nanoseconds (ChronoUnit.MICROS.between): a long of them ends in 2262. */
  static long micros(Instant t) {
    return ReportingMonth.micros(t);
  }

  static Instant instant(long micros) {
    return ReportingMonth.fromMicros(micros);
  }

  static void setMicros(PreparedStatement p, int i, Instant t) throws SQLException {
    if (t == null) {
      p.setNull(i, Types.BIGINT);
    } else {
      p.setLong(i, micros(t));
    }
  }

  static Instant getInstant(ResultSet r, String column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? null : instant(v);
  }

  static void setDate(PreparedStatement p, int i, LocalDate d) throws SQLException {
    if (d == null) {
      p.setNull(i, Types.DATE);
    } else {
      p.setObject(i, d);
    }
  }

  static LocalDate getDate(ResultSet r, String column) throws SQLException {
    return r.getObject(column, LocalDate.class);
  }

  static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
    if (v == null) {
      p.setNull(i, Types.INTEGER);
    } else {
      p.setInt(i, v);
    }
  }

  static Array array(Connection c, List<String> values) throws SQLException {
    return c.createArrayOf("VARCHAR", values.toArray());
  }

  static List<String> list(ResultSet r, String column) throws SQLException {
    Array a = r.getArray(column);
    List<String> out = new ArrayList<>();
    if (a != null) {
      for (Object o : (Object[]) a.getArray()) {
        out.add(String.valueOf(o));
      }
    }
    return List.copyOf(out);
  }
}
