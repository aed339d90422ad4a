package uk.meterwatch.engine.pmr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
import uk.meterwatch.engine.store.ResponseTimeCube;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * Requests the DCC rejected (an error acknowledgement, like E65, and no RESPONSE) leave the request
 * measures' populations and are counted as {@code rejected} by default; {@code rejected_requests:
 * count_as_miss} keeps them as misses. A request acknowledged with an error and then answered
 * counts as usual. Hand-computed on October 2023 in UK time, with its first instant (00:30 BST on
 * the 1st is 23:30 UTC on 30 September) and the repeated hour of the clock change; from the rows
 * and from the response-time cube the loader keeps.
 */
class RejectedRequestsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-15T00:00:00Z"), ZoneOffset.UTC);
  private static final ReportingMonth OCT = ReportingMonth.of(2023, 10);

  @TempDir Path dir;
  Store store;

  @BeforeEach
  void load() {
    store = Store.open(dir.resolve("store"));
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "devices.csv",
        "device_id,device_type,smets,provider",
        "D1,ESME,2,CSP-N",
        "D2,ESME,2,CSP-C");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at,execute_at",
        "Q1,U1,2.2,D1,2023-10-10T10:00:00Z,", // E65 only: rejected
        "Q2,U1,2.2,D1,2023-10-10T11:00:00Z,", // E65, then I0 at 10 s: within
        "Q3,U1,2.2,D2,2023-10-11T10:00:00Z,", // E65, then E21 at 45 s: a miss
        "Q4,U1,2.2,D2,2023-10-12T10:00:00Z,", // I99 only (no error): a miss
        "Q5,U1,2.2,D1,2023-09-30T23:30:00Z,", // 00:30 UK on 1 October; E65 only: rejected
        "Q6,U1,2.2,D1,2023-11-01T00:10:00Z,", // November; E65 only: not October's
        "Q7,U1,2.2,D2,2023-10-29T01:30:00Z,", // the repeated hour (GMT); E65 only: rejected
        "Q8,U1,2.2,D2,2023-10-13T10:00:00Z,", // I0 at 5 s: within
        "F1,U1,2.2,D1,2023-10-13T10:00:00Z,2023-10-14T10:00:00Z", // E65 only: CPM2 rejected
        "F2,U1,2.2,D2,2023-10-13T10:00:00Z,2023-10-15T10:00:00Z", // I0 10 s after: within
        "N1,U1,5.1,,2023-10-13T10:00:00Z,"); // not a device SRV: in no population
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code,kind",
        "Q1,2023-10-10T10:00:01Z,E65,ACK",
        "Q2,2023-10-10T11:00:01Z,E65,ACK",
        "Q2,2023-10-10T11:00:10Z,I0,RESPONSE",
        "Q3,2023-10-11T10:00:01Z,E65,ACK",
        "Q3,2023-10-11T10:00:45Z,E21,RESPONSE",
        "Q4,2023-10-12T10:00:01Z,I99,ACK",
        "Q5,2023-09-30T23:30:01Z,E65,ACK",
        "Q6,2023-11-01T00:10:01Z,E65,ACK",
        "Q7,2023-10-29T01:30:01Z,E65,ACK",
        "Q8,2023-10-13T10:00:05Z,I0,RESPONSE",
        "F1,2023-10-13T10:00:01Z,E65,ACK",
        "F2,2023-10-13T10:00:01Z,I99,ACK",
        "F2,2023-10-15T10:00:10Z,I0,RESPONSE",
        "N1,2023-10-13T10:00:01Z,E65,ACK");
    new DropLoader(store).load(drop);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static final String COUNT_AS_MISS =
      """
      name: rejected-as-misses
      effective_from: 2023-01-01
      rejected_requests: count_as_miss
      """;

  private PerformanceReport report(boolean countAsMiss, boolean summary) {
    RuleBook book =
        countAsMiss
            ? RuleBook.withDefaults().add("miss.yaml", COUNT_AS_MISS).build()
            : RuleBook.standard();
    return new PerformanceMeasurement(store, book, SrvCatalogue.standard(), CLOCK, summary)
        .report(OCT);
  }

  private static List<String> lines(PerformanceReport r) {
    return r.measures().stream()
        .filter(m -> m.rejected() != null)
        .map(
            m ->
                m.label()
                    + " "
                    + m.within()
                    + "/"
                    + m.population()
                    + " "
                    + m.value()
                    + " rejected "
                    + m.rejected())
        .toList();
  }

  @Test
  void byDefaultARequestAnsweredOnlyByAnErrorAcknowledgementLeavesThePopulation() throws Exception {
    assertThat(ResponseTimeCube.isCurrent(store.connection(), OCT)).isTrue();
    for (boolean summary : List.of(true, false)) {
      PerformanceReport r = report(false, summary);
      // CPM1: Q1 Q2 Q3 Q4 Q5 Q7 Q8 received in October; Q1 Q5 Q7 rejected; Q2 Q8 within of 4.
      // CSP-N: Q1 Q2 Q5, two rejected; CSP-C: Q3 Q4 Q7 Q8, Q7 rejected. CPM2: F1 rejected, F2
      // within; CSP-N has only F1: no data, but says what it left out.
      assertThat(lines(r))
          .as("from the %s", summary ? "response-time cube" : "requests")
          .containsExactly(
              "CPM1 2/4 50.00 rejected 3",
              "CPM1 CSP-C 1/3 33.33 rejected 1",
              "CPM1 CSP-N 1/1 100.00 rejected 2",
              "CPM1-S 2/4 50.00 rejected 3",
              "CPM1-S CSP-C 1/3 33.33 rejected 1",
              "CPM1-S CSP-N 1/1 100.00 rejected 2",
              "CPM2 1/1 100.00 rejected 1",
              "CPM2 CSP-C 1/1 100.00 rejected 0",
              "CPM2 CSP-N 0/0 null rejected 1");
      assertThat(PerformanceMeasurementTest.line(r, "CPM1", "ALL").definition())
          .contains("is left out of the population and counted as rejected.");
    }
    // Measures of other calculations do not count rejected requests.
    assertThat(PerformanceMeasurementTest.line(report(false, true), "CPM3", "ALL").rejected())
        .isNull();
  }

  @Test
  void countAsMissKeepsThemAsMisses() {
    for (boolean summary : List.of(true, false)) {
      PerformanceReport r = report(true, summary);
      assertThat(lines(r))
          .as("from the %s", summary ? "response-time cube" : "requests")
          .containsExactly(
              "CPM1 2/7 28.57 rejected 0",
              "CPM1 CSP-C 1/4 25.00 rejected 0",
              "CPM1 CSP-N 1/3 33.33 rejected 0",
              "CPM1-S 2/7 28.57 rejected 0",
              "CPM1-S CSP-C 1/4 25.00 rejected 0",
              "CPM1-S CSP-N 1/3 33.33 rejected 0",
              "CPM2 1/2 50.00 rejected 0",
              "CPM2 CSP-C 1/1 100.00 rejected 0",
              "CPM2 CSP-N 0/1 0.00 rejected 0");
      assertThat(PerformanceMeasurementTest.line(r, "CPM1", "ALL").definition())
          .contains("stays in the population as a miss.");
    }
  }

  @Test
  void theExplanationCountsTheMissesOfThePopulationInForce() {
    RuleBook standard = RuleBook.standard();
    Explanation excluded =
        new PerformanceMeasurement(store, standard, SrvCatalogue.standard(), CLOCK)
            .explain(OCT, "CPM1");
    // Q3 and Q4, both of CSP-C; the rejected Q1 Q5 Q7 are not misses.
    assertThat(excluded.misses()).isEqualByComparingTo("2");
    assertThat(excluded.result().rejected()).isEqualTo(3L);
    assertThat(byProvider(excluded)).containsExactly("CSP-C 2");

    RuleBook misses = RuleBook.withDefaults().add("miss.yaml", COUNT_AS_MISS).build();
    Explanation counted =
        new PerformanceMeasurement(store, misses, SrvCatalogue.standard(), CLOCK)
            .explain(OCT, "CPM1");
    assertThat(counted.misses()).isEqualByComparingTo("5");
    assertThat(byProvider(counted)).containsExactly("CSP-C 3", "CSP-N 2");
  }

  private static List<String> byProvider(Explanation e) {
    return e.breakdowns().stream()
        .filter(b -> b.by().equals("provider"))
        .flatMap(b -> b.counts().stream())
        .map(c -> c.key() + " " + c.misses())
        .toList();
  }
}
