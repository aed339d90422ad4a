package uk.meterwatch.engine.analysis;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * An ordinary least-squares line y = intercept + slope x with what its prediction intervals need
 * (Commons Math's {@link SimpleRegression}). The prediction interval at x0 is yhat +- t(n-2, 0.975)
 * x s x sqrt(1 + 1/n + (x0 - mean x)^2 / Sxx), s the residual standard error (e.g. Montgomery, Peck
 * and Vining, Introduction to Linear Regression Analysis, section 2.5).
 *
 * @param n points fitted (three at least)
 * @param intercept the fitted value at x = 0
 * @param slope change of y per unit of x
 * @param meanX mean of the x values
 * @param sxx sum of squared deviations of x from its mean
 * @param residualSd s = sqrt(SSE / (n - 2))
 * @param slopePValue two-sided p-value of the t-test of "slope = 0"
 */
public record LinearFit(
    int n,
    double intercept,
    double slope,
    double meanX,
    double sxx,
    double residualSd,
    double slopePValue) {

  public static final String NAME = "ordinary least-squares line, t prediction interval";

  public static LinearFit of(double[] x, double[] y) {
    if (x.length != y.length || x.length < 3) {
      throw new IllegalArgumentException("a line with intervals needs three points at least");
    }
    SimpleRegression r = new SimpleRegression(true);
    for (int i = 0; i < x.length; i++) {
      r.addData(x[i], y[i]);
    }
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= x.length;
    double sd = Math.sqrt(r.getMeanSquareError());
    double p = r.getSlopeStdErr() == 0 ? (r.getSlope() == 0 ? 1 : 0) : r.getSignificance();
    return new LinearFit(x.length, r.getIntercept(), r.getSlope(), mean, r.getXSumSquares(), sd, p);
  }

  public double predict(double x) {
    return intercept + slope * x;
  }

  /** Half the width of the prediction interval of a new value at x (confidence LEVEL). */
  public double predictionHalfWidth(double x) {
    return quantile() * residualSd * Math.sqrt(1 + 1.0 / n + (x - meanX) * (x - meanX) / sxx);
  }

  /** P(a new value at x >= level) under the fitted line's predictive t distribution. */
  public double chanceAtLeast(double x, double level) {
    double scale = residualSd * Math.sqrt(1 + 1.0 / n + (x - meanX) * (x - meanX) / sxx);
    if (scale == 0) {
      return predict(x) >= level ? 1 : 0;
    }
    return 1 - new TDistribution(null, n - 2).cumulativeProbability((level - predict(x)) / scale);
  }

  private double quantile() {
    return new TDistribution(null, n - 2).inverseCumulativeProbability(1 - (1 - Tests.LEVEL) / 2);
  }
}
