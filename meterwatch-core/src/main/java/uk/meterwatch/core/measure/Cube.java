package uk.meterwatch.core.measure;

import java.util.List;

/**
 * The result of a {@link CubeQuery}: a small relation (a month's population grouped, or a few
 * hundred incidents), engine-agnostic. Values are Java's: String, Long, Integer, Boolean, and a
 * list column as a {@code List<String>}; null for SQL NULL.
 *
 * @param rows the rows, each its columns in the query's order
 */
public record Cube(List<Object[]> rows) {
  public Cube {
    rows = List.copyOf(rows);
  }

  public static String text(Object[] row, int column) {
    return (String) row[column];
  }

  public static long whole(Object[] row, int column) {
    return ((Number) row[column]).longValue();
  }

  /** A whole number or null. */
  public static Long wholeOrNull(Object[] row, int column) {
    return row[column] == null ? null : ((Number) row[column]).longValue();
  }

  /** A boolean; null (SQL NULL) is false. */
  public static boolean flag(Object[] row, int column) {
    return Boolean.TRUE.equals(row[column]);
  }

  @SuppressWarnings("unchecked")
  public static List<String> texts(Object[] row, int column) {
    return row[column] == null ? List.of() : (List<String>) row[column];
  }
}
