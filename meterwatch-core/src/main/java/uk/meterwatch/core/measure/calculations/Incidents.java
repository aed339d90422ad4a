package uk.meterwatch.core.measure.calculations;

import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;

/**
 * The incidents as last loaded (a later load of an id replaces the earlier one), read by the
 * incident and availability calculations: small (hundreds of rows), so their arithmetic runs in
 * Java. One query text, so a report reads them once.
 */
final class Incidents {
  /** An incident's latest version. */
  record Incident(
      String id,
      int category,
      String title,
      long openedUs,
      Long resolvedUs,
      List<String> services,
      boolean dccResponsible) {}

  static final CubeQuery QUERY =
      CubeQuery.of(
          "SELECT incident_id, category, title, opened_us, resolved_us, services,"
              + " dcc_responsible FROM (SELECT incident_id, category, title, opened_us,"
              + " resolved_us, services, dcc_responsible, row_number() OVER (PARTITION BY"
              + " incident_id ORDER BY load_id DESC, line DESC) AS version FROM ${incidents})"
              + " latest WHERE version = 1 ORDER BY opened_us, incident_id");

  private Incidents() {}

  static List<Incident> of(Cube cube) {
    List<Incident> out = new ArrayList<>();
    for (Object[] r : cube.rows()) {
      out.add(
          new Incident(
              Cube.text(r, 0),
              (int) Cube.whole(r, 1),
              Cube.text(r, 2),
              Cube.whole(r, 3),
              Cube.wholeOrNull(r, 4),
              Cube.texts(r, 5),
              Cube.flag(r, 6)));
    }
    return out;
  }
}
