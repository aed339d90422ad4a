package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;
import uk.meterwatch.engine.testing.StoreQueries;

/** The incident trend by category, the map from a given list, and the RDP incidents' report. */
class IncidentsOverTimeTest {
  private final Store store = Store.inMemory();

  @TempDir Path dir;

  @AfterEach
  void close() {
    store.close();
  }

  private static Incident incident(
      String id, int category, String opened, String resolved, List<String> on, boolean major) {
    return new Incident(
        id,
        category,
        id,
        Instant.parse(opened),
        resolved == null ? null : Instant.parse(resolved),
        on,
        List.of(),
        CauseClass.ARCHITECTURE,
        null,
        major,
        true);
  }

  @Test
  void theTrendCountsIncidentsOpenedEachUkMonthByCategory() {
    List<ReportingMonth> months =
        List.of(ReportingMonth.of(2023, 6), ReportingMonth.of(2023, 7), ReportingMonth.of(2023, 8));
    List<Incident> incidents =
        List.of(
            incident("A", 1, "2023-07-06T09:20:00Z", null, List.of(), true),
            incident("B", 2, "2023-07-18T07:00:00Z", null, List.of(), false),
            // 31 July 23:30 UTC is 1 August 00:30 BST: August
            incident("C", 2, "2023-07-31T23:30:00Z", null, List.of(), false),
            incident("D", 1, "2023-08-20T05:10:00Z", null, List.of(), true),
            incident("E", 4, "2023-05-31T23:30:00Z", null, List.of(), false), // 1 June BST
            incident("F", 3, "2023-05-31T22:30:00Z", null, List.of(), false)); // 31 May: out
    IncidentTrend t = IncidentTrend.of(incidents, months);
    assertThat(t.byCategory().keySet()).containsExactly(1, 2, 4);
    assertThat(t.byCategory().get(1)).containsExactly(0L, 1L, 1L);
    assertThat(t.byCategory().get(2)).containsExactly(0L, 1L, 1L);
    assertThat(t.byCategory().get(4)).containsExactly(1L, 0L, 0L);
    assertThat(t.of(ReportingMonth.of(2023, 7), 1, 2) + t.of(ReportingMonth.of(2023, 8), 1, 2))
        .isEqualTo(4);
    assertThat(t.total(ReportingMonth.of(2023, 6))).isEqualTo(1);
  }

  @Test
  void theMapCountsTheGivenIncidentsUnderTheCauseGivenOpenInThePeriod() {
    ArchitectureModel model = ArchitectureModel.defaults();
    List<Incident> incidents =
        List.of(
            incident(
                "MAJOR",
                1,
                "2023-08-20T05:10:00Z",
                "2023-08-20T11:40:00Z",
                List.of("DSP_ROUTER"),
                true),
            incident(
                "MINOR",
                3,
                "2023-03-01T10:00:00Z",
                "2023-03-01T12:00:00Z",
                List.of("DSP_ROUTER"),
                false),
            incident(
                "BEFORE",
                3,
                "2022-08-01T10:00:00Z",
                "2022-08-01T12:00:00Z",
                List.of("DSP_ROUTER"),
                false),
            incident("LONG", 3, "2022-08-25T10:00:00Z", null, List.of("NOWHERE"), false));
    IncidentMap map =
        new IncidentMapQuery(store)
            .run(
                model,
                ReportingMonth.of(2022, 9),
                ReportingMonth.of(2023, 8),
                incidents,
                i -> i.major() ? CauseClass.NOT_YET_ESTABLISHED : i.causeClass());
    var router = map.tally(model.find("DSP_ROUTER").orElseThrow().id());
    assertThat(router.incidentCount()).isEqualTo(2);
    assertThat(router.incidents(CauseClass.NOT_YET_ESTABLISHED)).isEqualTo(1);
    assertThat(router.incidents(CauseClass.ARCHITECTURE)).isEqualTo(1);
    // an incident open since before the period counts: open at some time in it
    assertThat(map.unplaced()).containsKey("NOWHERE");
    assertThat(map.totals().incidentCount()).isEqualTo(3);
    assertThat(IncidentMapQuery.componentsOf(model, incidents.get(0)))
        .containsExactly(model.find("DSP_ROUTER").orElseThrow().id());
  }

  @Test
  void rdpIncidentsLoadAndAreCountedOpenedAndClosedInTheMonth() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "rdp_incidents.csv",
        "incident_id,rdp,title,opened_at,resolved_at",
        "R1,Electricity RDP,file rejected,2023-07-25T09:00:00Z,2023-08-08T15:00:00Z",
        "R2,Gas RDP,changes,2023-08-03T10:30:00Z,2023-08-21T12:00:00Z",
        "R3,Gas RDP,missing,2023-08-14T08:15:00Z,2023-09-05T16:00:00Z",
        // 31 August 23:30 UTC is 1 September BST: a September incident
        "R4,Gas RDP,late,2023-08-31T23:30:00Z,",
        "R5,Gas RDP,bad,2023-08-14T08:15:00Z,2023-08-01T16:00:00Z",
        "R6,,no rdp,2023-08-14T08:15:00Z,");
    LoadReport report = new DropLoader(store).load(drop);
    assertThat(report.files().get(0).loaded()).isEqualTo(4);
    assertThat(StoreQueries.rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .containsExactly("6|resolved_at is before opened_at", "7|missing required value: rdp");
    RdpIncidents rdp = new RdpIncidents(store);
    RdpIncidents.Report aug =
        rdp.report(ReportingMonth.of(2023, 8), Instant.parse("2023-10-20T23:00:00Z"));
    assertThat(aug.opened()).extracting(RdpIncidents.RdpIncident::id).containsExactly("R2", "R3");
    assertThat(aug.closed()).extracting(RdpIncidents.RdpIncident::id).containsExactly("R1", "R2");
    assertThat(aug.openAtEnd()).extracting(RdpIncidents.RdpIncident::id).containsExactly("R3");
    // as of 1 September 2023: R3 was still open, R4 not yet opened
    RdpIncidents.Report early =
        rdp.report(ReportingMonth.of(2023, 9), Instant.parse("2023-09-04T23:00:00Z"));
    assertThat(early.opened()).extracting(RdpIncidents.RdpIncident::id).containsExactly("R4");
    assertThat(early.closed()).isEmpty();
    assertThat(early.openAtEnd())
        .extracting(RdpIncidents.RdpIncident::id)
        .containsExactly("R3", "R4");
  }
}
