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
    return futureDated(id, user, srv, device, received, null);
  }

  /** A request with an execute_at (null: none); it takes its device's owner and provider. */
  public BpiRows futureDated(
      String id, String user, String srv, String device, Instant received, Instant execute) {
    return run(
        "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us,"
            + " execute_us, load_id, line, certificate_owner, provider) VALUES (?, ?, ?, ?, ?, ?,"
            + " 1, ?, (SELECT certificate_owner FROM devices WHERE device_id = ? ORDER BY load_id"
            + " DESC, line DESC LIMIT 1), (SELECT provider FROM devices WHERE device_id = ? ORDER"
            + " BY load_id DESC, line DESC LIMIT 1))",
        id,
        user,
        srv,
        device,
        ReportingMonth.micros(received),
        execute == null ? null : ReportingMonth.micros(execute),
        ++line,
        device,
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
    return device(device, certificateOwner, 2, "CSP-N", null);
  }

  /**
   * A device of a SMETS generation, provider and cohort (null: none); its requests already here
   * take its certificate owner and provider, as the loader does.
   */
  public BpiRows device(
      String device, String certificateOwner, int smets, String provider, String cohort) {
    run(
        "INSERT INTO devices (device_id, device_type, smets, provider, certificate_owner, cohort,"
            + " load_id, line) VALUES (?, 'ESME', ?, ?, ?, ?, 3, ?)",
        device,
        smets,
        provider,
        certificateOwner,
        cohort,
        ++line);
    return run(
        "UPDATE service_requests SET certificate_owner = ?, provider = ? WHERE device_id = ?",
        certificateOwner,
        provider,
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
