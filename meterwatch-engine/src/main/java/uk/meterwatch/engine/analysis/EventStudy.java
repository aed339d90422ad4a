package uk.meterwatch.engine.analysis;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.stat.StatUtils;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Whether a network event (e.g. the 3G switch-off, area_events 3G_SUNSET) lowered success in the
 * areas it reached: a difference-in-differences of success rates, area by area, with the areas it
 * did not reach as the comparison, each affected area over its own months before and after its
 * event (so areas switched off on different dates are each compared over their own months).
 * docs/analysis.md gives the definitions; in short, in percentage points:
 *
 * <ul>
 *   <li>An affected area's event month is the month (UK) of its effective_on. Its <em>after</em>
 *       months run from that month when the event took effect on its first day, else from the next
 *       month (a month the event took effect in part of is neither before nor after); its
 *       <em>before</em> months are the range's months before the event month. An area with no month
 *       before or none after in the range is listed and left out.
 *   <li>change(x, a) = success rate of area x over a's after months minus over a's before months
 *       (counts pooled over the months).
 *   <li>For an affected area a: D_a = change(a, a) - the mean over unaffected areas u of change(u,
 *       a).
 *   <li>For an unaffected area u, its placebo value P_u = the mean over affected areas a of
 *       (change(u, a) - the mean over unaffected areas of change(., a)).
 *   <li>The effect = mean D - mean P, with Welch's t-test and its 95 % confidence interval (one
 *       affected area: D against the P values, t with n - 1 degrees of freedom). Areas are the
 *       units: an area's own noise and clustered failures (bad days of a hub or a region) are in
 *       the spread between areas, so the interval is not made narrow by counting transactions as
 *       independent.
 *   <li>The national change: the mean over unaffected areas of their change over the affected
 *       areas' months, with a one-sample t-test and interval.
 * </ul>
 */
public final class EventStudy {
  public static final String TEST =
      "difference-in-differences by area (unaffected areas as comparison), Welch's t-test";

  /** The plain-words verdict. */
  public enum Verdict {
    /** Affected areas fell significantly more than unaffected ones. */
    LOCAL,
    /** Unaffected areas fell significantly, and affected areas not significantly more. */
    NATIONAL,
    /** Neither. */
    NOT_SHOWN
  }

  /**
   * One month of an affected area from its event month on.
   *
   * @param change rate minus the previous month's rate, points (null without counts)
   * @param pBelowBefore one-sided p-value of the two-proportion z-test of this month's rate being
   *     below the area's rate over its months before the event
   * @param declined below the before rate with pBelowBefore under 0.05
   * @param continued declined, the month before declined too, and the rate fell again from it: the
   *     decline continued in this month
   */
  public record Step(
      ReportingMonth month,
      Counts counts,
      Double rate,
      Double change,
      double pBelowBefore,
      boolean declined,
      boolean continued) {}

  /**
   * An affected area.
   *
   * @param area the area
   * @param region its region
   * @param effectiveOn the event's date
   * @param firstAfter its first month after the event (null when none in range)
   * @param before counts over its before months
   * @param after counts over its after months
   * @param change change(a, a), points
   * @param comparisonChange the mean change of unaffected areas over the same months, points
   * @param difference D_a, points
   * @param steps its months from the event month on
   * @param excludedWhy why it was left out of the estimate, or null
   */
  public record AffectedArea(
      String area,
      String region,
      LocalDate effectiveOn,
      ReportingMonth firstAfter,
      Counts before,
      Counts after,
      Double change,
      Double comparisonChange,
      Double difference,
      List<Step> steps,
      String excludedWhy) {

    /** The decline continued into a following month somewhere after the event. */
    public boolean continued() {
      return steps.stream().anyMatch(Step::continued);
    }

    /** One sentence on this area's months after its event. */
    public String sentence() {
      List<String> declined =
          steps.stream().filter(Step::declined).map(s -> s.month().toString()).toList();
      List<String> continued =
          steps.stream().filter(Step::continued).map(s -> s.month().toString()).toList();
      if (declined.isEmpty()) {
        return area
            + ": no month from "
            + steps.get(0).month()
            + " on significantly below its rate before the event.";
      }
      if (continued.isEmpty()) {
        return area
            + ": below its rate before the event in "
            + String.join(", ", declined)
            + "; no further fall in a following month.";
      }
      return area
          + ": below its rate before the event in "
          + String.join(", ", declined)
          + "; the decline continued (a further fall) in "
          + String.join(", ", continued)
          + ".";
    }
  }

