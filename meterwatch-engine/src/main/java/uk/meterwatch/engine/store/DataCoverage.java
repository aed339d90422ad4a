package uk.meterwatch.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/** How much data a report stands on: every load's rows, and a month's requests and gaps. */
public final class DataCoverage {
  private DataCoverage() {}

  /**
   * Every load of the store, from the {@code loads} table.
   *
   * @param loads files loaded
   * @param rowsLoaded rows those loads inserted
   * @param rowsQuarantined rows those loads quarantined
   */
  public record Loads(long loads, long rowsLoaded, long rowsQuarantined) {}

  /**
   * A month's traffic.
   *
   * @param requests service requests received in the month
   * @param gaps every UK day of the month with no service request, in order
   */
  public record Month(long requests, List<LocalDate> gaps) {
    public Month {
      gaps = List.copyOf(gaps);
    }
  }

  public static Loads loads(Store store) {
    try (PreparedStatement s =
            store
                .connection()
                .prepareStatement(
                    "SELECT count(*), coalesce(sum(rows_loaded), 0),"
                        + " coalesce(sum(rows_quarantined), 0) FROM loads");
        ResultSet rs = s.executeQuery()) {
      rs.next();
      return new Loads(rs.getLong(1), rs.getLong(2), rs.getLong(3));
    } catch (SQLException e) {
      throw storeError(e);
    }
  }

  public static Month month(Store store, ReportingMonth month) {
    long requests = 0;
    Set<LocalDate> days = new TreeSet<>();
    Connection c = store.connection();
    // Distinct hours first (at most 745 rows), then UK days in Java: exact across clock changes.
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT received_us // 3600000000 AS h, count(*) FROM service_requests"
                + " WHERE received_us >= ? AND received_us < ? GROUP BY h")) {
      s.setLong(1, month.startMicros());
      s.setLong(2, month.endMicros());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          days.add(
              Instant.ofEpochSecond(rs.getLong(1) * 3600).atZone(ReportingMonth.UK).toLocalDate());
          requests += rs.getLong(2);
        }
      }
    } catch (SQLException e) {
      throw storeError(e);
    }
    List<LocalDate> gaps = new ArrayList<>();
    for (LocalDate d = month.firstDay(); d.isBefore(month.next().firstDay()); d = d.plusDays(1)) {
      if (!days.contains(d)) {
        gaps.add(d);
      }
    }
    return new Month(requests, gaps);
  }

  private static MeterwatchException storeError(SQLException e) {
    return new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
  }
}
