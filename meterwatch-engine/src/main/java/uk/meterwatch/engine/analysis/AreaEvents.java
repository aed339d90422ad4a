package uk.meterwatch.engine.analysis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/** The areas' network events (the area_events file), e.g. 3G_SUNSET. */
public final class AreaEvents {
  private AreaEvents() {}

  /**
   * Each area with the event, and the date it took effect: the earliest effective_on of the area's
   * rows of that event (an event named case-insensitively).
   */
  public static Map<String, LocalDate> read(Store store, String event) {
    Map<String, LocalDate> out = new TreeMap<>();
    try (PreparedStatement p =
        store
            .connection()
            .prepareStatement(
                "SELECT area, min(effective_on) FROM area_events WHERE upper(event) = upper(?)"
                    + " GROUP BY area ORDER BY area")) {
      p.setString(1, event);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getObject(2, LocalDate.class));
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the area events: " + e.getMessage(), e);
    }
    return out;
  }
}
