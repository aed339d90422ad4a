package uk.meterwatch.engine.store;

import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import uk.meterwatch.core.csv.CsvWriter;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** Reads the quarantine: rows that broke the contract, with file, line and reason. */
public final class Quarantine {
  private final Store store;

  public Quarantine(Store store) {
    this.store = store;
  }

  /** What to select; null fields select everything. */
  public record Filter(Long loadId, String file, String kind, String reasonContains) {}

  /** One quarantined row. */
  public record Row(
      long loadId, String file, String kind, long line, String reason, String rowJson) {}

  public long count(Filter filter) {
    try (PreparedStatement p = prepare("SELECT count(*) FROM quarantine", filter, "")) {
      try (ResultSet r = p.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the quarantine: " + e.getMessage(), e);
    }
  }

  /** Streams matching rows, in load, file and line order. */
  public void list(Filter filter, long limit, Consumer<Row> sink) {
    try (PreparedStatement p =
        prepare(
            "SELECT load_id, file, kind, line, reason, row_json FROM quarantine",
            filter,
            " ORDER BY load_id, file, line LIMIT "
                + Math.max(0, Math.min(limit, Long.MAX_VALUE / 2)))) {
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          sink.accept(
              new Row(
                  r.getLong(1),
                  r.getString(2),
                  r.getString(3),
                  r.getLong(4),
                  r.getString(5),
                  r.getString(6)));
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the quarantine: " + e.getMessage(), e);
    }
  }

  /**
   * Writes matching rows as CSV (load_id, file, kind, line, reason, row), safe to open in a
   * spreadsheet ({@link CsvWriter}); returns the count.
   */
  public long exportCsv(Filter filter, Writer out) {
    long[] n = {0};
    try {
      CsvWriter csv = new CsvWriter(out);
      csv.row("load_id", "file", "kind", "line", "reason", "row");
      list(
          filter,
          Long.MAX_VALUE,
          row -> {
            csv.row(row.loadId(), row.file(), row.kind(), row.line(), row.reason(), row.rowJson());
            n[0]++;
          });
      csv.flush();
    } catch (UncheckedIOException e) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "cannot write the export: " + e.getMessage(), e);
    }
    return n[0];
  }

  private PreparedStatement prepare(String select, Filter filter, String tail) throws SQLException {
    List<String> where = new ArrayList<>();
    List<Object> params = new ArrayList<>();
    if (filter.loadId() != null) {
      where.add("load_id = ?");
      params.add(filter.loadId());
    }
    if (filter.file() != null) {
      where.add("file = ?");
      params.add(filter.file());
    }
    if (filter.kind() != null) {
      where.add("kind = ?");
      params.add(filter.kind());
    }
    if (filter.reasonContains() != null) {
      where.add("contains(reason, ?)");
      params.add(filter.reasonContains());
    }
    String sql = select + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + tail;
    PreparedStatement p = store.connection().prepareStatement(sql);
    for (int i = 0; i < params.size(); i++) {
      p.setObject(i + 1, params.get(i));
    }
    return p;
  }
}