  /**
   * The study.
   *
   * @param effect mean D - mean P, with its interval (null when it cannot be computed)
   * @param national the unaffected areas' mean change (null when fewer than two)
   * @param affectedChange the affected areas' mean own change, points (null when none)
   * @param unaffected the unaffected areas used as comparison
   * @param placebo each unaffected area's placebo value P_u
   * @param verdict in plain words
   * @param sentence the verdict as a sentence with its figures
   * @param test the test used, by name
   */
  public record Result(
      String event,
      Subject subject,
      ReportingMonth from,
      ReportingMonth to,
      List<AffectedArea> affected,
      List<String> unaffected,
      Map<String, Double> placebo,
      Interval effect,
      Interval national,
      Double affectedChange,
      Verdict verdict,
      String sentence,
      String test) {}

  private EventStudy() {}

  public static Result run(RegionalData data, String event, Map<String, LocalDate> events) {
    List<ReportingMonth> months = data.months();
    ReportingMonth from = months.get(0);
    ReportingMonth to = months.get(months.size() - 1);
    List<String> unaffected = new ArrayList<>();
    List<String> affectedNames = new ArrayList<>();
    for (String area : data.keys(Level.AREA)) {
      if (Geography.UNKNOWN.equals(area)) {
        continue; // no area: neither affected nor a comparison
      }
      LocalDate on = events.get(area);
      if (on == null || monthOf(on).compareTo(to) > 0) {
        unaffected.add(area); // no event, or none until after the range
      } else {
        affectedNames.add(area);
      }
    }
    List<AffectedArea> affected = new ArrayList<>();
    List<Double> differences = new ArrayList<>();
    List<List<ReportingMonth>[]> windows = new ArrayList<>();
    List<Double> comparisonMeans = new ArrayList<>();
    for (String area : affectedNames) {
      LocalDate on = events.get(area);
      ReportingMonth eventMonth = monthOf(on);
      ReportingMonth firstAfter = on.equals(eventMonth.firstDay()) ? eventMonth : eventMonth.next();
      List<ReportingMonth> before =
          months.stream().filter(m -> m.compareTo(eventMonth) < 0).toList();
      List<ReportingMonth> after =
          months.stream().filter(m -> m.compareTo(firstAfter) >= 0).toList();
      Counts b = sum(data, area, before);
      List<Step> steps = steps(data, area, eventMonth.compareTo(from) < 0 ? from : eventMonth, b);
      String why = null;
      if (before.isEmpty()) {
        why = "no month before its event in the range";
      } else if (after.isEmpty()) {
        why = "no month after its event in the range";
      }
      Counts a = sum(data, area, after);
      Double change = why == null ? change(b, a) : null;
      if (why == null && change == null) {
        why = "no " + data.subject().totalWord() + " before or after its event";
      }
      Double comparison = null;
      Double difference = null;
      if (why == null) {
        comparison = meanChange(data, unaffected, before, after);
        if (comparison == null) {
          why = "no unaffected area with " + data.subject().totalWord() + " over its months";
        } else {
          difference = change - comparison;
          differences.add(difference);
          @SuppressWarnings("unchecked")
          List<ReportingMonth>[] w = new List[] {before, after};
          windows.add(w);
          comparisonMeans.add(comparison);
        }
      }
      affected.add(
          new AffectedArea(
              area,
              data.geography().region(area),
              on,
              after.isEmpty() ? null : firstAfter,
              b,
              a,
              change,
              comparison,
              difference,
              steps,
              why));
    }
    // Placebo values and national changes of the unaffected areas, over the affected windows.
    Map<String, Double> placebo = new TreeMap<>(RegionalData::compareKeys);
    List<Double> nationalChanges = new ArrayList<>();
    for (String u : unaffected) {
      double sumPlacebo = 0;
      double sumChange = 0;
      int n = 0;
      for (int i = 0; i < windows.size(); i++) {
        Double c = change(sum(data, u, windows.get(i)[0]), sum(data, u, windows.get(i)[1]));
        if (c != null) {
          sumPlacebo += c - comparisonMeans.get(i);
          sumChange += c;
          n++;
        }
      }
      if (n > 0) {
        placebo.put(u, sumPlacebo / n);
        nationalChanges.add(sumChange / n);
      }
    }
    double[] d = differences.stream().mapToDouble(Double::doubleValue).toArray();
    double[] p = placebo.values().stream().mapToDouble(Double::doubleValue).toArray();
    Interval effect = null;
    if (d.length >= 2 && p.length >= 2) {
      effect = Tests.welch(d, p);
    } else if (d.length == 1 && p.length >= 2) {
      effect = Tests.singleAgainst(d[0], p);
    }
    double[] nc = nationalChanges.stream().mapToDouble(Double::doubleValue).toArray();
    Interval national = nc.length >= 2 ? Tests.oneSample(nc) : null;
    Double affectedChange =
        d.length == 0
            ? null
            : affected.stream()
                .filter(x -> x.difference() != null)
                .mapToDouble(AffectedArea::change)
                .average()
                .orElseThrow();
    Verdict verdict;
    if (effect != null && effect.below0()) {
      verdict = Verdict.LOCAL;
    } else if (national != null && national.below0()) {
      verdict = Verdict.NATIONAL;
    } else {
      verdict = Verdict.NOT_SHOWN;
    }
    String sentence =
        sentence(
            verdict, event, data.subject(), effect, national, affectedChange, d.length, nc.length);
    return new Result(
        event,
        data.subject(),
        from,
        to,
        affected,
        unaffected,
        placebo,
        effect,
        national,
        affectedChange,
        verdict,
        sentence,
        TEST);
  }

