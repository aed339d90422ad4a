package uk.meterwatch.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/** Glidepaths: the fit, the month the target is reached, the standing of actuals, saved ones. */
class GlidepathTest {
  private static final List<ReportingMonth> FIT =
      RegionalData.months(ReportingMonth.of(2023, 3), ReportingMonth.of(2023, 7));
  // 96.0 96.4 96.5 97.1 97.2 %: the line of StatisticsTest with x = 0..4 (March = 0), so the
  // slope is 0.31 and the value at March 95.71 + 0.31 = 96.02.
  private static final List<Counts> RATES =
      List.of(
          new Counts(960, 1000),
          new Counts(964, 1000),
          new Counts(965, 1000),
          new Counts(971, 1000),
          new Counts(972, 1000));

  private static Glidepath fitted() {
    return Glidepath.fit(
        Subject.process("PREPAYMENT"),
        Scope.NATIONAL,
        FIT,
        RATES,
        97.5,
        ReportingMonth.of(2023, 12));
  }

  @Test
  void fitReachAndStanding() {
    Glidepath g = fitted();
    assertThat(g.fit().slope()).isCloseTo(0.31, within(1e-10));
    assertThat(g.fit().intercept()).isCloseTo(96.02, within(1e-10));
    // 96.02 + 0.31 x >= 97.5 from x = 4.77...: month 5 after March, August.
    assertThat(g.expectedToReach()).isEqualTo(ReportingMonth.of(2023, 8));
    // December is x = 9: 98.81 expected; the target far below it is very likely reached.
    assertThat(g.expected(ReportingMonth.of(2023, 12))).isCloseTo(98.81, within(1e-9));
    assertThat(g.chanceByTarget()).isGreaterThan(0.95);
    // Later actuals against the forecast: at x = 5 expected 97.57 with a half width of
    // t(3) s sqrt(1 + 1/5 + (5 - 2)^2 / 10) (s = 0.130384048104053, sqrt(2.1) = 1.449...):
    // 3.182446305 x 0.130384 x 1.449138 = 0.6013.
    List<ReportingMonth> months =
        RegionalData.months(ReportingMonth.of(2023, 3), ReportingMonth.of(2023, 9));
    List<Counts> actuals =
        List.of(
            RATES.get(0),
            RATES.get(1),
            RATES.get(2),
            RATES.get(3),
            RATES.get(4),
            new Counts(969, 1000), // 96.9 < 97.57 - 0.6013: below the interval
            new Counts(977, 1000)); // below the line 97.88, within its 0.69 half width
    List<Glidepath.Point> points = g.points(months, actuals, ReportingMonth.of(2023, 9));
    assertThat(points).hasSize(10); // March to December
    Glidepath.Point august = points.get(5);
    assertThat(august.fitted()).isFalse();
    assertThat(august.expected()).isCloseTo(97.57, within(1e-9));
    assertThat(august.upper() - august.expected())
        .isCloseTo(3.182446305 * 0.130384048104053 * Math.sqrt(2.1), within(1e-6));
    assertThat(august.standing()).isEqualTo(Glidepath.Standing.BELOW_INTERVAL);
    assertThat(points.get(6).standing()).isEqualTo(Glidepath.Standing.BELOW_LINE);
    assertThat(points.get(7).standing()).isEqualTo(Glidepath.Standing.NO_DATA);
    assertThat(points.get(0).fitted()).isTrue();
  }

  @Test
  void aFallingLineNeverReachesTheTarget() {
    Glidepath g =
        Glidepath.fit(
            Subject.process("PREPAYMENT"),
            Scope.NATIONAL,
            FIT,
            List.of(
                new Counts(97, 100),
                new Counts(96, 100),
                new Counts(96, 100),
                new Counts(95, 100),
                new Counts(94, 100)),
            97.5,
            ReportingMonth.of(2023, 12));
    assertThat(g.expectedToReach()).isNull();
    assertThat(g.chanceByTarget()).isLessThan(0.05);
  }

