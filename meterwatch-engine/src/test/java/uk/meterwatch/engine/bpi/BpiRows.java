package uk.meterwatch.engine.bpi;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.RequestOutcomes;
import uk.meterwatch.engine.store.Store;

/** Inserts tiny hand-made rows into the V001 tables of a store (tests only). */
public final class BpiRows {
  private final Store store;
  private long line;

  public BpiRows(Store store) {
    this.store = store;
  }

  public BpiRows request(String id, String user, String srv, String device, Instant received) {
    return run(
        "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us, load_id,"
            + " line, certificate_owner) VALUES (?, ?, ?, ?, ?, 1, ?, (SELECT certificate_owner"
            + " FROM devices WHERE device_id = ? ORDER BY load_id DESC, line DESC LIMIT 1))",
        id,
        user,
        srv,
        device,
        ReportingMonth.micros(received),
        ++line,
        device);
  }

  /** A RESPONSE row (kind ACK when the code is I99). */
  public BpiRows response(String id, Instant sent, String code) {
    return run(
        "INSERT INTO service_responses (request_id, sent_us, code, kind, load_id, line)"
            + " VALUES (?, ?, ?, ?, 2, ?)",
        id,
        ReportingMonth.micros(sent),
        code,
        "I99".equals(code) ? "ACK" : "RESPONSE",
        ++line);
  }

  /** A device; its requests already here take its certificate owner, as the loader does. */
  public BpiRows device(String device, String certificateOwner) {
    run(
        "INSERT INTO devices (device_id, device_type, smets, provider, certificate_owner, load_id,"
            + " line) VALUES (?, 'ESME', 2, 'CSP-N', ?, 3, ?)",
        device,
        certificateOwner,
        ++line);
    return run(
        "UPDATE service_requests SET certificate_owner = ? WHERE device_id = ?",
        certificateOwner,
        device);
  }

  public BpiRows user(String user, String organisation) {
    return run(
        "INSERT INTO users (user_id, organisation, load_id, line) VALUES (?, ?, 4, ?)",
        user,
        organisation,
        ++line);
  }

  private BpiRows run(String sql, Object... values) {
    try (PreparedStatement p = store.connection().prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        p.setObject(i + 1, values[i]);
      }
      p.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    if (sql.contains("service_re")) {
      // The loader keeps each request's outcome; rows inserted by hand get it recomputed.
      RequestOutcomes.rebuild(store);
    }
    return this;
  }
}
