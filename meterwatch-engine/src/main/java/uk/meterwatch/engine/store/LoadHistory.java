package uk.meterwatch.engine.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** Every file loaded into a store, newest first: the {@code loads} table as users read it. */
public final class LoadHistory {
  private LoadHistory() {}

  /** One loaded file. */
  public record Load(
      long loadId,
      String file,
      String kind,
      String format,
      String sha256,
      long sizeBytes,
      Instant loadedAt,
      long read,
      long loaded,
      long duplicates,
      long quarantined) {
    /** As the API answers it ({@code GET /api/v1/loads}). */
    public Map<String, Object> toMap() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("load_id", loadId);
      m.put("file", file);
      m.put("kind", kind);
      m.put("format", format);
      m.put("sha256", sha256);
      m.put("size_bytes", sizeBytes);
      m.put("loaded_at", loadedAt.toString());
      m.put("read", read);
      m.put("loaded", loaded);
      m.put("duplicates", duplicates);
      m.put("quarantined", quarantined);
      return m;
    }
  }

  /** At most {@code limit} loads, newest first. */
  public static List<Load> list(Store store, int limit) {
    List<Load> out = new ArrayList<>();
    try (PreparedStatement s =
        store
            .connection()
            .prepareStatement(
                "SELECT load_id, file_name, kind, format, sha256, size_bytes, loaded_at_us,"
                    + " rows_read, rows_loaded, rows_duplicate, rows_quarantined FROM loads"
                    + " ORDER BY load_id DESC LIMIT ?")) {
      s.setInt(1, limit);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          long us = rs.getLong(7);
          out.add(
              new Load(
                  rs.getLong(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getLong(6),
                  Instant.ofEpochSecond(us / 1_000_000, (us % 1_000_000) * 1000),
                  rs.getLong(8),
                  rs.getLong(9),
                  rs.getLong(10),
                  rs.getLong(11)));
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
    return out;
  }
}
