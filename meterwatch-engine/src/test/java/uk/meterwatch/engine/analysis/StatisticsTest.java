package uk.meterwatch.engine.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The tests of the analysis on cases with published or independently computed answers. Where a
 * value was computed independently, it was with Python 3's standard library (math.erfc for the
 * normal distribution, fractions.Fraction for exact least squares), from the formulas cited in the
 * classes under test.
 */
class StatisticsTest {
  // Student's sleep data (Cushny and Peebles, as published by Student in 1908), the example of R's
  // t.test documentation: extra hours of sleep with each of two drugs, ten patients.
  private static final double[] DRUG_1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
  private static final double[] DRUG_2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

  @Test
  void welchMatchesTheSleepDataExample() {
    // R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939,
    // 95 percent confidence interval: -3.3654832 0.2054832.
    Interval i = Tests.welch(DRUG_1, DRUG_2);
    assertThat(i.estimate()).isCloseTo(-1.58, within(1e-12));
    assertThat(i.statistic()).isCloseTo(-1.8608, within(5e-5));
    assertThat(i.degreesOfFreedom()).isCloseTo(17.776, within(5e-4));
    assertThat(i.pValue()).isCloseTo(0.07939, within(5e-6));
    assertThat(i.lower()).isCloseTo(-3.3654832, within(5e-8));
    assertThat(i.upper()).isCloseTo(0.2054832, within(5e-8));
    assertThat(i.below0()).isFalse();
  }

  @Test
  void oneSampleMatchesThePairedSleepDataExample() {
    // R: t.test(extra ~ group, data = sleep, paired = TRUE): t = -4.0621, df = 9,
    // p-value = 0.002833, 95 percent confidence interval: -2.4598858 -0.7001142.
    double[] differences = new double[DRUG_1.length];
    for (int i = 0; i < differences.length; i++) {
      differences[i] = DRUG_1[i] - DRUG_2[i];
    }
    Interval i = Tests.oneSample(differences);
    assertThat(i.estimate()).isCloseTo(-1.58, within(1e-12));
    assertThat(i.statistic()).isCloseTo(-4.0621, within(5e-5));
    assertThat(i.degreesOfFreedom()).isEqualTo(9);
    assertThat(i.pValue()).isCloseTo(0.002833, within(5e-7));
    assertThat(i.lower()).isCloseTo(-2.4598858, within(5e-8));
    assertThat(i.upper()).isCloseTo(-0.7001142, within(5e-8));
    assertThat(i.below0()).isTrue();
  }

  @Test
  void singleValueAgainstASampleIsAPredictionIntervalTest() {
    // x = 3 against {1, 2, 3, 4}: mean 2.5, variance 5/3, se = sqrt(5/3 x 5/4) = sqrt(25/12),
    // t = 0.5 / sqrt(25/12) = 0.34641016..., 3 degrees of freedom; t(3, 0.975) = 3.182446305
    // (any t table gives 3.182).
    Interval i = Tests.singleAgainst(3, new double[] {1, 2, 3, 4});
    double se = Math.sqrt(25.0 / 12);
    assertThat(i.standardError()).isCloseTo(se, within(1e-12));
    assertThat(i.statistic()).isCloseTo(0.5 / se, within(1e-12));
    assertThat(i.degreesOfFreedom()).isEqualTo(3);
    assertThat(i.upper()).isCloseTo(0.5 + 3.182446305 * se, within(1e-8));
  }

  @Test
  void twoProportionDecline() {
    // 950/1000 then 920/1000: pooled 0.935, z = -0.03 / sqrt(0.935 x 0.065 x 2/1000)
    // = -2.721095431170465, one-sided p = Phi(z) = 0.003253298741818984 (Python, math.erfc).
    double[] zp = Tests.declineZ(new Counts(950, 1000), new Counts(920, 1000));
    assertThat(zp[0]).isCloseTo(-2.721095431170465, within(1e-12));
    assertThat(zp[1]).isCloseTo(0.003253298741818984, within(1e-12));
    assertThat(Tests.declineZ(new Counts(0, 0), new Counts(5, 10))[1]).isEqualTo(1.0);
  }

  @Test
  void mannKendallWithATie() {
    // 98.1 97.9 98.0 97.5 97.9 97.2 96.8: S = -16; one tie of two (97.9), so
    // Var S = (7 x 6 x 19 - 2 x 1 x 9) / 18 = 780 / 18 = 43.333...; Z = (S + 1) / sqrt(Var S)
    // = -2.27866357593825; P(Z <= z) = 0.011343535767743022; two-sided 0.022687071535486044;
    // Sen's slope = median of the 21 pairwise slopes = -0.2 (Python, from Gilbert 1987, 16.4).
    MannKendall mk = MannKendall.of(new double[] {98.1, 97.9, 98.0, 97.5, 97.9, 97.2, 96.8});
    assertThat(mk.s()).isEqualTo(-16);
    assertThat(mk.variance()).isCloseTo(780.0 / 18, within(1e-12));
    assertThat(mk.z()).isCloseTo(-2.27866357593825, within(1e-12));
    assertThat(mk.pDown()).isCloseTo(0.011343535767743022, within(1e-12));
    assertThat(mk.pTwoSided()).isCloseTo(0.022687071535486044, within(1e-12));
    assertThat(mk.senSlope()).isCloseTo(-0.2, within(1e-12));
  }

  @Test
  void mannKendallOfAFlatOrRisingSeries() {
    MannKendall flat = MannKendall.of(new double[] {97, 97, 97, 97});
    assertThat(flat.s()).isZero();
    assertThat(flat.pDown()).isEqualTo(1.0);
    // 1 2 3 4 5: S = 10, Var S = 5 x 4 x 15 / 18 = 50/3, Z = 9 / sqrt(50/3) = 2.2045...
    MannKendall rising = MannKendall.of(new double[] {1, 2, 3, 4, 5});
    assertThat(rising.s()).isEqualTo(10);
    assertThat(rising.z()).isCloseTo(9 / Math.sqrt(50.0 / 3), within(1e-12));
    assertThat(rising.pDown()).isGreaterThan(0.98);
  }

  @Test
  void lineAndPredictionInterval() {
    // x 1..5, y 96.0 96.4 96.5 97.1 97.2: exactly (fractions) slope 31/100, intercept 9571/100,
    // Sxx 10, s = 0.130384048104053; at x0 = 8: yhat = 98.19, s sqrt(1 + 1/5 + 12.25/10)
    // = 0.25079872407968906; t(3, 0.975) = 3.182446305 (tables: 3.182), half width
    // 0.798153472746121.
    LinearFit f =
        LinearFit.of(new double[] {1, 2, 3, 4, 5}, new double[] {96.0, 96.4, 96.5, 97.1, 97.2});
    assertThat(f.slope()).isCloseTo(0.31, within(1e-12));
    assertThat(f.intercept()).isCloseTo(95.71, within(1e-10));
    assertThat(f.sxx()).isCloseTo(10, within(1e-12));
    assertThat(f.residualSd()).isCloseTo(0.130384048104053, within(1e-10));
    assertThat(f.predict(8)).isCloseTo(98.19, within(1e-10));
    assertThat(f.predictionHalfWidth(8)).isCloseTo(0.798153472746121, within(1e-8));
    // The predictive distribution is centred on yhat: half the chance of reaching it.
    assertThat(f.chanceAtLeast(8, 98.19)).isCloseTo(0.5, within(1e-9));
    // and the interval's upper end is reached with 2.5 % chance.
    assertThat(f.chanceAtLeast(8, 98.19 + 0.798153472746121)).isCloseTo(0.025, within(1e-8));
  }
}
