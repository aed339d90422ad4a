package uk.meterwatch.engine.pmr;

import java.sql.Array;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Incidents and outages, read once: both are small (hundreds of rows a month), so their
 * calculations run in Java, where interval arithmetic is plain.
 */
public final class OperationalRecords {
  /** An incident as last loaded (a later load of the same id replaces the earlier one). */
  public record Incident(
      String id,
      int category,
      String title,
      long openedUs,
      Long resolvedUs,
      List<String> services,
      boolean dccResponsible) {}

  public record Outage(
      String service, long startUs, long endUs, boolean planned, String incidentId) {}

  final List<Incident> incidents;
  final List<Outage> outages;

  private OperationalRecords(List<Incident> incidents, List<Outage> outages) {
    this.incidents = List.copyOf(incidents);
    this.outages = List.copyOf(outages);
  }

  /** Records another engine read (each incident as loaded last). */
  public static OperationalRecords of(List<Incident> incidents, List<Outage> outages) {
    return new OperationalRecords(incidents, outages);
  }

  static OperationalRecords read(DeviceQueries db) {
    List<Incident> incidents = new ArrayList<>();
    db.query(
        "SELECT incident_id, category, title, opened_us, resolved_us, services, dcc_responsible"
            + " FROM incidents QUALIFY row_number() OVER (PARTITION BY incident_id"
            + " ORDER BY load_id DESC, line DESC) = 1 ORDER BY opened_us, incident_id",
        List.of(),
        r -> {
          long resolved = r.getLong(5);
          Long resolvedUs = r.wasNull() ? null : resolved;
          incidents.add(
              new Incident(
                  r.getString(1),
                  r.getInt(2),
                  r.getString(3),
                  r.getLong(4),
                  resolvedUs,
                  strings(r.getArray(6)),
                  r.getBoolean(7)));
        });
    List<Outage> outages = new ArrayList<>();
    db.query(
        "SELECT service, start_us, end_us, planned, incident_id FROM outages ORDER BY start_us",
        List.of(),
        r ->
            outages.add(
                new Outage(
                    r.getString(1), r.getLong(2), r.getLong(3), r.getBoolean(4), r.getString(5))));
    return new OperationalRecords(incidents, outages);
  }

  /** Incident ids that some outage row refers to. */
  Set<String> incidentsWithOutageRows() {
    Set<String> ids = new HashSet<>();
    for (Outage o : outages) {
      if (o.incidentId() != null) {
        ids.add(o.incidentId());
      }
    }
    return ids;
  }

  private static List<String> strings(Array array) throws java.sql.SQLException {
    if (array == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (Object o : (Object[]) array.getArray()) {
      if (o != null) {
        out.add(o.toString());
      }
    }
    return out;
  }
}
