package uk.meterwatch.engine.analysis;

import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Declines and trend in a monthly series of success rates (docs/analysis.md):
 *
 * <ul>
 *   <li>a month <em>declined</em> when its rate is below the previous month's and the one-sided
 *       two-proportion z-test of that fall has p below 0.05 (so noise in small counts is not a
 *       decline);
 *   <li><em>consecutive declines</em>: two or more declined months in a row, flagged;
 *   <li>a <em>sustained downward trend</em>: the Mann-Kendall test over the months with data, S
 *       below 0 and its one-sided p-value below 0.05, flagged, with Sen's slope in points a month.
 * </ul>
 */
public final class TrendAnalysis {
  /** One month of the series. */
  public record Point(
      ReportingMonth month,
      Counts counts,
      Double rate,
      Double change,
      double pDecline,
      boolean declined,
      int run) {}

  /** A run of consecutive declined months. */
  public record Run(ReportingMonth from, ReportingMonth to, int months) {}

  /**
   * The analysis.
   *
   * @param points every month of the range
   * @param runs the runs of two or more declined months
   * @param mannKendall the test over the months with data (null with fewer than three)
   * @param consecutiveDeclines flagged: some run of two or more declined months
   * @param downwardTrend flagged: Mann-Kendall S below 0 with one-sided p below 0.05
   */
  public record Result(
      Subject subject,
      String scope,
      List<Point> points,
      List<Run> runs,
      MannKendall mannKendall,
      boolean consecutiveDeclines,
      boolean downwardTrend,
      String test) {

    public List<String> flags() {
      List<String> flags = new ArrayList<>();
      if (consecutiveDeclines) {
        flags.add("CONSECUTIVE_DECLINES");
      }
      if (downwardTrend) {
        flags.add("DOWNWARD_TREND");
      }
      return flags;
    }
  }

  private TrendAnalysis() {}

  public static Result of(
      Subject subject, String scope, List<ReportingMonth> months, List<Counts> series) {
    List<Point> points = new ArrayList<>();
    List<Run> runs = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    int run = 0;
    ReportingMonth runStart = null;
    for (int i = 0; i < months.size(); i++) {
      Counts now = series.get(i);
      Double change = null;
      double p = 1;
      if (i > 0) {
        change = EventStudy.change(series.get(i - 1), now);
        p = Tests.declineZ(series.get(i - 1), now)[1];
      }
      boolean declined = change != null && change < 0 && p < Tests.ALPHA;
      if (declined) {
        if (run == 0) {
          runStart = months.get(i);
        }
        run++;
      } else {
        if (run >= 2) {
          runs.add(new Run(runStart, months.get(i - 1), run));
        }
        run = 0;
      }
      points.add(new Point(months.get(i), now, now.rate(), change, p, declined, run));
      if (now.rate() != null) {
        rates.add(now.rate());
      }
    }
    if (run >= 2) {
      runs.add(new Run(runStart, months.get(months.size() - 1), run));
    }
    MannKendall mk =
        rates.size() >= 3
            ? MannKendall.of(rates.stream().mapToDouble(Double::doubleValue).toArray())
            : null;
    boolean down = mk != null && mk.s() < 0 && mk.pDown() < Tests.ALPHA;
    return new Result(subject, scope, points, runs, mk, !runs.isEmpty(), down, MannKendall.NAME);
  }
}
