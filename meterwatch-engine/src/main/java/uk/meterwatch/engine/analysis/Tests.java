package uk.meterwatch.engine.analysis;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * The classical tests the analysis uses, on Apache Commons Math's distributions. Each is named in
 * the output and in docs/analysis.md.
 */
public final class Tests {
  /** The confidence level of every interval. */
  public static final double LEVEL = 0.95;

  /** The significance level of every flag (one-sided where the question is "a decline"). */
  public static final double ALPHA = 0.05;

  private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

  private Tests() {}

  /**
   * Welch's two-sample t-test of mean(a) - mean(b) (unequal variances; Welch-Satterthwaite degrees
   * of freedom), with its confidence interval. Each sample needs two values at least.
   */
  public static Interval welch(double[] a, double[] b) {
    if (a.length < 2 || b.length < 2) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "Welch's t-test needs two values at least in each group");
    }
    double va = StatUtils.variance(a) / a.length;
    double vb = StatUtils.variance(b) / b.length;
    double se = Math.sqrt(va + vb);
    double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
    return tInterval(StatUtils.mean(a) - StatUtils.mean(b), se, df);
  }

  /**
   * A single value against a sample of the same kind: t = (x - mean(b)) / (s_b x sqrt(1 + 1/n)), n
   * - 1 degrees of freedom (the prediction-interval test: is x outside what the sample gives).
   */
  public static Interval singleAgainst(double x, double[] b) {
    if (b.length < 2) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "comparing one value needs two values at least in the other group");
    }
    double se = Math.sqrt(StatUtils.variance(b) * (1 + 1.0 / b.length));
    return tInterval(x - StatUtils.mean(b), se, b.length - 1);
  }

  /** One-sample t-test of mean(a) against 0, with its confidence interval. */
  public static Interval oneSample(double[] a) {
    if (a.length < 2) {
      throw new MeterwatchException(ErrorCode.USAGE, "a one-sample t-test needs two values");
    }
    return tInterval(StatUtils.mean(a), Math.sqrt(StatUtils.variance(a) / a.length), a.length - 1);
  }

  /** estimate +- t(df, 0.975) x se, with the two-sided p-value of estimate / se. */
  static Interval tInterval(double estimate, double se, double df) {
    if (se == 0 || Double.isNaN(se)) {
      // No spread at all: the estimate is what it is; no interval can be drawn from the data.
      double p = estimate == 0 ? 1 : 0;
      double stat = estimate == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, estimate);
      return new Interval(estimate, estimate, estimate, LEVEL, 0, df, stat, p);
    }
    TDistribution t = new TDistribution(null, df);
    double q = t.inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
    double stat = estimate / se;
    double p = 2 * t.cumulativeProbability(-Math.abs(stat));
    return new Interval(estimate, estimate - q * se, estimate + q * se, LEVEL, se, df, stat, p);
  }

  /**
   * The two-proportion z-test of "the second rate is lower than the first" (pooled proportion under
   * the null), one-sided: returns {z, p}. p is 1 when either total is 0.
   */
  public static double[] declineZ(Counts before, Counts after) {
    if (before.total() == 0 || after.total() == 0) {
      return new double[] {0, 1};
    }
    double p1 = (double) before.successes() / before.total();
    double p2 = (double) after.successes() / after.total();
    double pooled =
        (double) (before.successes() + after.successes()) / (before.total() + after.total());
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / before.total() + 1.0 / after.total()));
    if (se == 0) {
      return new double[] {0, 1};
    }
    double z = (p2 - p1) / se;
    return new double[] {z, NORMAL.cumulativeProbability(z)};
  }

  /** Standard normal distribution function. */
  static double normalCdf(double z) {
    return NORMAL.cumulativeProbability(z);
  }
}
