package uk.meterwatch.engine.pmr;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.BELOW_MINIMUM;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.BELOW_TARGET;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.NO_DATA;
import static uk.meterwatch.engine.pmr.ServiceLevelStatus.TARGET_MET;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

class PerformanceMeasurementTest {
  private static final ReportingMonth AUG = ReportingMonth.of(2023, 8);
  private final Store store = Store.inMemory();
  private final PmrRows rows = new PmrRows(store);

  @AfterEach
  void close() {
    store.close();
  }

  private PerformanceMeasurement pmr(RuleBook book, String now) {
    return new PerformanceMeasurement(
        store, book, SrvCatalogue.standard(), Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
  }

  private PerformanceReport report(ReportingMonth month) {
    return pmr(RuleBook.standard(), "2024-01-01T00:00:00Z").report(month);
  }

  static MeasureResult line(PerformanceReport report, String id, String scope) {
    return report.measures().stream()
        .filter(m -> m.id().equals(id) && m.scope().equals(scope))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line " + id + " " + scope));
  }

  static List<String> scopes(PerformanceReport report, String id) {
    return report.measures().stream()
        .filter(m -> m.id().equals(id))
        .map(MeasureResult::scope)
        .toList();
  }

  private static void assertLine(
      MeasureResult m, long within, long population, String value, ServiceLevelStatus status) {
    assertThat(m.within()).isEqualByComparingTo(BigDecimal.valueOf(within));
    assertThat(m.population()).isEqualByComparingTo(BigDecimal.valueOf(population));
    if (value == null) {
      assertThat(m.value()).isNull();
    } else {
      assertThat(m.value()).isEqualTo(new BigDecimal(value));
    }
    assertThat(m.status()).isEqualTo(status);
  }

  /** The on-demand scenario of CPM1 / CPM1-S, hand-computed in the comments. */
  private void onDemandScenario() {
    rows.device("D1", "CSP-N").device("D2", "CSP-C");
    // R1: 2.2 (30 s), ACK then I0 at exactly 30 s: within, success.
    rows.request("R1", "2.2", "D1", "2023-08-10T10:00:00Z", null)
        .response("R1", "2023-08-10T10:00:01Z", "I99")
        .response("R1", "2023-08-10T10:00:30Z", "I0");
    // R2: E21 at 31 s: not within.
    rows.request("R2", "2.2", "D1", "2023-08-10T11:00:00Z", null)
        .response("R2", "2023-08-10T11:00:31Z", "E21");
    // R3: 1.1.1 is critical (60 s): I0 at 45 s within.
    rows.request("R3", "1.1.1", "D2", "2023-08-11T10:00:00Z", null)
        .response("R3", "2023-08-11T10:00:45Z", "I0");
    // R4: only an ACK, no response: not within.
    rows.request("R4", "2.2", "D2", "2023-08-12T14:00:00Z", null)
        .response("R4", "2023-08-12T14:00:01Z", "I99");
    // R5: device not in the devices file (ALL only); first response E20 at 5 s: CPM1 within,
    // CPM1-S not (the later I0 is not the first response).
    rows.request("R5", "2.2", "D3", "2023-08-13T10:00:00Z", null)
        .response("R5", "2023-08-13T10:00:10Z", "I0")
        .response("R5", "2023-08-13T10:00:05Z", "E20");
    // R6: 5.1 is a non-device SRV: not in the population.
    rows.request("R6", "5.1", null, "2023-08-13T10:00:00Z", null);
    // R7: future dated (execute_at): CPM2, not CPM1.
    rows.request("R7", "2.2", "D1", "2023-08-13T10:00:00Z", "2023-08-14T10:00:00Z")
        .response("R7", "2023-08-14T10:00:10Z", "I0");
    // R8: 2023-07-31T23:30Z is 00:30 on 1 August in UK time: in August. Within.
    rows.request("R8", "2.2", "D1", "2023-07-31T23:30:00Z", null)
        .response("R8", "2023-07-31T23:30:02Z", "I0");
    // R9: 2023-08-31T23:30Z is 1 September in UK time: not in August.
    rows.request("R9", "2.2", "D1", "2023-08-31T23:30:00Z", null);
    // R10: received 23:59:50 UK on 31 August, answered 25 s later in September: within.
    rows.request("R10", "2.2", "D1", "2023-08-31T22:59:50Z", null)
        .response("R10", "2023-08-31T23:00:15Z", "I0");
    // R11: the first response is the earliest by sent_at, whatever received_at (the issue's
    // definition): the I0 stamped 1 s before receipt, so -1 s: within, and a success.
    rows.request("R11", "2.2", "D2", "2023-08-20T12:00:00Z", null)
        .response("R11", "2023-08-20T11:59:59Z", "I0")
        .response("R11", "2023-08-20T12:00:40Z", "I0");
  }

  @Test
  void cpm1CountsFirstResponsesWithinTheTargetResponseTimeOverallAndPerProvider() {
    onDemandScenario();
    PerformanceReport r = report(AUG);
    // Population R1 R2 R3 R4 R5 R8 R10 R11 = 8; within R1 R3 R5 R8 R10 R11 = 6.
    assertLine(line(r, "CPM1", "ALL"), 6, 8, "75.00", BELOW_MINIMUM);
    // CSP-N: R1 R2 R8 R10, within R1 R8 R10. CSP-C: R3 R4 R11, within R3 R11. D3: ALL only.
    assertLine(line(r, "CPM1", "CSP-N"), 3, 4, "75.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM1", "CSP-C"), 2, 3, "66.67", BELOW_MINIMUM);
    assertThat(scopes(r, "CPM1")).containsExactly("ALL", "CSP-C", "CSP-N");
  }

