package uk.meterwatch.engine.pmr;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.RequestOutcomes;
import uk.meterwatch.engine.store.Store;

/**
 * Inserts hand-written rows into the V001 tables; times are ISO instants, e.g.
 * 2023-08-20T05:10:00Z.
 */
public final class PmrRows {
  private final Store store;
  private long line = 1;

  public PmrRows(Store store) {
    this.store = store;
  }

  public static long us(String iso) {
    return ReportingMonth.micros(Instant.parse(iso));
  }

  private static Long usOrNull(String iso) {
    return iso == null ? null : us(iso);
  }

  /** A device; its requests and alerts already here take its provider, as the loader does. */
  public PmrRows device(String id, String provider) {
    exec(
        "INSERT INTO devices (device_id, device_type, smets, provider, load_id, line)"
            + " VALUES (?, 'ESME', 2, ?, 1, ?)",
        id,
        provider,
        line++);
    exec("UPDATE service_requests SET provider = ? WHERE device_id = ?", provider, id);
    return exec("UPDATE alerts SET provider = ? WHERE device_id = ?", provider, id);
  }

  public PmrRows request(String id, String srv, String device, String received, String execute) {
    return exec(
        "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us,"
            + " execute_us, load_id, line, provider) VALUES (?, 'U1', ?, ?, ?, ?, 1, ?,"
            + " (SELECT provider FROM devices WHERE device_id = ?))",
        id,
        srv,
        device,
        us(received),
        usOrNull(execute),
        line++,
        device);
  }

  /** A response; its kind as the contract derives it: I99 is ACK, every other code RESPONSE. */
  public PmrRows response(String requestId, String sent, String code) {
    return exec(
        "INSERT INTO service_responses (request_id, sent_us, code, kind, load_id, line)"
            + " VALUES (?, ?, ?, ?, 1, ?)",
        requestId,
        us(sent),
        code,
        "I99".equals(code) ? "ACK" : "RESPONSE",
        line++);
  }

  public PmrRows alert(String id, String device, String raised, String delivered) {
    return exec(
        "INSERT INTO alerts (alert_id, device_id, user_id, alert_code, raised_us, delivered_us,"
            + " load_id, line, provider) VALUES (?, ?, 'U1', 'AD1', ?, ?, 1, ?,"
            + " (SELECT provider FROM devices WHERE device_id = ?))",
        id,
        device,
        us(raised),
        usOrNull(delivered),
        line++,
        device);
  }

  public PmrRows incident(
      String id, int category, String opened, String resolved, String services, boolean dcc) {
    String[] list = services == null || services.isEmpty() ? new String[0] : services.split(";");
    try (PreparedStatement ps =
        store
            .connection()
            .prepareStatement(
                "INSERT INTO incidents (incident_id, category, title, opened_us, resolved_us,"
                    + " components, services, major, dcc_responsible, load_id, line)"
                    + " VALUES (?, ?, ?, ?, ?, [], string_split(?, ';'), false, ?, 1, ?)")) {
      ps.setString(1, id);
      ps.setInt(2, category);
      ps.setString(3, "incident " + id);
      ps.setLong(4, us(opened));
      ps.setObject(5, usOrNull(resolved));
      ps.setString(6, String.join(";", Arrays.asList(list)));
      ps.setBoolean(7, dcc);
      ps.setLong(8, line++);
      ps.executeUpdate();
      if (list.length == 0) {
        exec("UPDATE incidents SET services = [] WHERE incident_id = ?", id);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return this;
  }

  public PmrRows outage(
      String service, String start, String end, boolean planned, String incidentId) {
    return exec(
        "INSERT INTO outages (service, start_us, end_us, planned, incident_id, load_id, line)"
            + " VALUES (?, ?, ?, ?, ?, 1, ?)",
        service,
        us(start),
        us(end),
        planned,
        incidentId,
        line++);
  }

  public PmrRows exec(String sql, Object... params) {
    try (PreparedStatement ps = store.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setObject(i + 1, params[i]);
      }
      ps.executeUpdate();
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