  private static String sentence(
      Verdict verdict,
      String event,
      Subject subject,
      Interval effect,
      Interval national,
      Double affectedChange,
      int nAffected,
      int nUnaffected) {
    if (effect == null) {
      return "Not shown by the data: "
          + (nAffected == 0
              ? "no area with " + event + " has months before and after it in the range."
              : "too few unaffected areas with data to compare (" + nUnaffected + ").");
    }
    String effectText =
        String.format(
            Locale.ROOT,
            "%+.2f points (95 %% CI %+.2f to %+.2f, p = %s)",
            effect.estimate(),
            effect.lower(),
            effect.upper(),
            p(effect.pValue()));
    String nationalText =
        national == null
            ? "unaffected areas: too few to test"
            : String.format(
                Locale.ROOT,
                "unaffected areas changed by %+.2f points (95 %% CI %+.2f to %+.2f)",
                national.estimate(),
                national.lower(),
                national.upper());
    return switch (verdict) {
      case LOCAL ->
          String.format(
                  Locale.ROOT,
                  "Local to the affected areas: after their %s, success in the %d affected areas"
                      + " changed by %+.2f points, %s relative to unaffected areas over the same"
                      + " months; ",
                  event,
                  nAffected,
                  affectedChange,
                  effectText)
              + nationalText
              + (national != null && national.below0()
                  ? ", a national decline besides."
                  : ", not a national effect.");
      case NATIONAL ->
          "National, not local: "
              + nationalText
              + ", and the "
              + nAffected
              + " affected areas did not fall significantly more after their "
              + event
              + " (difference "
              + effectText
              + ").";
      case NOT_SHOWN ->
          "Not shown by the data: the "
              + nAffected
              + " affected areas did not fall significantly more than unaffected areas after"
              + " their "
              + event
              + " (difference "
              + effectText
              + "), and "
              + nationalText
              + ".";
    };
  }

  static ReportingMonth monthOf(LocalDate day) {
    return ReportingMonth.of(day.getYear(), day.getMonthValue());
  }

  static String p(double p) {
    return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }

  private static List<Step> steps(
      RegionalData data, String area, ReportingMonth start, Counts beforeEvent) {
    List<Step> steps = new ArrayList<>();
    boolean previousDeclined = false;
    for (ReportingMonth m : data.months()) {
      if (m.compareTo(start) < 0) {
        continue;
      }
      Counts now = data.counts(Level.AREA, area, m);
      Double change = null;
      if (!m.equals(data.months().get(0))) {
        change = change(data.counts(Level.AREA, area, m.previous()), now);
      }
      Double gap = change(beforeEvent, now);
      double p = Tests.declineZ(beforeEvent, now)[1];
      boolean declined = gap != null && gap < 0 && p < Tests.ALPHA;
      boolean continued = declined && previousDeclined && change != null && change < 0;
      steps.add(new Step(m, now, now.rate(), change, p, declined, continued));
      previousDeclined = declined;
    }
    return steps;
  }

  private static Counts sum(RegionalData data, String area, List<ReportingMonth> months) {
    Counts total = Counts.NONE;
    for (ReportingMonth m : months) {
      total = total.plus(data.counts(Level.AREA, area, m));
    }
    return total;
  }

  /** after - before in points; null when either has no total. */
  static Double change(Counts before, Counts after) {
    Double b = before.rate();
    Double a = after.rate();
    return a == null || b == null ? null : a - b;
  }

  private static Double meanChange(
      RegionalData data,
      List<String> areas,
      List<ReportingMonth> before,
      List<ReportingMonth> after) {
    double[] changes =
        areas.stream()
            .map(u -> change(sum(data, u, before), sum(data, u, after)))
            .filter(c -> c != null)
            .mapToDouble(Double::doubleValue)
            .toArray();
    return changes.length == 0 ? null : StatUtils.mean(changes);
  }
}