  @Test
  void aLineAboveTheTargetButFallingIsNotOnCourse() {
    // 98.25 98.15 98.05 97.95 97.85: 98.25 - 0.1 x, below 97.5 from x = 8 (November: 97.45;
    // October 97.55); December 97.35.
    Glidepath g =
        Glidepath.fit(
            Subject.process("PREPAYMENT"),
            Scope.NATIONAL,
            FIT,
            List.of(
                new Counts(9825, 10_000),
                new Counts(9815, 10_000),
                new Counts(9805, 10_000),
                new Counts(9795, 10_000),
                new Counts(9785, 10_000)),
            97.5,
            ReportingMonth.of(2023, 12));
    assertThat(g.fit().slope()).isCloseTo(-0.1, within(1e-10));
    assertThat(g.expectedToReach()).isNull();
    assertThat(g.expectedBelowTargetFrom()).isEqualTo(ReportingMonth.of(2023, 11));
    assertThat(g.chanceByTarget()).isLessThan(0.5);
    // one point higher, 98.35 % in December: at or above the target from the first month
    Glidepath high =
        Glidepath.fit(
            Subject.process("PREPAYMENT"),
            Scope.NATIONAL,
            FIT,
            List.of(
                new Counts(9925, 10_000),
                new Counts(9915, 10_000),
                new Counts(9905, 10_000),
                new Counts(9895, 10_000),
                new Counts(9885, 10_000)),
            97.5,
            ReportingMonth.of(2023, 12));
    assertThat(high.expectedToReach()).isEqualTo(ReportingMonth.of(2023, 3));
  }

  @Test
  void savedOnceAndReadBackAsForecast() {
    try (Store store = Store.inMemory()) {
      GlidepathStore saved = new GlidepathStore(store);
      Instant at = Instant.parse("2023-10-20T09:00:00Z");
      Glidepath g = saved.save(fitted(), "prepay-2023", at);
      Glidepath back = saved.find("prepay-2023").orElseThrow();
      assertThat(back).isEqualTo(g);
      assertThat(back.fit()).isEqualTo(fitted().fit());
      assertThat(back.savedAt()).isEqualTo(at);
      assertThat(saved.all()).containsExactly(g);
      assertThatThrownBy(() -> saved.save(fitted(), "prepay-2023", at))
          .isInstanceOf(MeterwatchException.class)
          .hasMessageContaining("already saved");
      assertThatThrownBy(() -> saved.save(fitted(), "bad name;", at))
          .isInstanceOf(MeterwatchException.class)
          .hasMessageContaining("a glidepath name");
    }
  }

  @Test
  void trendFlagsConsecutiveDeclinesAndTheMannKendallTrend() {
    List<ReportingMonth> months =
        RegionalData.months(ReportingMonth.of(2023, 1), ReportingMonth.of(2023, 7));
    // 98.1 97.9 98.0 97.5 97.9 97.2 96.8 on 10,000 each: the Mann-Kendall case of
    // StatisticsTest (S = -16, p 0.0113: a sustained downward trend). Falls (two-proportion z,
    // one-sided, Python): Feb -0.2 (p 0.156, not significant), Apr -0.5 (p 0.0086), Jun -0.7
    // (p 0.00068), Jul -0.4 (p 0.0487): June and July are two significant declines in a row.
    int[] successes = {9810, 9790, 9800, 9750, 9790, 9720, 9680};
    List<Counts> series = new java.util.ArrayList<>();
    for (int s : successes) {
      series.add(new Counts(s, 10_000));
    }
    TrendAnalysis.Result r =
        TrendAnalysis.of(Subject.process("PREPAYMENT"), "national", months, series);
    assertThat(r.mannKendall().s()).isEqualTo(-16);
    assertThat(r.downwardTrend()).isTrue();
    assertThat(r.points())
        .extracting(TrendAnalysis.Point::declined)
        .containsExactly(false, false, false, true, false, true, true);
    assertThat(r.runs())
        .containsExactly(
            new TrendAnalysis.Run(ReportingMonth.of(2023, 6), ReportingMonth.of(2023, 7), 2));
    assertThat(r.flags()).containsExactly("CONSECUTIVE_DECLINES", "DOWNWARD_TREND");
  }
}
