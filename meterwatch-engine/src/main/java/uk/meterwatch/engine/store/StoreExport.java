package uk.meterwatch.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Writes the store's data as Parquet for Apache Spark ({@code meterwatch export}, docs/spark.md):
 * the traffic of each month asked for in a partition of its own ({@code
 * service_requests/month=2023-08/data.parquet}, by received_at; responses by sent_at, alerts by
 * raised_at, each month in UK time), and the inventory and registers whole ({@code
 * devices/data.parquet}, ...), as the store holds them: instants as epoch microseconds, each
 * request with the outcome, provider and certificate owner the loader keeps.
 *
 * <p>A month exported again replaces its partition; the inventory and registers are rewritten by
 * every export (they are the store's current state).
 */
public final class StoreExport {
  /** A table of traffic and the instant column its months are cut by. */
  public record Traffic(String table, String timeColumn) {}

  /** The traffic tables, partitioned by month. */
  public static final List<Traffic> TRAFFIC =
      List.of(
          new Traffic("service_requests", "received_us"),
          new Traffic("service_responses", "sent_us"),
          new Traffic("alerts", "raised_us"));

  /** The approved exceptions' table (docs/measures.md): Spark's PMR applies them. */
  public static final String EXCEPTIONS = "approved_exceptions";

  /** The inventory and register tables, written whole. */
  public static final List<String> WHOLE =
      List.of(
          "devices",
          "users",
          "area_events",
          "incidents",
          "outages",
          "risks",
          "actions",
          "smki_requests",
          "modification_assessments",
          EXCEPTIONS);

  /** The name of the partition column (Hive style: {@code month=2023-08}). */
  public static final String MONTH = "month";

  /** What one export wrote: rows per table (traffic summed over the months). */
  public record Result(List<String> lines) {}

  private StoreExport() {}

  /** Exports the months from {@code first} to {@code last} (both included) into {@code out}. */
  public static Result export(Store store, ReportingMonth first, ReportingMonth last, Path out) {
    if (last.compareTo(first) < 0) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "the last month " + last + " is before the first " + first);
    }
    List<String> lines = new ArrayList<>();
    try {
      Files.createDirectories(out);
      for (Traffic t : TRAFFIC) {
        long rows = 0;
        for (ReportingMonth m = first; m.compareTo(last) <= 0; m = m.next()) {
          Path dir = out.resolve(t.table()).resolve(MONTH + "=" + m);
          Files.createDirectories(dir);
          rows +=
              copy(
                  store,
                  "SELECT * FROM "
                      + t.table()
                      + " WHERE "
                      + t.timeColumn()
                      + " >= ? AND "
                      + t.timeColumn()
                      + " < ? ORDER BY "
                      + t.timeColumn(),
                  dir.resolve("data.parquet"),
                  m.startMicros(),
                  m.endMicros());
        }
        lines.add(t.table() + ": " + rows + " rows");
      }
      for (String table : WHOLE) {
        Path dir = out.resolve(table);
        Files.createDirectories(dir);
        long rows = copy(store, "SELECT * FROM " + table, dir.resolve("data.parquet"));
        lines.add(table + ": " + rows + " rows");
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, "cannot write the export to " + out + ": " + e, e);
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot export the store to " + out + ": " + firstLine(e), e);
    }
    return new Result(lines);
  }

  /**
   * Writes a query's rows to one Parquet file (replacing it) and returns their number. The file
   * name is a literal in the statement (DuckDB binds no COPY target), quoted as a string.
   */
  private static long copy(Store store, String select, Path file, long... params)
      throws SQLException {
    String target = file.toAbsolutePath().toString().replace("'", "''");
    try (PreparedStatement p =
        store
            .connection()
            .prepareStatement(
                "COPY (" + select + ") TO '" + target + "' (FORMAT parquet, COMPRESSION zstd)")) {
      for (int i = 0; i < params.length; i++) {
        p.setLong(i + 1, params[i]);
      }
      // DuckDB counts the rows a COPY wrote as its update count.
      return p.executeUpdate();
    }
  }

  private static String firstLine(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }
}
