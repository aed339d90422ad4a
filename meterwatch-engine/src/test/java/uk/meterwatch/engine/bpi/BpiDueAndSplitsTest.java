package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.rules.BpiSettings;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * Time to success from when a request was due, slow successes, and the splits by SMETS generation,
 * cohort, region, use case and SRV; hand-computed, through every way the calculator finds the
 * one-attempt transactions (the loader's neighbours, a window, none: all through Java).
 */
class BpiDueAndSplitsTest {
  static final ReportingMonth AUGUST = ReportingMonth.of(2023, 8);
  static final Instant T = Instant.parse("2023-08-10T10:00:00Z");
  static final String TARIFF = "1.1.1"; // a future-dated SRV (Update Import Tariff)
  static final String TOP_UP = "2.2";

  private final Store store = Store.inMemory();
  private final BpiRows rows = new BpiRows(store);

  @AfterEach
  void close() {
    store.close();
  }

  private static Instant at(long seconds) {
    return T.plusSeconds(seconds);
  }

  /** The process by every path, which must agree; returns the first. */
  private ProcessIndicators compute(RuleSet rules, String process) {
    ProcessIndicators first = null;
    for (BpiCalculator.Singles mode : BpiCalculator.Singles.values()) {
      ProcessIndicators p =
          new BpiCalculator(
                  store, rules, uk.meterwatch.core.srv.SrvCatalogue.standard(), mode, true)
              .compute(AUGUST, List.of(process))
              .processes()
              .get(0);
      if (first == null) {
        first = p;
      } else {
        assertThat(p).as(mode.name()).isEqualTo(first);
      }
    }
    return first;
  }

  private ProcessIndicators compute(String process) {
    return compute(RuleBook.defaults(), process);
  }

  @Test
  void aFutureDatedRequestSucceedingTenSecondsAfterItsExecuteAtIsWithinTarget() {
    // Received at T, to run 30 h later; I0 10 s after execute_at: 30 h 10 s after receipt.
    Instant execute = at(30 * 3600);
    rows.futureDated("f1", "U1", TARIFF, "D1", T, execute);
    rows.response("f1", execute.plusSeconds(10), "I0");
    ProcessIndicators p = compute("TARIFF_UPDATE");
    TimeToSuccess t = p.timeToSuccess();
    assertThat(t.medianS()).isEqualTo(10.0);
    // within the future-dated Target Response Time (30 s after execution), not over 24 h
    assertThat(List.of(t.withinTarget(), t.within1h(), t.within24h(), t.over24h()))
        .containsExactly(1L, 1L, 1L, 0L);
    assertThat(p.slowSuccessCount()).isZero();
    assertThat(p.timelySuccessRate()).isEqualTo(100.0);
  }

  @Test
  void aFutureDatedRequestIsHeldToTheFutureDatedTargetAfterItsExecuteAt() {
    // 40 s after execute_at: over the 30 s future-dated target (on-demand it would be 30 s too,
    // but from receipt it would be 3 h 40 s)
    Instant execute = at(3 * 3600);
    rows.futureDated("f1", "U1", TARIFF, "D1", T, execute);
    rows.response("f1", execute.plusSeconds(40), "I0");
    // an execute_at before receipt: due on receipt
    rows.futureDated("f2", "U1", TARIFF, "D2", T, T.minusSeconds(600));
    rows.response("f2", at(20), "I0");
    TimeToSuccess t = compute("TARIFF_UPDATE").timeToSuccess();
    assertThat(t.withinTarget()).isEqualTo(1);
    assertThat(t.within1h()).isEqualTo(2);
    assertThat(t.medianS()).isEqualTo(30.0); // (20 + 40) / 2
  }

  @Test
  void aSuccessTwentyFiveHoursAfterItWasDueIsASlowSuccessShownApart() {
    // d1: first-time success 25 h after receipt (no failure before it)
    rows.request("d1", "U1", TOP_UP, "D1", at(0)).response("d1", at(25 * 3600), "I0");
    // d2: E21 then a late I0 25 h after receipt: a slow subsequent success
    rows.request("d2", "U1", TOP_UP, "D2", at(0)).response("d2", at(30), "E21");
    rows.response("d2", at(25 * 3600), "I0");
    // d3: exactly 24 h: not slow (more than the threshold is)
    rows.request("d3", "U1", TOP_UP, "D3", at(0)).response("d3", at(24 * 3600), "I0");
    // d4: a future-dated request due 25 h after receipt, answered 5 s after: not slow
    rows.futureDated("d4", "U1", TOP_UP, "D4", at(0), at(25 * 3600));
    rows.response("d4", at(25 * 3600 + 5), "I0");
    // d5: a failure
    rows.request("d5", "U1", TOP_UP, "D5", at(0)).response("d5", at(5), "E5");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(5);
    assertThat(p.successes()).isEqualTo(4);
    assertThat(p.slowSuccessHours()).isEqualTo(24);
    assertThat(p.slowSuccesses())
        .containsExactly(
            Map.entry(Bucket.FIRST_TIME_SUCCESS, 1L),
            Map.entry(Bucket.RETRY_SUCCESS, 0L),
            Map.entry(Bucket.SUBSEQUENT_SUCCESS, 1L));
    assertThat(p.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(3);
    assertThat(p.successRate()).isEqualTo(80.0);
    assertThat(p.timelySuccessRate()).isEqualTo(40.0); // (4 - 2) / 5
    assertThat(p.timeToSuccess().over24h()).isEqualTo(2);
  }

  @Test
  void theSlowSuccessThresholdComesFromTheRuleSet() {
    rows.request("d1", "U1", TOP_UP, "D1", at(0)).response("d1", at(3 * 3600), "I0");
    rows.request("d2", "U1", TOP_UP, "D2", at(0)).response("d2", at(3600), "I0");
    RuleSet twoHours = BpiCalculatorTest.withBpi(new BpiSettings(24, 10, 60, 90, 100, 2));
    ProcessIndicators p = compute(twoHours, "PREPAYMENT");
    assertThat(p.slowSuccessHours()).isEqualTo(2);
    assertThat(p.slowSuccessCount()).isEqualTo(1);
  }

  @Test
  void splitsBySmetsCohortRegionAndSrvAddUpToTheProcess() {
    rows.device("S1A", "U1", 1, "S1SP-DXC", "IOC");
    rows.device("S1B", "U1", 1, "S1SP-DXC", "IOC");
    rows.device("S1C", "U1", 1, "S1SP-DXC", "FOC");
    rows.device("S1D", "U1", 1, "S1SP-DXC", null);
    rows.device("S2N", "U1", 2, "CSP-N", null);
    rows.device("S2S", "U1", 2, "CSP-S", null);
    // IOC: 1 of 2 succeed; FOC 1 of 1; no cohort 0 of 1; CSP-N 1 of 1; CSP-S 0 of 1; unknown 1 of 1
    String[][] plan = {
      {"S1A", "I0", TARIFF},
      {"S1B", "E21", TARIFF},
      {"S1C", "I0", "1.2.1"},
      {"S1D", "E5", TARIFF},
      {"S2N", "I0", TARIFF},
      {"S2S", "E5", "1.2.1"},
      {"XX", "I0", TARIFF}
    };
    for (int i = 0; i < plan.length; i++) {
      rows.request("t" + i, "U1", plan[i][2], plan[i][0], at(i))
          .response("t" + i, at(i + 5), plan[i][1]);
    }
    ProcessIndicators p = compute("TARIFF_UPDATE");
    assertThat(p.transactions()).isEqualTo(7);
    assertThat(p.split(SplitBy.SMETS))
        .containsExactly(
            Map.entry("SMETS1", new Split(4, 2, 0)),
            Map.entry("SMETS2", new Split(2, 1, 0)),
            Map.entry("UNKNOWN", new Split(1, 1, 0)));
    assertThat(p.split(SplitBy.COHORT))
        .containsExactly(
            Map.entry("IOC", new Split(2, 1, 0)),
            Map.entry("MOC", new Split(0, 0, 0)),
            Map.entry("FOC", new Split(1, 1, 0)),
            Map.entry("NOT_GIVEN", new Split(1, 0, 0)));
    assertThat(p.split(SplitBy.REGION))
        .containsExactly(
            Map.entry("CSP-N", new Split(1, 1, 0)),
            Map.entry("CSP-S", new Split(1, 0, 0)),
            Map.entry("S1SP-DXC", new Split(4, 2, 0)),
            Map.entry("UNKNOWN", new Split(1, 1, 0)));
    assertThat(p.split(SplitBy.SRV))
        .containsExactly(
            Map.entry("1.1.1", new Split(5, 3, 0)), Map.entry("1.2.1", new Split(2, 1, 0)));
    assertThat(p.split(SplitBy.USE_CASE)).isEmpty();
    assertThat(p.split(SplitBy.COHORT).get("IOC").successRate()).isEqualTo(50.0);
    for (SplitBy by : List.of(SplitBy.SMETS, SplitBy.REGION, SplitBy.SRV)) {
      assertThat(p.split(by).values().stream().mapToLong(Split::transactions).sum())
          .as(by.name())
          .isEqualTo(p.transactions());
      assertThat(p.split(by).values().stream().mapToLong(Split::successes).sum())
          .as(by.name())
          .isEqualTo(p.successes());
    }
  }

  @Test
  void aRetriedTransactionIsSplitByItsFirstRequest() {
    rows.device("D1", "U1", 1, "S1SP-DXC", "FOC");
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(30), "E21");
    rows.request("r2", "U1", TOP_UP, "D1", at(600)).response("r2", at(605), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.split(SplitBy.COHORT).get("FOC")).isEqualTo(new Split(1, 1, 0));
    assertThat(p.split(SplitBy.SMETS).get("SMETS1")).isEqualTo(new Split(1, 1, 0));
  }

  @Test
  void changeOfSupplyIsSplitByUseCaseWithItsSuccessRate() {
    rows.user("U1", "Org A").user("U1b", "Org A").user("U2", "Org B");
    rows.device("D1", "U1b").device("D2", "U2").device("D3", "U2");
    rows.request("c1", "U1", "6.23", "D1", at(0)).response("c1", at(3), "I0");
    rows.request("c2", "U1", "6.23", "D2", at(0)).response("c2", at(3), "E5");
    rows.request("c3", "U1", "6.23", "D3", at(0)).response("c3", at(3), "I0");
    rows.request("c4", "U1", "6.23", "D9", at(0)).response("c4", at(3), "I0");
    ProcessIndicators p = compute("CHANGE_OF_SUPPLY");
    assertThat(p.split(SplitBy.USE_CASE))
        .containsExactly(
            Map.entry("SUPPLIER_SWITCH", new Split(2, 1, 0)),
            Map.entry("INTERNAL_MIGRATION", new Split(1, 1, 0)),
            Map.entry("UNKNOWN", new Split(1, 1, 0)));
    assertThat(p.split(SplitBy.USE_CASE).get("SUPPLIER_SWITCH").successRate()).isEqualTo(50.0);
  }
}
