package uk.meterwatch.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.time.ReportingMonth;

/** The difference-in-differences by area on counts whose answers are worked out by hand. */
class EventStudyTest {
  private static final List<ReportingMonth> MONTHS =
      RegionalData.months(ReportingMonth.of(2023, 1), ReportingMonth.of(2023, 4));

  /** Successes out of 100 each month, January to April, per area. */
  private static final Map<String, int[]> SUCCESSES = new LinkedHashMap<>();

  static {
    SUCCESSES.put("X", new int[] {90, 85, 80, 70}); // event 15 Feb: before Jan, after Mar-Apr
    SUCCESSES.put("Y", new int[] {95, 95, 85, 85}); // event 1 Mar: before Jan-Feb, after Mar-Apr
    SUCCESSES.put("Z", new int[] {50, 50, 50, 50}); // event in December: nothing before
    SUCCESSES.put("U1", new int[] {90, 90, 90, 90});
    SUCCESSES.put("U2", new int[] {80, 80, 82, 82});
    SUCCESSES.put("U3", new int[] {70, 72, 70, 68});
  }

  private static final Map<String, LocalDate> EVENTS =
      Map.of(
          "X", LocalDate.of(2023, 2, 15),
          "Y", LocalDate.of(2023, 3, 1),
          "Z", LocalDate.of(2022, 12, 1),
          "W", LocalDate.of(2023, 6, 1)); // after the range: W has no rows anyway

  static RegionalData data(Map<String, int[]> successes) {
    Map<ReportingMonth, List<RegionalData.Cell>> cells = new LinkedHashMap<>();
    for (int i = 0; i < MONTHS.size(); i++) {
      List<RegionalData.Cell> month = new ArrayList<>();
      for (Map.Entry<String, int[]> e : successes.entrySet()) {
        month.add(new RegionalData.Cell(e.getKey(), "CSP-S", new Counts(e.getValue()[i], 100)));
      }
      cells.put(MONTHS.get(i), month);
    }
    return new RegionalData(
        Subject.process("TARIFF_UPDATE"), MONTHS, cells, new Geography(Map.of("X", "South")));
  }

  @Test
  void staggeredEventsAreEachComparedOverTheirOwnMonths() {
    EventStudy.Result r = EventStudy.run(data(SUCCESSES), "3G_SUNSET", EVENTS);
    assertThat(r.unaffected()).containsExactly("U1", "U2", "U3");
    EventStudy.AffectedArea x = r.affected().get(0);
    // X: before = January 90 %, after = March-April 150/200 = 75 %: change -15. The unaffected
    // areas over the same months: U1 0, U2 +2, U3 -1 (70 -> 69): mean 1/3. D_X = -15 - 1/3.
    assertThat(x.area()).isEqualTo("X");
    assertThat(x.region()).isEqualTo("South");
    assertThat(x.firstAfter()).isEqualTo(ReportingMonth.of(2023, 3));
    assertThat(x.change()).isCloseTo(-15, within(1e-9));
    assertThat(x.comparisonChange()).isCloseTo(1.0 / 3, within(1e-9));
    assertThat(x.difference()).isCloseTo(-15 - 1.0 / 3, within(1e-9));
    // Y: before Jan-Feb 95 %, after Mar-Apr 85 %: -10; unaffected: 0, +2, -2 (71 -> 69): mean 0.
    EventStudy.AffectedArea y = r.affected().get(1);
    assertThat(y.firstAfter()).isEqualTo(ReportingMonth.of(2023, 3));
    assertThat(y.difference()).isCloseTo(-10, within(1e-9));
    EventStudy.AffectedArea z = r.affected().get(2);
    assertThat(z.excludedWhy()).isEqualTo("no month before its event in the range");
    assertThat(z.difference()).isNull();
    // Placebo values: U1 ((0 - 1/3) + 0) / 2 = -1/6, U2 (5/3 + 2) / 2 = 11/6, U3 (-4/3 - 2) / 2.
    assertThat(r.placebo().get("U1")).isCloseTo(-1.0 / 6, within(1e-9));
    assertThat(r.placebo().get("U2")).isCloseTo(11.0 / 6, within(1e-9));
    assertThat(r.placebo().get("U3")).isCloseTo(-5.0 / 3, within(1e-9));
    // Welch on {-15.333, -10} against the placebo values (Python, statistics module):
    // estimate -12.666666666666668, se 2.8528737947706153, df 1.2964112321713066,
    // t -4.4399674075610935.
    assertThat(r.effect().estimate()).isCloseTo(-12.666666666666668, within(1e-9));
    assertThat(r.effect().standardError()).isCloseTo(2.8528737947706153, within(1e-9));
    assertThat(r.effect().degreesOfFreedom()).isCloseTo(1.2964112321713066, within(1e-9));
    assertThat(r.effect().statistic()).isCloseTo(-4.4399674075610935, within(1e-9));
    // With 1.3 degrees of freedom the interval is wide: two areas cannot show it.
    assertThat(r.effect().below0()).isFalse();
    // National: the unaffected areas' mean change over the windows: 0, +2, -1.5 -> 1/6.
    assertThat(r.national().estimate()).isCloseTo(1.0 / 6, within(1e-9));
    assertThat(r.national().standardError()).isCloseTo(1.0137937550497034, within(1e-9));
    assertThat(r.verdict()).isEqualTo(EventStudy.Verdict.NOT_SHOWN);
    assertThat(r.sentence()).startsWith("Not shown by the data: the 2 affected areas");
  }

