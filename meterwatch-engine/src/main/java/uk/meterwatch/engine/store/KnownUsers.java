package uk.meterwatch.engine.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** Every user_id a store knows: what a document that names no User must replace. */
public final class KnownUsers {
  private KnownUsers() {}

  /** From the users table, the user_id of requests and alerts, and certificate owners; sorted. */
  public static Set<String> of(Store store) {
    Set<String> ids = new TreeSet<>();
    String sql =
        "SELECT user_id FROM users UNION SELECT DISTINCT user_id FROM service_requests"
            + " UNION SELECT DISTINCT user_id FROM alerts"
            + " UNION SELECT DISTINCT certificate_owner FROM devices WHERE certificate_owner IS NOT NULL";
    try (PreparedStatement s = store.connection().prepareStatement(sql);
        ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
    return ids;
  }
}
