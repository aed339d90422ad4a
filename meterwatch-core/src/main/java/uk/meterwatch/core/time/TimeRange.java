package uk.meterwatch.core.time;

import java.time.Instant;
import java.time.LocalDate;

/**
 * The times Meterwatch accepts: the years 1900 to 2199 (UTC). Nothing in a metering network's
 * records lies outside them, and the reporting months of far years do not fit the store's
 * arithmetic (a year 9999 overflowed it). The loader checks the same range (docs/loading.md).
 */
public final class TimeRange {
  public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  public static final Instant END = Instant.parse("2200-01-01T00:00:00Z");

  private TimeRange() {}

  public static boolean contains(Instant t) {
    return !t.isBefore(EARLIEST) && t.isBefore(END);
  }

  public static boolean contains(LocalDate d) {
    return d.getYear() >= 1900 && d.getYear() <= 2199;
  }

  /**
   * A date written YYYY-MM-DD (LocalDate.parse alone also takes +10000-01-01) in the years 1900 to
   * 2199; otherwise an IllegalArgumentException saying why, after {@code 'text' }.
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

  /** The range in words, for messages: "years 1900 to 2199". */
  public static final String YEARS = "years 1900 to 2199";

  /** Why a time is refused, for messages. */
  public static final String WHY = "outside the " + YEARS;
}