  @Test
  void monthByMonthTheDeclineContinuesOnlyWhenItFallsFurther() {
    EventStudy.Result r = EventStudy.run(data(SUCCESSES), "3G_SUNSET", EVENTS);
    // X from its event month February, against its January 90/100 (two-proportion z, one-sided):
    // February 85 (z = -1.07, p 0.14): no; March 80 (z = -1.98, p 0.024): declined; April 70:
    // declined and lower than March: the decline continued.
    List<EventStudy.Step> x = r.affected().get(0).steps();
    assertThat(x)
        .extracting(s -> s.month().toString())
        .containsExactly("2023-02", "2023-03", "2023-04");
    assertThat(x).extracting(EventStudy.Step::declined).containsExactly(false, true, true);
    assertThat(x).extracting(EventStudy.Step::continued).containsExactly(false, false, true);
    // z = -0.1 / sqrt(0.85 x 0.15 x 2/100) = -1.9802950859533488, Phi(z) = 0.02383519032808072
    // (Python).
    assertThat(x.get(1).pBelowBefore()).isCloseTo(0.02383519032808072, within(1e-12));
    assertThat(r.affected().get(0).continued()).isTrue();
    // Y: March 85 and April 85 both below its 95 %, but April did not fall further.
    List<EventStudy.Step> y = r.affected().get(1).steps();
    assertThat(y).extracting(EventStudy.Step::declined).containsExactly(true, true);
    assertThat(y).extracting(EventStudy.Step::continued).containsExactly(false, false);
    assertThat(r.affected().get(1).sentence())
        .isEqualTo(
            "Y: below its rate before the event in 2023-03, 2023-04; no further fall in a"
                + " following month.");
  }

  @Test
  void aClearLocalDeclineAndANationalOne() {
    Map<String, int[]> local = new LinkedHashMap<>();
    local.put("X", new int[] {95, 95, 85, 84});
    local.put("Y", new int[] {96, 96, 87, 86});
    local.put("X2", new int[] {94, 95, 84, 85});
    local.put("U1", new int[] {95, 95, 95, 94});
    local.put("U2", new int[] {94, 95, 94, 95});
    local.put("U3", new int[] {96, 96, 96, 96});
    Map<String, LocalDate> events =
        Map.of(
            "X",
            LocalDate.of(2023, 3, 1),
            "Y",
            LocalDate.of(2023, 3, 1),
            "X2",
            LocalDate.of(2023, 3, 1));
    EventStudy.Result r = EventStudy.run(data(local), "3G_SUNSET", events);
    assertThat(r.verdict()).isEqualTo(EventStudy.Verdict.LOCAL);
    assertThat(r.effect().below0()).isTrue();
    assertThat(r.sentence())
        .startsWith("Local to the affected areas")
        .endsWith("not a national effect.");

    Map<String, int[]> national = new LinkedHashMap<>();
    national.put("X", new int[] {95, 95, 90, 90});
    national.put("Y", new int[] {96, 96, 90, 91});
    national.put("U1", new int[] {95, 95, 90, 89});
    national.put("U2", new int[] {94, 95, 89, 90});
    national.put("U3", new int[] {96, 96, 90, 90});
    EventStudy.Result n = EventStudy.run(data(national), "3G_SUNSET", events);
    assertThat(n.verdict()).isEqualTo(EventStudy.Verdict.NATIONAL);
    assertThat(n.national().below0()).isTrue();
    assertThat(n.sentence()).startsWith("National, not local");
  }
}
