package uk.meterwatch.core.measure;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * An approved exception: what the DCC may leave out of measures (an install abandoned for lack of
 * access, an event agreed as outside its control), as the methodology allows. It names the measures
 * it applies to and covers either listed items (request, alert or incident ids: the {@code item} of
 * a measure's population) or a period (for an availability measure: that time leaves its Target
 * Availability Period). Applied by the engine to any calculation, by item id or period, with no
 * code per calculation (docs/measures.md, "Approved exceptions").
 *
 * @param id the exception's reference, e.g. {@code EXC-2023-014}
 * @param measures the measure ids it applies to (as the rule set writes them)
 * @param scope {@code ALL}, or a line of the measure (a provider): only items counted in it
 * @param items the request, alert or incident ids it covers (empty when it covers a period)
 * @param periodFrom the start of the period it covers (null when it lists items)
 * @param periodTo the end of that period, exclusive (null when it lists items)
 * @param reason why it was approved
 * @param approvedBy who approved it
 * @param approvedOn the day it was approved (UK): it applies to reports as of that day or later
 * @param withdrawnOn the day it was withdrawn (null while in force): no report as of that day or
 *     later applies it
 * @param withdrawnReason why it was withdrawn (null while in force)
 */
public record ApprovedException(
    String id,
    List<String> measures,
    String scope,
    List<String> items,
    Instant periodFrom,
    Instant periodTo,
    String reason,
    String approvedBy,
    LocalDate approvedOn,
    LocalDate withdrawnOn,
    String withdrawnReason) {

  /** The scope of an exception that applies to every line of its measures. */
  public static final String ALL = ScopeTallies.ALL;

  public ApprovedException {
    measures = measures == null ? List.of() : List.copyOf(measures);
    items = items == null ? List.of() : List.copyOf(items);
    scope = scope == null || scope.isBlank() ? ALL : scope.strip();
  }

  /** Whether it names the measure (ids compared ignoring case). */
  public boolean appliesTo(String measureId) {
    return measures.stream().anyMatch(m -> m.equalsIgnoreCase(measureId));
  }

  /** Whether it covers a period rather than listed items. */
  public boolean coversPeriod() {
    return periodFrom != null;
  }

  /**
   * The day (UK) whose end a report made at {@code now} reads the register at: the day of the
   * instant just before now, so a pack as of a day (whose "now" is the first instant after it)
   * reads that day, not the next.
   */
  public static LocalDate dayBefore(Instant now) {
    return uk.meterwatch.core.time.ReportingMonth.fromMicros(
            uk.meterwatch.core.time.ReportingMonth.micros(now) - 1)
        .atZone(uk.meterwatch.core.time.ReportingMonth.UK)
        .toLocalDate();
  }

  /** In force at the end of a day: approved on or before it and not withdrawn by then. */
  public boolean inForceOn(LocalDate day) {
    return approvedOn != null
        && !approvedOn.isAfter(day)
        && (withdrawnOn == null || withdrawnOn.isAfter(day));
  }

  public boolean withdrawn() {
    return withdrawnOn != null;
  }

  /** Whether an item counted in the given lines of a measure (and of a provider) is in scope. */
  public boolean inScope(List<String> lines, String provider) {
    if (ALL.equalsIgnoreCase(scope)) {
      return true;
    }
    String s = scope.toUpperCase(Locale.ROOT);
    return s.equalsIgnoreCase(provider == null ? "" : provider)
        || lines.stream().anyMatch(l -> l.equalsIgnoreCase(s));
  }
}
