package uk.meterwatch.engine.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * A glidepath: a straight line fitted by least squares to a series' monthly rates over the fit
 * months, extended month by month with its 95 % prediction interval, the month it is expected to
 * reach a target, and each month's actual against it (docs/analysis.md). A saved glidepath keeps
 * the fitted line, so later months are judged against what was forecast, not a refit.
 *
 * @param name the saved name (null until saved)
 * @param fitFrom month index 0 of the line
 * @param fitTo the last month fitted
 * @param fit the line (x = months since fitFrom)
 */
public record Glidepath(
    String name,
    Subject subject,
    Scope scope,
    double target,
    ReportingMonth by,
    ReportingMonth fitFrom,
    ReportingMonth fitTo,
    LinearFit fit,
    Instant savedAt) {

  public static final String METHOD =
      "ordinary least-squares line over the fit months, 95 % t prediction interval";

  /** How a month's actual stands against the glidepath. */
  public enum Standing {
    /** At or above the line. */
    ON_OR_ABOVE,
    /** Below the line, within the prediction interval. */
    BELOW_LINE,
    /** Below the prediction interval. */
    BELOW_INTERVAL,
    /** Above the prediction interval. */
    ABOVE_INTERVAL,
    /** No data for the month. */
    NO_DATA
  }

  /**
   * One month of the glidepath.
   *
   * @param fitted whether the month was one the line was fitted to
   */
  public record Point(
      ReportingMonth month,
      boolean fitted,
      Counts actual,
      double expected,
      double lower,
      double upper,
      Standing standing) {}

  /** Fits a glidepath to the months with data of a series (three at least). */
  public static Glidepath fit(
      Subject subject,
      Scope scope,
      List<ReportingMonth> months,
      List<Counts> series,
      double target,
      ReportingMonth by) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    ReportingMonth from = months.get(0);
    for (int i = 0; i < months.size(); i++) {
      Double rate = series.get(i).rate();
      if (rate != null) {
        xs.add((double) index(from, months.get(i)));
        ys.add(rate);
      }
    }
    if (xs.size() < 3) {
      throw new uk.meterwatch.core.error.MeterwatchException(
          uk.meterwatch.core.error.ErrorCode.INVALID_VALUE,
          "a glidepath needs three months with data at least in its fit months ("
              + xs.size()
              + " of "
              + months.size()
              + " have data)");
    }
    LinearFit fit =
        LinearFit.of(
            xs.stream().mapToDouble(Double::doubleValue).toArray(),
            ys.stream().mapToDouble(Double::doubleValue).toArray());
    return new Glidepath(
        null, subject, scope, target, by, from, months.get(months.size() - 1), fit, null);
  }

  public Glidepath saved(String newName, Instant at) {
    return new Glidepath(newName, subject, scope, target, by, fitFrom, fitTo, fit, at);
  }

  /** Months from fitFrom to a month. */
  public static int index(ReportingMonth from, ReportingMonth month) {
    return (month.month().getYear() - from.month().getYear()) * 12
        + month.month().getMonthValue()
        - from.month().getMonthValue();
  }

  public double expected(ReportingMonth month) {
    return fit.predict(index(fitFrom, month));
  }

  /**
   * The first month from which the line is at or above the target through the target month: for a
   * rising line the first month it reaches the target (looked for up to ten years after the target
   * month); for a flat or falling line fitFrom when it is still at or above the target in the
   * target month. Null when the line is not expected to be at the target (then, for a falling line,
   * {@link #expectedBelowTargetFrom} says when it drops below).
   */
  public ReportingMonth expectedToReach() {
    if (fit.slope() <= 0) {
      return expected(by) >= target ? fitFrom : null;
    }
    for (ReportingMonth m = fitFrom; m.compareTo(limit()) <= 0; m = m.next()) {
      if (expected(m) >= target) {
        return m;
      }
    }
    return null;
  }

  /** For a falling line, the first month from fitFrom whose expected value is below the target. */
  public ReportingMonth expectedBelowTargetFrom() {
    if (fit.slope() >= 0) {
      return null;
    }
    for (ReportingMonth m = fitFrom; m.compareTo(limit()) <= 0; m = m.next()) {
      if (expected(m) < target) {
        return m;
      }
    }
    return null;
  }

  private ReportingMonth limit() {
    ReportingMonth limit = by;
    for (int i = 0; i < 120; i++) {
      limit = limit.next();
    }
    return limit;
  }

  /** The chance that the target month's actual is at or above the target (predictive t). */
  public double chanceByTarget() {
    return fit.chanceAtLeast(index(fitFrom, by), target);
  }

  /**
   * The glidepath in one sentence: whether and when the line reaches the target, its slope and the
   * chance of the target in the target month (the glidepath command's table and JSON, the pack).
   */
  public String sentence() {
    ReportingMonth reach = expectedToReach();
    String chance =
        String.format(
            Locale.ROOT,
            "chance of %.2f %% or more in %s: %.0f %%",
            target,
            by,
            100 * chanceByTarget());
    String slope = String.format(Locale.ROOT, "%+.3f points a month", fit.slope());
    if (reach == null) {
      ReportingMonth below = expectedBelowTargetFrom();
      if (below != null && below.compareTo(fitFrom) > 0) {
        return String.format(
            Locale.ROOT,
            "At or above %.2f %% at first but falling (%s): expected below it from %s, by the"
                + " target month %s; %s.",
            target,
            slope,
            below,
            by,
            chance);
      }
      return String.format(
          Locale.ROOT,
          "Not expected to reach %.2f %% on this trajectory (%s); %s.",
          target,
          slope,
          chance);
    }
    if (reach.compareTo(fitTo) <= 0) {
      return String.format(
          Locale.ROOT,
          "On course: the line is at or above %.2f %% from %s through the target month %s (%s);"
              + " %s.",
          target,
          reach,
          by,
          slope,
          chance);
    }
    return String.format(
        Locale.ROOT,
        "Expected to reach %.2f %% in %s, %s the target month %s (%s); %s.",
        target,
        reach,
        reach.compareTo(by) <= 0 ? "by" : "after",
        by,
        slope,
        chance);
  }

  /** The glidepath's months from fitFrom to the later of {@code through} and the target month. */
  public List<Point> points(
      List<ReportingMonth> months, List<Counts> actuals, ReportingMonth through) {
    ReportingMonth last = through.compareTo(by) > 0 ? through : by;
    List<Point> out = new ArrayList<>();
    for (ReportingMonth m = fitFrom; m.compareTo(last) <= 0; m = m.next()) {
      int i = months.indexOf(m);
      Counts actual = i < 0 ? Counts.NONE : actuals.get(i);
      double x = index(fitFrom, m);
      double e = fit.predict(x);
      double h = fit.predictionHalfWidth(x);
      Standing s;
      Double rate = actual.rate();
      if (rate == null) {
        s = Standing.NO_DATA;
      } else if (rate < e - h) {
        s = Standing.BELOW_INTERVAL;
      } else if (rate > e + h) {
        s = Standing.ABOVE_INTERVAL;
      } else if (rate < e) {
        s = Standing.BELOW_LINE;
      } else {
        s = Standing.ON_OR_ABOVE;
      }
      out.add(new Point(m, m.compareTo(fitTo) <= 0, actual, e, e - h, e + h, s));
    }
    return out;
  }
}
