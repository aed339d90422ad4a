package uk.meterwatch.engine.pmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.store.RequestOutcomes;
import uk.meterwatch.engine.store.ResponseTimeCube;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * The response-time cube the loader keeps gives the same report as scanning the requests, on
 * hand-computed edges: a delay of exactly the target and one microsecond over, a response before
 * execute_at, no response, a critical SRV, a device with no provider, the October clock change,
 * responses loaded after their requests, a device moved to another provider.
 */
class ResponseTimeCubeTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-15T00:00:00Z"), ZoneOffset.UTC);
  private static final ReportingMonth OCT = ReportingMonth.of(2023, 10);
  private static final ReportingMonth NOV = ReportingMonth.of(2023, 11);

  @TempDir Path dir;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void load(String folder, String file, String... lines) {
    Path drop = dir.resolve(folder);
    Drops.write(drop, file, lines);
    new DropLoader(store).load(drop);
  }

  private PerformanceReport report(ReportingMonth month, boolean summary) {
    return new PerformanceMeasurement(
            store, RuleBook.standard(), SrvCatalogue.standard(), CLOCK, summary)
        .report(month);
  }

  private static List<String> lines(PerformanceReport r, String... ids) {
    List<String> wanted = List.of(ids);
    return r.measures().stream()
        .filter(m -> wanted.contains(m.id()))
        .map(m -> m.label() + " " + m.within() + "/" + m.population() + " " + m.status())
        .toList();
  }

  private void assertSameBothWays(ReportingMonth month) {
    assertThat(report(month, true).measures()).isEqualTo(report(month, false).measures());
  }

  private boolean current(ReportingMonth month) throws SQLException {
    return ResponseTimeCube.isCurrent(store.connection(), month);
  }

  @Test
  void theCubeGivesTheScansReportOnHandComputedEdges() throws SQLException {
    load(
        "d1",
        "devices.csv",
        "device_id,device_type,smets,provider",
        "D1,ESME,2,CSP-N",
        "D2,ESME,2,CSP-C");
    // October 2023 in UK time: 2023-09-30T23:00Z to 2023-10-31T23:59:59Z (clocks go back on the
    // 29th: 745 hours).
    load(
        "d2",
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at,execute_at",
        "R1,U1,2.2,D1,2023-09-30T23:00:00Z,", // first instant of October
        "R2,U1,2.2,D1,2023-10-10T10:00:00Z,",
        "R3,U1,1.1.1,D2,2023-10-10T10:00:00Z,", // critical: 60 s
        "R4,U1,2.2,D9,2023-10-29T01:30:00Z,", // the repeated hour; device unknown: ALL only
        "R5,U1,2.2,D2,2023-10-31T23:59:59.999999Z,", // last instant of October
        "R6,U1,2.2,D1,2023-10-12T10:00:00Z,2023-10-20T10:00:00Z", // future dated
        "R7,U1,2.2,D1,2023-10-12T10:00:00Z,2023-10-31T23:59:50Z", // executes in October
        "R8,U1,2.2,D2,2023-10-31T23:00:00Z,2023-11-01T00:00:10Z"); // executes in November
    load(
        "d3",
        "service_responses.csv",
        "request_id,sent_at,code",
        "R1,2023-09-30T23:00:30Z,I0", // exactly 30 s: within, success
        "R2,2023-10-10T10:00:30.000001Z,I0", // 1 us over: not within
        "R3,2023-10-10T10:01:00Z,E21", // 60 s on a critical SRV: within, not a success
        "R4,2023-10-29T01:30:05Z,I0",
        "R6,2023-10-20T09:59:00Z,I0", // before execute_at: within
        "R7,2023-11-01T00:00:21Z,I0", // 31 s after execute_at, in November: not within
        "R8,2023-11-01T00:00:40Z,I0"); // 30 s after execute_at: within (CPM2 of November)
    // R5 has no response: not within.
    assertThat(current(OCT)).isTrue();
    assertThat(current(NOV)).isTrue();
    assertThat(lines(report(OCT, true), "CPM1", "CPM1-S", "CPM2"))
        .containsExactly(
            "CPM1 3/5 BELOW_MINIMUM",
            "CPM1 CSP-C 1/2 BELOW_MINIMUM",
            "CPM1 CSP-N 1/2 BELOW_MINIMUM",
            "CPM1-S 2/5 BELOW_MINIMUM",
            "CPM1-S CSP-C 0/2 BELOW_MINIMUM",
            "CPM1-S CSP-N 1/2 BELOW_MINIMUM",
            "CPM2 1/2 BELOW_MINIMUM",
            "CPM2 CSP-N 1/2 BELOW_MINIMUM");
    assertThat(lines(report(NOV, true), "CPM2"))
        .containsExactly("CPM2 1/1 TARGET_MET", "CPM2 CSP-C 1/1 TARGET_MET");
    assertSameBothWays(OCT);
    assertSameBothWays(NOV);

    // A late response for R5 (in November) and D2 moving to CSP-S: both months follow.
    load("d4", "service_responses_2.csv", "request_id,sent_at,code", "R5,2023-11-01T00:00:10Z,I0");
    load("d5", "devices_2.csv", "device_id,device_type,smets,provider", "D2,ESME,2,CSP-S");
    assertThat(current(OCT)).isTrue();
    assertThat(lines(report(OCT, true), "CPM1"))
        .containsExactly(
            "CPM1 4/5 BELOW_MINIMUM", "CPM1 CSP-N 1/2 BELOW_MINIMUM", "CPM1 CSP-S 2/2 TARGET_MET");
    assertSameBothWays(OCT);
    assertSameBothWays(NOV);
  }

  @Test
  void requestsWrittenOutsideALoadMakeThePmrScanAgain() throws SQLException {
    load(
        "d1",
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-10-10T10:00:00Z");
    assertThat(current(OCT)).isTrue();
    // Rows written by hand, then the outcomes recomputed outside a load: the cube is not trusted.
    new PmrRows(store).request("R2", "2.2", "D1", "2023-10-11T10:00:00Z", null);
    RequestOutcomes.rebuild(store);
    assertThat(current(OCT)).isFalse();
    assertThat(lines(report(OCT, true), "CPM1")).containsExactly("CPM1 0/2 BELOW_MINIMUM");
    // A later load does not make a cube nobody kept current again.
    load(
        "d2",
        "service_requests_2.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R3,U1,2.2,D1,2023-10-12T10:00:00Z");
    assertThat(current(OCT)).isFalse();
    assertThat(lines(report(OCT, true), "CPM1")).containsExactly("CPM1 0/3 BELOW_MINIMUM");
    // Rebuilding it (as the upgrade does) makes it whole and current again.
    try {
      ResponseTimeCube.rebuild(store.connection());
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    assertThat(current(OCT)).isTrue();
    assertSameBothWays(OCT);
  }
}
