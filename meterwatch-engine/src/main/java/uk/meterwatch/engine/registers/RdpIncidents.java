package uk.meterwatch.engine.registers;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * The Registration Data Providers' incidents (the contract's extension kind {@code rdp_incidents}):
 * what the SEC Panel's RDP report counts, those opened and those closed in the month.
 */
public final class RdpIncidents {
  /** One RDP incident; {@code resolvedAt} null while open. */
  public record RdpIncident(
      String id, String rdp, String title, Instant openedAt, Instant resolvedAt) {}

  /**
   * A month's report.
   *
   * @param opened opened in the month (UK time)
   * @param closed resolved in the month, whenever opened
   * @param openAtEnd still open at the month's end (as of the report's date)
   */
  public record Report(
      ReportingMonth month,
      List<RdpIncident> opened,
      List<RdpIncident> closed,
      List<RdpIncident> openAtEnd) {}

  private final Store store;

  public RdpIncidents(Store store) {
    this.store = store;
  }

  /**
   * The month's report as known at {@code asOf} (exclusive): an incident opened later is not in it,
   * one resolved later was still open.
   */
  public Report report(ReportingMonth month, Instant asOf) {
    List<RdpIncident> all = new ArrayList<>();
    Tx.read(
        store,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT incident_id, rdp, title, opened_us, resolved_us FROM rdp_incidents"
                      + " WHERE opened_us < ? ORDER BY opened_us, incident_id")) {
            p.setLong(1, Values.micros(asOf));
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                Instant resolved = Values.getInstant(r, "resolved_us");
                if (resolved != null && !resolved.isBefore(asOf)) {
                  resolved = null;
                }
                all.add(
                    new RdpIncident(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        Values.getInstant(r, "opened_us"),
                        resolved));
              }
            }
          }
          return null;
        });
    Instant start = month.start();
    Instant end = month.end();
    List<RdpIncident> opened = new ArrayList<>();
    List<RdpIncident> closed = new ArrayList<>();
    List<RdpIncident> open = new ArrayList<>();
    for (RdpIncident i : all) {
      if (!i.openedAt().isBefore(start) && i.openedAt().isBefore(end)) {
        opened.add(i);
      }
      if (i.resolvedAt() != null
          && !i.resolvedAt().isBefore(start)
          && i.resolvedAt().isBefore(end)) {
        closed.add(i);
      }
      if (i.openedAt().isBefore(end) && (i.resolvedAt() == null || !i.resolvedAt().isBefore(end))) {
        open.add(i);
      }
    }
    return new Report(month, opened, closed, open);
  }
}
