package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.architecture.ComponentTally;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.time.ReportingMonth;

class IncidentMapQueryTest {
  private final RegistersFixture f = new RegistersFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static long us(String t) {
    return Values.micros(Instant.parse(t));
  }

  private void incident(
      String id, String opened, String resolved, String components, String services, String cause)
      throws SQLException {
    try (PreparedStatement p =
        f.store
            .connection()
            .prepareStatement(
                "INSERT INTO incidents VALUES (?, 2, 't', ?, ?, string_split(?, ';'),"
                    + " list_filter(string_split(?, ';'), x -> x <> ''), ?, NULL, false, true, 1, 1)")) {
      p.setString(1, id);
      p.setLong(2, us(opened));
      p.setLong(3, us(resolved));
      p.setString(4, components);
      p.setString(5, services);
      p.setString(6, cause);
      p.executeUpdate();
    }
  }

  private void outage(String service, String start, String end, boolean planned, String incident)
      throws SQLException {
    try (PreparedStatement p =
        f.store.connection().prepareStatement("INSERT INTO outages VALUES (?, ?, ?, ?, ?, 1, 1)")) {
      p.setString(1, service);
      p.setLong(2, us(start));
      p.setLong(3, us(end));
      p.setBoolean(4, planned);
      p.setString(5, incident);
      p.executeUpdate();
    }
  }

  @Test
  void tallliesIncidentsAndOutageMinutesPerComponentByCauseClass() throws SQLException {
    // The 20 Aug outage: 06:10 to 12:40 BST, two overlapping outage rows = 390 minutes once.
    incident(
        "A",
        "2023-08-20T05:10:00Z",
        "2023-08-20T11:40:00Z",
        "DSP_ROUTER;DSP",
        "DUIS;SSI",
        "ARCHITECTURE");
    outage("SSI", "2023-08-20T05:10:00Z", "2023-08-20T11:40:00Z", false, "A");
    outage("DUIS", "2023-08-20T05:10:00Z", "2023-08-20T11:00:00Z", false, "A");
    // Human error on CSP North hitting meters (ESME is an alias of the devices box); no outage.
    incident("B", "2023-08-05T10:00:00Z", "2023-08-05T12:00:00Z", "CSP-N;ESME", "", "HUMAN_ERROR");
    // SSI incident from 23:00 BST 31 July to 00:30 BST 1 August: 30 minutes fall in August.
    incident("C", "2023-07-31T22:00:00Z", "2023-07-31T23:30:00Z", "SSI", "SSI", "OPERATIONAL");
    // A component the model does not know, no cause class.
    incident("D", "2023-08-10T00:00:00Z", "2023-08-10T01:00:00Z", "MYSTERY", "", null);
    // September: outside the period.
    incident("E", "2023-09-01T00:00:00Z", "2023-09-01T01:00:00Z", "DSP", "SSI", "ARCHITECTURE");
    // An unplanned outage with no incident, and planned maintenance (not on the map).
    outage("SMKI_REPO", "2023-08-12T10:00:00Z", "2023-08-12T10:10:00Z", false, null);
    outage("SSI", "2023-08-13T01:00:00Z", "2023-08-13T02:00:00Z", true, null);

    IncidentMap map =
        new IncidentMapQuery(f.store)
            .run(
                ArchitectureModel.defaults(),
                ReportingMonth.of(2023, 8),
                ReportingMonth.of(2023, 8));

    for (String c : List.of("DSP_ROUTER", "DSP", "DUIS")) {
      ComponentTally t = map.tally(c);
      assertThat(t.incidents())
          .as(c)
          .containsExactly(java.util.Map.entry(CauseClass.ARCHITECTURE, 1L));
      assertThat(t.outageMinutes())
          .as(c)
          .containsExactly(java.util.Map.entry(CauseClass.ARCHITECTURE, 390L));
    }
    ComponentTally ssi = map.tally("SSI");
    assertThat(ssi.incidents(CauseClass.ARCHITECTURE)).isEqualTo(1);
    assertThat(ssi.incidents(CauseClass.OPERATIONAL)).isEqualTo(1);
    assertThat(ssi.minutes(CauseClass.OPERATIONAL)).isEqualTo(30);
    assertThat(ssi.incidentCount()).isEqualTo(2);
    assertThat(ssi.minutes()).isEqualTo(420);
    assertThat(map.tally("CSP-N").incidents(CauseClass.HUMAN_ERROR)).isEqualTo(1);
    assertThat(map.tally("CSP-N").minutes()).isZero();
    assertThat(map.tally("DEVICES").incidents(CauseClass.HUMAN_ERROR)).isEqualTo(1);
    assertThat(map.tally("SMKI_REPO").incidentCount()).isZero();
    assertThat(map.tally("SMKI_REPO").minutes(CauseClass.UNKNOWN)).isEqualTo(10);
    assertThat(map.tally("CSP-C").isEmpty()).isTrue();
    assertThat(map.unplaced()).containsOnlyKeys("MYSTERY");
    assertThat(map.unplaced().get("MYSTERY").incidents(CauseClass.UNKNOWN)).isEqualTo(1);
    // Totals count each incident once.
    assertThat(map.totals().incidents())
        .containsEntry(CauseClass.ARCHITECTURE, 1L)
        .containsEntry(CauseClass.HUMAN_ERROR, 1L)
        .containsEntry(CauseClass.OPERATIONAL, 1L)
        .containsEntry(CauseClass.UNKNOWN, 1L);
    assertThat(map.totals().minutes()).isEqualTo(390 + 30 + 10);

    IncidentMap sept =
        new IncidentMapQuery(f.store)
            .run(
                ArchitectureModel.defaults(),
                ReportingMonth.of(2023, 9),
                ReportingMonth.of(2023, 9));
    assertThat(sept.tally("DSP").incidents(CauseClass.ARCHITECTURE)).isEqualTo(1);
    assertThat(sept.tally("SSI").minutes()).isEqualTo(60);
  }

  @Test
  void unionCountsOverlapsOnce() {
    assertThat(
            IncidentMapQuery.unionMicros(
                List.of(
                    new long[] {0, 10},
                    new long[] {5, 20},
                    new long[] {30, 40},
                    new long[] {7, 8})))
        .isEqualTo(30);
  }
}
