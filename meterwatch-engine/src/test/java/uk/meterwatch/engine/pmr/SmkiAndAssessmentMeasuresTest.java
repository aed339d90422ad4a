package uk.meterwatch.engine.pmr;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.BELOW_MINIMUM;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.NO_DATA;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.TARGET_MET;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * CPM7 and CPM8 (SMKI requests within the SMKI Target Response Time) and CPM-D11.1 / CPM-D11.2
 * (assessments delivered by their due day), on rows loaded from a drop and counted by hand: month
 * edges in UK time, both clock changes of 2023, a Target Response Time changed by a later rule set.
 */
class SmkiAndAssessmentMeasuresTest {
  private static final ReportingMonth MAR = ReportingMonth.of(2023, 3);
  private static final ReportingMonth SEP = ReportingMonth.of(2023, 9);
  private static final ReportingMonth OCT = ReportingMonth.of(2023, 10);

  @TempDir Path dir;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "smki_requests.csv",
        "request_id,kind,user_id,received_at,completed_at,outcome",
        // CSRs (default TRT 30 s) around October 2023.
        // C1: 1 October 00:00 BST, 5 s: October, within.
        "C1,CSR,U1,2023-09-30T23:00:00Z,2023-09-30T23:00:05Z,SUCCESS",
        // C2: 30 September 23:59:59 BST: September, within.
        "C2,CSR,U1,2023-09-30T22:59:59Z,2023-09-30T23:00:00Z,SUCCESS",
        // C3: 01:59:50 BST on 29 October, completed at 01:00:20 GMT: 30 s exactly, within (the
        // clocks went back in between; the wall clock reads 59 min 30 s earlier).
        "C3,CSR,U1,2023-10-29T00:59:50Z,2023-10-29T01:00:20Z,SUCCESS",
        // C4: the same, one microsecond later: late.
        "C4,CSR,U1,2023-10-29T00:59:50Z,2023-10-29T01:00:20.000001Z,SUCCESS",
        // C5: 31 October 23:59:59 GMT, never completed: October, not within.
        "C5,CSR,U1,2023-10-31T23:59:59Z,,",
        // C6: refused in 3 s: any outcome counts, within.
        "C6,CSR,U2,2023-10-10T10:00:00Z,2023-10-10T10:00:03Z,FAILURE",
        // Repository requests (default TRT 10 s) around March 2023.
        // P1: 00:59:55 GMT on 26 March, completed 02:00:05 BST: 10 s, within.
        "P1,REPOSITORY,U1,2023-03-26T00:59:55Z,2023-03-26T01:00:05Z,SUCCESS",
        // P2: 1 April 00:00 BST: April.
        "P2,REPOSITORY,U1,2023-03-31T23:00:00Z,2023-03-31T23:00:01Z,SUCCESS",
        // P3: 31 March 23:59:59 BST, 31 s: March, late.
        "P3,REPOSITORY,U1,2023-03-31T22:59:59Z,2023-03-31T23:00:30Z,SUCCESS",
        // P4: 28 February 23:59:59 GMT: February.
        "P4,REPOSITORY,U1,2023-02-28T23:59:59Z,2023-03-01T00:00:01Z,SUCCESS",
        // P5: 1 March 00:00 GMT, 10.5 s: March, late.
        "P5,REPOSITORY,U1,2023-03-01T00:00:00Z,2023-03-01T00:00:10.5Z,SUCCESS",
        // R1: a repository request in October: not in CPM7.
        "R1,REPOSITORY,U1,2023-10-10T10:00:00Z,2023-10-10T10:00:01Z,SUCCESS");
    Drops.write(
        drop,
        "modification_assessments.csv",
        "assessment_id,modification,kind,requested_at,due_on,delivered_at",
        // A1: due 31 October, delivered 23:59:59 GMT that day: within, October.
        "A1,MP201,PRELIMINARY,2023-10-02T09:00:00Z,2023-10-31,2023-10-31T23:59:59Z",
        // A2: due 31 October, delivered at 00:00 on 1 November: late, counted in October.
        "A2,MP202,PRELIMINARY,2023-10-02T09:00:00Z,2023-10-31,2023-11-01T00:00:00Z",
        // A3: due 29 October (clocks back), delivered 23:30 GMT that day: within, October.
        "A3,MP203,PRELIMINARY,2023-10-02T09:00:00Z,2023-10-29,2023-10-29T23:30:00Z",
        // A4: due 30 September, delivered 00:30 BST on 1 October: late, counted in September.
        "A4,MP204,PRELIMINARY,2023-09-01T09:00:00Z,2023-09-30,2023-09-30T23:30:00Z",
        // A5: due 2 October, delivered early on 28 September: within, September.
        "A5,MP205,PRELIMINARY,2023-09-01T09:00:00Z,2023-10-02,2023-09-28T10:00:00Z",
        // A6: due 20 October, never delivered: late, October.
        "A6,MP206,PRELIMINARY,2023-10-02T09:00:00Z,2023-10-20,",
        // A7: due 1 February 2024, not delivered yet (now is 1 January 2024): no outcome yet.
        "A7,MP207,PRELIMINARY,2023-10-02T09:00:00Z,2024-02-01,",
        // A8: due 26 March (clocks forward), delivered 00:30 BST on 27 March: late, March.
        "A8,MP208,PRELIMINARY,2023-03-01T09:00:00Z,2023-03-26,2023-03-26T23:30:00Z",
        // A9: due 26 March, delivered 23:59:59 BST that day: within, March.
        "A9,MP209,PRELIMINARY,2023-03-01T09:00:00Z,2023-03-26,2023-03-26T22:59:59Z",
        // I1: an Impact Assessment on time: CPM-D11.2 only.
        "I1,MP210,IMPACT,2023-09-01T09:00:00Z,2023-10-10,2023-10-09T15:00:00Z");
    new DropLoader(store).load(drop);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private PerformanceMeasurement pmr(RuleBook book) {
    return new PerformanceMeasurement(
        store,
        book,
        SrvCatalogue.standard(),
        Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static void assertLine(
      MeasureResult m, long within, long population, String value, ServiceLevelStatus status) {
    assertThat(m.scope()).isEqualTo("ALL");
    assertThat(m.within()).isEqualByComparingTo(BigDecimal.valueOf(within));
    assertThat(m.population()).isEqualByComparingTo(BigDecimal.valueOf(population));
    assertThat(m.value()).isEqualTo(value == null ? null : new BigDecimal(value));
    assertThat(m.status()).isEqualTo(status);
  }

  private static MeasureResult only(PerformanceReport r, String id) {
    List<MeasureResult> lines = r.measures().stream().filter(m -> m.id().equals(id)).toList();
    assertThat(lines).as(id + " has one line, ALL").hasSize(1);
    return lines.get(0);
  }

  @Test
  void cpm7CountsCertificateSigningRequestsReceivedInTheMonthAcrossTheAutumnClockChange() {
    PerformanceMeasurement p = pmr(RuleBook.standard());
    // October: C1 C3 C4 C5 C6, within C1 C3 C6.
    MeasureResult oct = only(p.report(OCT), "CPM7");
    assertLine(oct, 3, 5, "60.00", BELOW_MINIMUM);
    assertThat(oct.unit()).isEqualTo("requests");
    assertThat(oct.source()).isEqualTo("SEC Section L8.6");
    assertThat(oct.definition()).contains("(30 s, the rule set's smki_response_times");
    assertLine(only(p.report(SEP), "CPM7"), 1, 1, "100.00", TARGET_MET);
    assertThat(p.rows(OCT, "CPM7", "ALL", true))
        .extracting(PopulationRow::item, PopulationRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "C4", "completed 30.000001 s after, target 30 s: late"),
            org.assertj.core.groups.Tuple.tuple("C5", "not completed"));
    assertThat(p.rows(OCT, "CPM7", "ALL", false)).hasSize(5);
  }

  @Test
  void cpm8CountsRepositoryRequestsReceivedInTheMonthAcrossTheSpringClockChange() {
    PerformanceMeasurement p = pmr(RuleBook.standard());
    // March: P1 P3 P5, within P1.
    MeasureResult mar = only(p.report(MAR), "CPM8");
    assertLine(mar, 1, 3, "33.33", BELOW_MINIMUM);
    assertThat(mar.source()).contains("SEC Section L8.6");
    assertLine(only(p.report(ReportingMonth.of(2023, 2)), "CPM8"), 1, 1, "100.00", TARGET_MET);
    assertLine(only(p.report(ReportingMonth.of(2023, 4)), "CPM8"), 1, 1, "100.00", TARGET_MET);
    assertLine(only(p.report(SEP), "CPM8"), 0, 0, null, NO_DATA);
    List<PopulationRow> rows = p.rows(MAR, "CPM8", "ALL", false);
    assertThat(rows)
        .extracting(PopulationRow::item, PopulationRow::result, PopulationRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "P5", PopulationRow.Result.MISSED, "completed 10.5 s after, target 10 s: late"),
            org.assertj.core.groups.Tuple.tuple(
                "P1", PopulationRow.Result.WITHIN, "completed 10 s after, target 10 s"),
            org.assertj.core.groups.Tuple.tuple(
                "P3", PopulationRow.Result.MISSED, "completed 31 s after, target 10 s: late"));
    // --explain: by hour and day in UK time, no provider (an SMKI request has no device).
    Explanation e = p.explain(MAR, "CPM8");
    assertThat(e.misses()).isEqualByComparingTo("2");
    assertThat(e.breakdowns()).extracting(Explanation.Breakdown::by).doesNotContain("provider");
    assertThat(e.breakdowns().stream().filter(b -> b.by().equals("day")).findFirst().orElseThrow())
        .extracting(Explanation.Breakdown::counts)
        .asList()
        .containsExactly(
            new Explanation.Count("2023-03-01", 1), new Explanation.Count("2023-03-31", 1));
  }

  @Test
  void aLaterRuleSetsSmkiTargetResponseTimeAppliesFromItsDate() {
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "smki.yaml",
                """
                name: smki-60
                effective_from: 2023-10-01
                smki_response_times: {certificate_signing: 60, repository: 10}
                """)
            .build();
    PerformanceMeasurement p = pmr(book);
    // C4 (30.000001 s) is now within: C1 C3 C4 C6 of 5.
    MeasureResult oct = only(p.report(OCT), "CPM7");
    assertLine(oct, 4, 5, "80.00", BELOW_MINIMUM);
    assertThat(oct.definition()).contains("(60 s, the rule set's smki_response_times");
    assertThat(only(p.report(SEP), "CPM7").definition()).contains("(30 s, the rule set's");
  }

  @Test
  void assessmentsCountOnceInTheMonthTheirOutcomeBecameKnown() {
    PerformanceMeasurement p = pmr(RuleBook.standard());
    // October: A1 within, A2 late, A3 within, A6 not delivered; A7 not yet due.
    MeasureResult oct = only(p.report(OCT), "CPM-D11.1");
    assertLine(oct, 2, 4, "50.00", BELOW_MINIMUM);
    assertThat(oct.unit()).isEqualTo("assessments");
    assertThat(oct.source()).isEqualTo("local");
    // September: A4 late (delivered 00:30 BST on 1 October), A5 within (early).
    assertLine(only(p.report(SEP), "CPM-D11.1"), 1, 2, "50.00", BELOW_MINIMUM);
    // March: A8 late (00:30 BST on 27 March), A9 within (23:59:59 BST on 26 March).
    assertLine(only(p.report(MAR), "CPM-D11.1"), 1, 2, "50.00", BELOW_MINIMUM);
    assertLine(only(p.report(OCT), "CPM-D11.2"), 1, 1, "100.00", TARGET_MET);
    assertLine(only(p.report(SEP), "CPM-D11.2"), 0, 0, null, NO_DATA);
    assertThat(p.rows(OCT, "CPM-D11.1", "ALL", false))
        .extracting(PopulationRow::item, PopulationRow::result, PopulationRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "A1",
                PopulationRow.Result.WITHIN,
                "delivered by the end of its due day 2023-10-31: MP201"),
            org.assertj.core.groups.Tuple.tuple(
                "A2",
                PopulationRow.Result.MISSED,
                "delivered 2023-11-01T00:00Z, after its due day 2023-10-31 (0.00 h late): MP202"),
            org.assertj.core.groups.Tuple.tuple(
                "A3",
                PopulationRow.Result.WITHIN,
                "delivered by the end of its due day 2023-10-29: MP203"),
            org.assertj.core.groups.Tuple.tuple(
                "A6",
                PopulationRow.Result.MISSED,
                "not delivered by the end of its due day 2023-10-20: MP206"));
    assertThat(p.explain(OCT, "CPM-D11.1").details())
        .containsExactly(
            "A2 requested 2023-10-02T10:00+01:00, delivered 2023-11-01T00:00Z, after its due day"
                + " 2023-10-31 (0.00 h late): MP202",
            "A6 requested 2023-10-02T10:00+01:00, not delivered by the end of its due day"
                + " 2023-10-20: MP206");
    // A7 counts once its due day has ended, as a miss of February 2024.
    PerformanceMeasurement later =
        new PerformanceMeasurement(
            store,
            RuleBook.standard(),
            SrvCatalogue.standard(),
            Clock.fixed(Instant.parse("2024-03-01T00:00:00Z"), ZoneOffset.UTC));
    assertLine(
        only(later.report(ReportingMonth.of(2024, 2)), "CPM-D11.1"), 0, 1, "0.00", BELOW_MINIMUM);
    assertLine(only(p.report(ReportingMonth.of(2024, 2)), "CPM-D11.1"), 0, 0, null, NO_DATA);
  }
}
