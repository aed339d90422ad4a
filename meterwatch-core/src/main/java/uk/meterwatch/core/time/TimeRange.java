package uk.meterwatch.core.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The times Meterwatch accepts: the years 1 to 9999 (UTC), the range of the store's timestamps as
 * ISO-8601 writes them without a sign (and of xs:dateTime's four-digit years). A far-future time is
 * meaningful (a DUIS template's ExecutionDateTime of 3000-12-31, an action's target date); beyond
 * this range a time could not be written back as it was read (exports, JSON), and epoch arithmetic
 * is kept well inside a long. The loader and the registers check the same range (docs/loading.md).
 * Until 7 December 2026 it was the years 1900 to 2199, which refused the DCC's own templates.
 */
public final class TimeRange {
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

  private TimeRange() {}

  public static boolean contains(Instant t) {
    return !t.isBefore(EARLIEST) && t.isBefore(END);
  }

  public static boolean contains(LocalDate d) {
    return d.getYear() >= 1 && d.getYear() <= 9999;
  }

  /**
   * A date written YYYY-MM-DD (LocalDate.parse alone also takes +10000-01-01) in the years 1 to
   * 9999; otherwise an IllegalArgumentException saying why, after {@code 'text' }.
   */
  public static LocalDate date(String text) {
    String t = text == null ? "" : text.strip();
    LocalDate d;
    try {
      if (!t.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new java.time.format.DateTimeParseException("not YYYY-MM-DD", t, 0);
      }
      d = LocalDate.parse(t);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException("is not a date (YYYY-MM-DD)", e);
    }
    if (!contains(d)) {
      throw new IllegalArgumentException("is " + WHY);
    }
    return d;
  }

  /**
   * Why a text is not a time, for messages: a day that does not exist (30 February) is named as
   * such, not as a time without an offset.
   */
  public static String notATime(String text) {
    if (text != null
        && text.strip()
            .matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?(Z|[+-]\\d\\d(:\\d\\d)?)")) {
      return "is not a real time (no such day or hour)";
    }
    return "is not a time with an offset (e.g. 2023-08-20T06:10+01:00 or 2023-08-20T05:10Z)";
  }

  /** The range in words, for messages: "years 1 to 9999". */
  public static final String YEARS = "years 1 to 9999";

  /** Why a time is refused, for messages. */
  public static final String WHY = "outside the " + YEARS;
}