  @Test
  void cpm1sCountsOnlyAFirstResponseI0InTime() {
    onDemandScenario();
    PerformanceReport r = report(AUG);
    // Within: R1 R3 R8 R10 R11 (R5's first response is E20).
    assertLine(line(r, "CPM1-S", "ALL"), 5, 8, "62.50", BELOW_MINIMUM);
    assertLine(line(r, "CPM1-S", "CSP-N"), 3, 4, "75.00", BELOW_MINIMUM);
  }

  @Test
  void cpm2MeasuresFromExecuteAtAndAResponseBeforeExecuteAtIsWithin() {
    rows.device("D1", "CSP-N").device("D2", "CSP-C");
    // F1: received in July, executes in August; I0 exactly 30 s after execute_at: within.
    rows.request("F1", "4.1.1", "D1", "2023-07-20T09:00:00Z", "2023-08-05T12:00:00Z")
        .response("F1", "2023-08-05T12:00:30Z", "I0");
    // F2: 31 s after: not within.
    rows.request("F2", "4.1.1", "D2", "2023-08-01T09:00:00Z", "2023-08-06T12:00:00Z")
        .response("F2", "2023-08-06T12:00:31Z", "E30");
    // F3: a response before execute_at (after receipt): within.
    rows.request("F3", "4.1.1", "D1", "2023-08-01T09:00:00Z", "2023-08-07T12:00:00Z")
        .response("F3", "2023-08-01T10:00:00Z", "E5");
    // F4: no response: not within.
    rows.request("F4", "4.1.1", "D1", "2023-08-01T09:00:00Z", "2023-08-08T12:00:00Z");
    // F5: executes in September: not in August.
    rows.request("F5", "4.1.1", "D1", "2023-08-01T09:00:00Z", "2023-09-08T12:00:00Z");
    PerformanceReport r = report(AUG);
    assertLine(line(r, "CPM2", "ALL"), 2, 4, "50.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM2", "CSP-N"), 2, 3, "66.67", BELOW_MINIMUM);
    assertLine(line(r, "CPM2", "CSP-C"), 0, 1, "0.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM1", "ALL"), 0, 0, null, NO_DATA);
  }

  @Test
  void cpm3CountsAlertsDeliveredWithinSixtySeconds() {
    rows.device("D1", "CSP-N").device("D2", "CSP-C");
    rows.alert("A1", "D1", "2023-08-02T10:00:00Z", "2023-08-02T10:01:00Z"); // 60 s: within
    rows.alert("A2", "D1", "2023-08-02T10:00:00Z", "2023-08-02T10:01:01Z"); // 61 s: not
    rows.alert("A3", "D2", "2023-08-02T10:00:00Z", null); // undelivered: not
    rows.alert("A4", null, "2023-08-02T10:00:00Z", "2023-08-02T10:00:01Z"); // DCC alert: ALL
    rows.alert("A5", "D1", "2023-09-02T10:00:00Z", "2023-09-02T10:00:01Z"); // September
    PerformanceReport r = report(AUG);
    assertLine(line(r, "CPM3", "ALL"), 2, 4, "50.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM3", "CSP-N"), 1, 2, "50.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM3", "CSP-C"), 0, 1, "0.00", BELOW_MINIMUM);
  }

  @Test
  void roundingShowsNinetyNineButTheStatusIsDecidedOnTheExactFraction() {
    // 1197 alerts, 1185 delivered in 1 s, 12 in 120 s: 98.9975...% shows 99.00, below a 99 target.
    rows.exec(
        "INSERT INTO alerts (alert_id, device_id, user_id, alert_code, raised_us, delivered_us,"
            + " load_id, line) SELECT 'A' || i, NULL, 'U1', 'AD1', ? + i * 1000000,"
            + " ? + i * 1000000 + CASE WHEN i < 1185 THEN 1000000 ELSE 120000000 END, 1, i"
            + " FROM range(1197) t(i)",
        PmrRows.us("2023-08-02T10:00:00Z"),
        PmrRows.us("2023-08-02T10:00:00Z"));
    MeasureResult m = line(report(AUG), "CPM3", "ALL");
    assertLine(m, 1185, 1197, "99.00", BELOW_TARGET);
  }

  /** The seed of the opsg-105 scenario: August 2023. */
  @Test
  void seedCheckAugust2023() {
    // INC...111: category 1, SSI down 06:10 to 12:40 BST (390 minutes), resolved after 6.5 h.
    rows.incident(
        "INC000001076111", 1, "2023-08-20T05:10:00Z", "2023-08-20T11:40:00Z", "DUIS;SSI", true);
    rows.incident("INC2", 1, "2023-08-03T10:00:00Z", "2023-08-03T12:00:00Z", "DUIS", true);
    rows.incident("INC3", 2, "2023-08-10T10:00:00Z", "2023-08-10T17:00:00Z", "DSP", true);
    rows.incident(
        "INC4", 2, "2023-08-15T10:00:00Z", "2023-08-15T18:00:00Z", "", true); // 8 h exactly
    PerformanceReport r = report(AUG);
    MeasureResult cpm6 = line(r, "CPM6", "ALL");
    assertLine(cpm6, 44250, 44640, "99.13", BELOW_TARGET);
    assertLine(line(r, "CPM4", "ALL"), 3, 4, "75.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM5", "ALL"), 0, 0, null, NO_DATA);
    assertThat(cpm6.unit()).isEqualTo("minutes");
    assertThat(cpm6.definition()).startsWith("Target Availability Period (TAP)");
  }

  @Test
  void incidentsCountInTheMonthTheirOutcomeBecameKnown() {
    // Resolved within 4 h across the month end: within, in September (resolved 00:30 BST 1 Sep).
    rows.incident("C1", 1, "2023-08-31T21:00:00Z", "2023-08-31T23:30:00Z", "", true);
    // Opened 31 Aug 21:00 BST, never resolved in 8 h: deadline 1 Sep 05:00 BST -> September miss.
    rows.incident("C2", 2, "2023-08-31T20:00:00Z", "2023-09-02T10:00:00Z", "", true);
    // Resolved late in September, but its deadline was in August: an August miss.
    rows.incident("C3", 1, "2023-08-30T10:00:00Z", "2023-09-03T10:00:00Z", "", true);
    // Still open; its deadline passed in August: an August miss.
    rows.incident("C4", 2, "2023-08-25T10:00:00Z", null, "", true);
    // Not the DCC's responsibility: not counted.
    rows.incident("C5", 1, "2023-08-05T10:00:00Z", "2023-08-05T20:00:00Z", "", false);
    // Category 3 resolved in 30 h (> 24 h): deadline 2 Aug -> August miss; category 5 in 100 h.
    rows.incident("C6", 3, "2023-08-01T10:00:00Z", "2023-08-02T16:00:00Z", "", true);
    rows.incident("C7", 5, "2023-08-01T10:00:00Z", "2023-08-05T14:00:00Z", "", true);
    // Still open, deadline (1 Sep 06:00 UTC) after "now": no outcome yet.
    rows.incident("C8", 2, "2023-08-31T22:00:00Z", null, "", true);
    PerformanceMeasurement p = pmr(RuleBook.standard(), "2023-09-01T03:00:00Z");
    assertLine(line(p.report(AUG), "CPM4", "ALL"), 0, 2, "0.00", BELOW_MINIMUM);
    assertLine(line(p.report(AUG), "CPM5", "ALL"), 1, 2, "50.00", BELOW_MINIMUM);
    PerformanceMeasurement later = pmr(RuleBook.standard(), "2023-10-01T00:00:00Z");
    // September: C1 within, C2 miss, C8 miss (deadline 1 Sep 07:00 BST passed, still open).
    assertLine(
        line(later.report(ReportingMonth.of(2023, 9)), "CPM4", "ALL"),
        1,
        3,
        "33.33",
        BELOW_MINIMUM);
  }

  private static final ReportingMonth OCT = ReportingMonth.of(2023, 10);
  private static final ReportingMonth NOV = ReportingMonth.of(2023, 11);

  private static RuleBook withCategoryOne(String effectiveFrom, int hours) {
    return RuleBook.withDefaults()
        .add(
            "trt.yaml",
            "name: trt\neffective_from: "
                + effectiveFrom
                + "\nresolution_hours: {1: "
                + hours
                + ", 2: 8, 3: 24, 4: 72, 5: 120}\n")
        .build();
  }

  @Test
  void anIncidentIsJudgedByTheTrtOfItsOpeningDaySoALoweredTrtStillCountsItOnce() {
    // Category 1 TRT 4 h (default), 2 h from 15 Oct 2023: October is measured by the default
    // (in force on 1 Oct), November by the 2 h rule set.
    // Opened 31 Oct 21:00 GMT, when 2 h was in force: deadline 23:00 GMT 31 Oct; resolved
    // 00:30 1 Nov (3.5 h) is late, so it is an October miss. (By October's 4 h it was in time with
    // outcome in November, and by November's 2 h a miss with outcome in October: never counted.)
    rows.incident("L1", 1, "2023-10-31T21:00:00Z", "2023-11-01T00:30:00Z", "", true);
    PerformanceMeasurement p = pmr(withCategoryOne("2023-10-15", 2), "2024-01-01T00:00:00Z");
    assertLine(line(p.report(OCT), "CPM4", "ALL"), 0, 1, "0.00", BELOW_MINIMUM);
    assertLine(line(p.report(NOV), "CPM4", "ALL"), 0, 0, null, NO_DATA);
    assertThat(p.explain(OCT, "CPM4").details())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("L1 category 1 opened 2023-10-31T21:00Z, deadline 2023-10-31T23:00Z")
        .contains("(1.50 h late)");
  }

  @Test
  void anIncidentIsJudgedByTheTrtOfItsOpeningDaySoARaisedTrtDoesNotCountItTwice() {
    // Category 1 TRT 4 h (default), 8 h from 1 Nov 2023.
    // Opened 31 Oct 19:00 GMT under the 4 h: deadline 23:00 GMT 31 Oct; resolved 01:00 1 Nov
    // (6 h) is late: an October miss only. (By November's 8 h it was also a November success.)
    rows.incident("R1", 1, "2023-10-31T19:00:00Z", "2023-11-01T01:00:00Z", "", true);
    // Opened 1 Nov 00:00 GMT under the 8 h, resolved in 6 h: a November success.
    rows.incident("R2", 1, "2023-11-01T00:00:00Z", "2023-11-01T06:00:00Z", "", true);
    PerformanceMeasurement p = pmr(withCategoryOne("2023-11-01", 8), "2024-01-01T00:00:00Z");
    assertLine(line(p.report(OCT), "CPM4", "ALL"), 0, 1, "0.00", BELOW_MINIMUM);
    assertLine(line(p.report(NOV), "CPM4", "ALL"), 1, 1, "100.00", TARGET_MET);
  }

  @Test
  void anIncidentOfACategoryItsOpeningDayRulesLackIsJudgedByTheMonthsRules() {
    // Category 6 (TRT 12 h) and a measure of it exist from 1 Nov 2023 only. Opened 31 Oct 20:00
    // GMT, when the default had no category 6: November's 12 h applies, and 10 h is within.
    rows.incident("N1", 6, "2023-10-31T20:00:00Z", "2023-11-01T06:00:00Z", "", true);
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "cat6.yaml",
                """
                name: cat6
                effective_from: 2023-11-01
                resolution_hours: {1: 4, 2: 8, 3: 24, 4: 72, 5: 120, 6: 12}
                add_measures:
                  - {id: CPM7, name: Category 6, calculation: INCIDENT_RESOLUTION, categories: [6], target: 90, minimum: 80}
                """)
            .build();
    PerformanceMeasurement p = pmr(book, "2024-01-01T00:00:00Z");
    assertLine(line(p.report(NOV), "CPM7", "ALL"), 1, 1, "100.00", TARGET_MET);
  }

  @Test
  void availabilityInOctoberWithOverlapsPlannedMaintenanceAndAnIncidentAcrossTheMonthEnd() {
    // October 2023 has 745 hours = 44,700 minutes.
    rows.outage("SSI", "2023-10-10T01:00:00Z", "2023-10-10T03:00:00Z", true, null); // planned 120
    rows.outage("SSI", "2023-10-10T02:00:00Z", "2023-10-10T04:00:00Z", false, null);
    rows.outage("SSI", "2023-10-10T03:30:00Z", "2023-10-10T05:00:00Z", false, null);
    // union of unplanned 02:00-05:00 = 180 min, of which 60 under planned: 120 min unavailable.
    rows.outage("DUIS", "2023-10-12T01:00:00Z", "2023-10-12T09:00:00Z", false, "INC-R");
    // INC-R names SSI but an outage row refers to it: the rows describe it, not its times.
    rows.incident("INC-R", 2, "2023-10-12T01:00:00Z", "2023-10-12T09:00:00Z", "DUIS;SSI", true);
    // An SSI incident without outage row across the month end: 60 min in October (GMT), 60 in Nov.
    rows.incident("INC-X", 3, "2023-10-31T23:00:00Z", "2023-11-01T01:00:00Z", "SSI", true);
    PerformanceReport oct = report(ReportingMonth.of(2023, 10));
    // TAP = 44,700 - 120 = 44,580; unavailable 180; within 44,400: 99.596 -> 99.60.
    assertLine(line(oct, "CPM6", "ALL"), 44400, 44580, "99.60", TARGET_MET);
    PerformanceReport nov = report(ReportingMonth.of(2023, 11));
    assertLine(line(nov, "CPM6", "ALL"), 43140, 43200, "99.86", TARGET_MET);
  }

  @Test
  void anOpenIncidentIsUnavailableUntilNowOrTheMonthEndInMarch() {
    // March 2023 has 44,580 minutes; it ends at 2023-03-31T23:00Z (midnight BST).
    rows.incident("INC-O", 2, "2023-03-31T22:00:00Z", null, "SSI", true);
    PerformanceReport march =
        pmr(RuleBook.standard(), "2023-04-15T00:00:00Z").report(ReportingMonth.of(2023, 3));
    assertLine(line(march, "CPM6", "ALL"), 44520, 44580, "99.87", TARGET_MET);
    // Measured during March, at 22:30 UTC on the 31st: 30 minutes so far.
    PerformanceReport sofar =
        pmr(RuleBook.standard(), "2023-03-31T22:30:00Z").report(ReportingMonth.of(2023, 3));
    assertLine(line(sofar, "CPM6", "ALL"), 44550, 44580, "99.93", TARGET_MET);
  }

  @Test
  void persistenceCountsConsecutiveMonthsBelowMinimumAndFlagsAtTheThreshold() {
    rows.alert("MAY", null, "2023-05-10T10:00:00Z", "2023-05-10T10:00:01Z");
    rows.alert("JUN", null, "2023-06-10T10:00:00Z", null);
    rows.alert("JUL", null, "2023-07-10T10:00:00Z", null);
    rows.alert("AUG", null, "2023-08-10T10:00:00Z", null);
    rows.alert("AUG2", null, "2023-08-10T10:00:00Z", "2023-08-10T10:00:01Z");
    MeasureResult july = line(report(ReportingMonth.of(2023, 7)), "CPM3", "ALL");
    assertThat(july.consecutiveBelowMinimum()).isEqualTo(2);
    assertThat(july.nonCompliance()).isFalse();
    assertThat(july.previousValue()).isEqualTo(new BigDecimal("0.00"));
    MeasureResult aug = line(report(AUG), "CPM3", "ALL");
    assertLine(aug, 1, 2, "50.00", BELOW_MINIMUM);
    assertThat(aug.consecutiveBelowMinimum()).isEqualTo(3);
    assertThat(aug.nonCompliance()).isTrue();
    MeasureResult may = line(report(ReportingMonth.of(2023, 5)), "CPM3", "ALL");
    assertThat(may.consecutiveBelowMinimum()).isZero();
    assertThat(may.previousValue()).isNull();
    MeasureResult cpm1 = line(report(AUG), "CPM1", "ALL");
    assertThat(cpm1.consecutiveBelowMinimum()).isZero();
    assertThat(cpm1.previousValue()).isNull();
  }

  @Test
  void eachMonthIsMeasuredByTheRuleSetInForceOnItsFirstDay() {
    rows.device("D1", "CSP-N").device("D2", "CSP-S");
    rows.alert("J1", "D1", "2023-07-10T10:00:00Z", "2023-07-10T10:01:30Z"); // 90 s
    rows.alert("A1", "D1", "2023-08-10T10:00:00Z", "2023-08-10T10:01:30Z"); // 90 s
    rows.alert("A2", "D2", "2023-08-10T10:00:00Z", "2023-08-10T10:03:00Z"); // 180 s
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "aug.yaml",
                """
                name: alerts-120
                effective_from: 2023-08-01
                response_times: {on_demand: 30, on_demand_critical: 60, future_dated: 30, alert: 120}
                add_measures:
                  - id: CPM3-N
                    name: Alerts of CSP North
                    calculation: ALERT_DELIVERY_TIME
                    providers: [CSP-N]
                    target: 95
                    minimum: 90
                    definition: As CPM3, for devices of CSP North only.
                """)
            .build();
    PerformanceMeasurement p = pmr(book, "2024-01-01T00:00:00Z");
    PerformanceReport july = p.report(ReportingMonth.of(2023, 7));
    assertThat(july.ruleSet().name()).isEqualTo("default");
    assertLine(line(july, "CPM3", "ALL"), 0, 1, "0.00", BELOW_MINIMUM);
    assertThat(scopes(july, "CPM3-N")).isEmpty();
    PerformanceReport aug = p.report(AUG);
    assertThat(aug.ruleSet().name()).isEqualTo("alerts-120");
    assertLine(line(aug, "CPM3", "ALL"), 1, 2, "50.00", BELOW_MINIMUM);
    assertLine(line(aug, "CPM3-N", "ALL"), 1, 1, "100.00", TARGET_MET);
    assertThat(scopes(aug, "CPM3-N")).containsExactly("ALL");
    // The previous value is July's, measured by July's rules.
    assertThat(line(aug, "CPM3", "ALL").previousValue()).isEqualTo(new BigDecimal("0.00"));
  }

  @Test
  void aUserMeasureRestrictedToSrvsAndProvidersIsASumOverTheSameData() {
    onDemandScenario();
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "topup.yaml",
                """
                name: with-topup
                effective_from: 2023-01-01
                add_measures:
                  - id: PM-TOPUP
                    name: Top-ups within the Target Response Time, per provider
                    calculation: ON_DEMAND_RESPONSE_TIME
                    srvs: ["2.2"]
                    providers: [CSP-C, CSP-N]
                    per_provider: true
                    target: 99
                    minimum: 96
                    definition: As CPM1, for SRV 2.2 to CSP devices.
                """)
            .build();
    PerformanceReport r = pmr(book, "2024-01-01T00:00:00Z").report(AUG);
    // 2.2 on CSP-N: R1 R2 R8 R10 (3 within); on CSP-C: R4 R11 (R11). R5 has no provider.
    assertLine(line(r, "PM-TOPUP", "ALL"), 4, 6, "66.67", BELOW_MINIMUM);
    assertLine(line(r, "PM-TOPUP", "CSP-N"), 3, 4, "75.00", BELOW_MINIMUM);
    assertLine(line(r, "PM-TOPUP", "CSP-C"), 1, 2, "50.00", BELOW_MINIMUM);
    assertLine(line(r, "CPM1", "ALL"), 6, 8, "75.00", BELOW_MINIMUM);
  }

  @Test
  void rowsAreALinesPopulationWithWhyEachWasWithinOrMissed() {
    onDemandScenario();
    PerformanceMeasurement p = pmr(RuleBook.standard(), "2024-01-01T00:00:00Z");
    // CPM1's population in time order (R8 is 00:30 UK on 1 August); R2 and R4 missed.
    List<PopulationRow> all = p.rows(AUG, "CPM1", "ALL", false);
    assertThat(all)
        .extracting(PopulationRow::item)
        .containsExactly("R8", "R1", "R2", "R3", "R4", "R5", "R11", "R10");
    assertThat(all.get(0).fromUs()).isEqualTo(PmrRows.us("2023-07-31T23:30:00Z"));
    PopulationRow r3 = all.get(3);
    assertThat(r3.dueUs()).isEqualTo(PmrRows.us("2023-08-11T10:01:00Z")); // critical: 60 s
    assertThat(r3.reason()).isEqualTo("first RESPONSE 45 s after, target 60 s");
    assertThat(r3.provider()).isEqualTo("CSP-C");
    assertThat(p.rows(AUG, "CPM1", "ALL", true))
        .extracting(PopulationRow::item, PopulationRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "R2", "first RESPONSE 31 s after, target 30 s: late"),
            org.assertj.core.groups.Tuple.tuple("R4", "no RESPONSE"));
    assertThat(p.rows(AUG, "cpm1", "csp-n", false))
        .extracting(PopulationRow::item)
        .containsExactly("R8", "R1", "R2", "R10");
    // CPM1-S: R5's first response (E20 at 5 s) was in time but is not an I0.
    assertThat(p.rows(AUG, "CPM1-S", "ALL", true))
        .extracting(PopulationRow::item, PopulationRow::reason)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "R5", "first RESPONSE 5 s after, target 30 s: in time but its code is not I0"));
    assertThat(p.rows(AUG, "CPM1-S", "ALL", true)).hasSize(3);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.rows(AUG, "CPM1", "CSP-S", false))
        .hasMessage(
            "measure CPM1 has no line for scope CSP-S in 2023-08 (its scopes: ALL, CSP-C, CSP-N)");
  }

  @Test
  void rowsOfIncidentsAndOfTheTargetAvailabilityPeriod() {
    rows.incident("C3", 1, "2023-08-30T10:00:00Z", "2023-09-03T10:00:00Z", "", true);
    rows.incident("C4", 2, "2023-08-25T10:00:00Z", null, "", true);
    rows.incident("C9", 1, "2023-08-10T10:00:00Z", "2023-08-10T12:00:00Z", "", true);
    PerformanceMeasurement p = pmr(RuleBook.standard(), "2023-10-01T00:00:00Z");
    assertThat(p.rows(AUG, "CPM4", "ALL", false))
        .extracting(PopulationRow::item, PopulationRow::result, PopulationRow::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "C9",
                PopulationRow.Result.WITHIN,
                "category 1, resolved within the Target Resolution Time: incident C9"),
            org.assertj.core.groups.Tuple.tuple(
                "C4",
                PopulationRow.Result.MISSED,
                "category 2, still open at the deadline: incident C4"),
            org.assertj.core.groups.Tuple.tuple(
                "C3",
                PopulationRow.Result.MISSED,
                "category 1, resolved 92.00 h late: incident C3"));
    assertThat(p.rows(AUG, "CPM4", "ALL", false).get(2).dueUs())
        .isEqualTo(PmrRows.us("2023-08-30T14:00:00Z"));

    // October 2023 (745 hours): 120 planned minutes out of the TAP, 180 unavailable.
    rows.outage("SSI", "2023-10-10T01:00:00Z", "2023-10-10T03:00:00Z", true, null);
    rows.outage("SSI", "2023-10-10T02:00:00Z", "2023-10-10T04:00:00Z", false, null);
    rows.outage("SSI", "2023-10-10T03:30:00Z", "2023-10-10T05:00:00Z", false, null);
    rows.incident("INC-X", 3, "2023-10-31T23:00:00Z", "2023-11-01T01:00:00Z", "SSI", true);
    PerformanceMeasurement q = pmr(RuleBook.standard(), "2024-01-01T00:00:00Z");
    List<PopulationRow> tap = q.rows(OCT, "CPM6", "ALL", false);
    assertThat(tap)
        .hasSize(44580)
        .allSatisfy(r -> assertThat(r.minutes()).isEqualTo(BigDecimal.ONE));
    assertThat(tap.get(0).fromUs()).isEqualTo(PmrRows.us("2023-09-30T23:00:00Z"));
    assertThat(tap)
        .noneMatch(
            r ->
                r.fromUs() >= PmrRows.us("2023-10-10T01:00:00Z")
                    && r.fromUs() < PmrRows.us("2023-10-10T03:00:00Z"));
    List<PopulationRow> down = q.rows(OCT, "CPM6", "ALL", true);
    assertThat(down).hasSize(180);
    assertThat(down.get(0).fromUs()).isEqualTo(PmrRows.us("2023-10-10T03:00:00Z"));
    assertThat(down.get(179).outcomeUs()).isEqualTo(PmrRows.us("2023-11-01T00:00:00Z"));

    // An outage starting inside a minute cuts it in two pieces.
    rows.outage("SSI", "2023-10-20T10:00:30Z", "2023-10-20T10:02:00Z", false, null);
    List<PopulationRow> cut =
        pmr(RuleBook.standard(), "2024-01-01T00:00:00Z").rows(OCT, "CPM6", "ALL", true);
    assertThat(cut).hasSize(182);
    assertThat(cut.stream().map(PopulationRow::minutes).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo("181.5");
  }

  @Test
  void explainBreaksTheMissesDown() {
    onDemandScenario();
    // R4 (12 Aug 15:00 BST) falls inside this incident's window; R2 does not.
    rows.incident("INC-W", 3, "2023-08-12T13:00:00Z", "2023-08-12T15:00:00Z", "DUIS", true);
    Explanation e = pmr(RuleBook.standard(), "2024-01-01T00:00:00Z").explain(AUG, "cpm1");
    assertThat(e.misses()).isEqualByComparingTo("2");
    assertThat(e.breakdowns().get(0).by()).isEqualTo("provider");
    assertThat(e.breakdowns().get(0).counts())
        .containsExactly(new Explanation.Count("CSP-C", 1), new Explanation.Count("CSP-N", 1));
    assertThat(e.breakdowns().get(1).counts()).containsExactly(new Explanation.Count("2.2", 2));
    // Received 11:00Z=12:00 BST (R2), 14:00Z=15:00 BST (R4).
    assertThat(e.breakdowns().get(2).counts())
        .containsExactly(new Explanation.Count("12", 1), new Explanation.Count("15", 1));
    assertThat(e.breakdowns().get(3).counts())
        .containsExactly(
            new Explanation.Count("2023-08-10", 1), new Explanation.Count("2023-08-12", 1));
    assertThat(e.missesInIncidentWindows()).isEqualTo(1);
    assertThat(e.incidentWindowShare()).isEqualTo(new BigDecimal("50.00"));
  }

  @Test
  void explainListsTheMissedIncidentsAndTheUnavailableTime() {
    rows.incident(
        "INC000001076111", 1, "2023-08-20T05:10:00Z", "2023-08-20T11:40:00Z", "DUIS;SSI", true);
    PerformanceMeasurement p = pmr(RuleBook.standard(), "2024-01-01T00:00:00Z");
    Explanation cpm4 = p.explain(AUG, "CPM4");
    assertThat(cpm4.details()).singleElement().asString().startsWith("INC000001076111 category 1");
    Explanation cpm6 = p.explain(AUG, "CPM6");
    assertThat(cpm6.misses()).isEqualByComparingTo("390");
    assertThat(cpm6.details())
        .contains("unavailable 2023-08-20T06:10+01:00 to 2023-08-20T12:40+01:00: 390 min");
  }
}
