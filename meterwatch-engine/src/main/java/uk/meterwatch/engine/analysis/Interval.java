package uk.meterwatch.engine.analysis;

/**
 * An estimate with its two-sided confidence interval and the test behind it.
 *
 * @param estimate the point estimate
 * @param lower lower end of the interval
 * @param upper upper end of the interval
 * @param level the interval's confidence level, e.g. 0.95
 * @param standardError the estimate's standard error
 * @param degreesOfFreedom of the t distribution used (NaN for a normal one)
 * @param statistic the test statistic (t or z) for "no difference"
 * @param pValue two-sided p-value of that test
 */
public record Interval(
    double estimate,
    double lower,
    double upper,
    double level,
    double standardError,
    double degreesOfFreedom,
    double statistic,
    double pValue) {

  /** The whole interval is below 0. */
  public boolean below0() {
    return upper < 0;
  }

  /** The whole interval is above 0. */
  public boolean above0() {
    return lower > 0;
  }
}
