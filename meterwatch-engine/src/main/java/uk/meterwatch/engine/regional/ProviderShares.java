package uk.meterwatch.engine.regional;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/** The pack's regional view until areas are analysed: success by the device's provider. */
public final class ProviderShares {
  private ProviderShares() {}

  /**
   * Percentage of service requests received in each month that have an I0 response, per provider
   * (sorted), one entry per month given (null for a month with no request of that provider).
   *
   * @param months consecutive months, oldest first
   */
  public static Map<String, List<Double>> i0Shares(Store store, List<ReportingMonth> months) {
    StringBuilder bucket = new StringBuilder("CASE");
    for (int i = 0; i < months.size(); i++) {
      bucket.append(" WHEN r.received_us < ? THEN ").append(i);
    }
    bucket.append(" END");
    // Each request carries its device's provider and its earliest I0 RESPONSE (kept by the
    // loader): one scan of the months' requests, no join.
    String sql =
        "SELECT r.provider, "
            + bucket
            + " AS mi, count(*), count(r.i0_us)"
            + " FROM service_requests r"
            + " WHERE r.provider IS NOT NULL AND r.received_us >= ? AND r.received_us < ?"
            + " GROUP BY ALL";
    Map<String, Double[]> shares = new TreeMap<>();
    try (PreparedStatement s = store.connection().prepareStatement(sql)) {
      int p = 1;
      for (ReportingMonth each : months) {
        s.setLong(p++, each.endMicros());
      }
      s.setLong(p++, months.get(0).startMicros());
      s.setLong(p, months.get(months.size() - 1).endMicros());
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          Double[] row = shares.computeIfAbsent(rs.getString(1), k -> new Double[months.size()]);
          row[rs.getInt(2)] = 100.0 * rs.getLong(4) / rs.getLong(3);
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
    Map<String, List<Double>> series = new LinkedHashMap<>();
    shares.forEach((k, v) -> series.put(k, Arrays.asList(v)));
    return series;
  }
}
