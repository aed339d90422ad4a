package uk.meterwatch.engine.analysis;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The Mann-Kendall test for a monotonic trend in a series (Mann 1945, Kendall 1975; as given by
 * Gilbert, Statistical Methods for Environmental Pollution Monitoring, 1987, section 16.4): S = the
 * sum over every pair i < j of sign(x_j - x_i); Var(S) = [n(n-1)(2n+5) - sum over groups of tied
 * values of t(t-1)(2t+5)] / 18; Z = (S - 1) / sqrt(Var S) for S > 0, (S + 1) / sqrt(Var S) for S <
 * 0, 0 for S = 0; the p-values from the standard normal distribution. The slope is Sen's (1968):
 * the median of (x_j - x_i) / (j - i) over the pairs.
 *
 * @param n values in the series
 * @param s the statistic S
 * @param variance Var(S), with the ties correction
 * @param z the normal score (continuity-corrected)
 * @param pDown one-sided p-value of a downward trend (P(Z <= z))
 * @param pTwoSided two-sided p-value of any trend
 * @param senSlope Sen's slope, per step of the series
 */
public record MannKendall(
    int n, long s, double variance, double z, double pDown, double pTwoSided, double senSlope) {

  public static final String NAME = "Mann-Kendall test (normal approximation, ties corrected)";

  /** The test of a series (three values at least). */
  public static MannKendall of(double[] x) {
    int n = x.length;
    if (n < 3) {
      throw new IllegalArgumentException("Mann-Kendall needs three values at least");
    }
    long s = 0;
    double[] slopes = new double[n * (n - 1) / 2];
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        s += (long) Math.signum(x[j] - x[i]);
        slopes[k++] = (x[j] - x[i]) / (j - i);
      }
    }
    Map<Double, Integer> ties = new HashMap<>();
    for (double v : x) {
      ties.merge(v, 1, Integer::sum);
    }
    double tieTerm = 0;
    for (int t : ties.values()) {
      tieTerm += (double) t * (t - 1) * (2 * t + 5);
    }
    double variance = ((double) n * (n - 1) * (2 * n + 5) - tieTerm) / 18.0;
    double z;
    if (s > 0) {
      z = (s - 1) / Math.sqrt(variance);
    } else if (s < 0) {
      z = (s + 1) / Math.sqrt(variance);
    } else {
      z = 0;
    }
    double pDown = variance == 0 ? 1 : Tests.normalCdf(z);
    double pTwo = variance == 0 ? 1 : 2 * Tests.normalCdf(-Math.abs(z));
    Arrays.sort(slopes);
    int m = slopes.length;
    double sen = m % 2 == 1 ? slopes[m / 2] : (slopes[m / 2 - 1] + slopes[m / 2]) / 2;
    return new MannKendall(n, s, variance, z, pDown, Math.min(1, pTwo), sen);
  }
}
