package uk.meterwatch.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * A reporting period: one calendar month in UK time (Europe/London), as a half-open interval of
 * instants. March has an hour fewer, October one more.
 */
public record ReportingMonth(YearMonth month) implements Comparable<ReportingMonth> {
  public static final ZoneId UK = ZoneId.of("Europe/London");

  public static ReportingMonth of(int year, int month) {
    return new ReportingMonth(YearMonth.of(year, month));
  }

  /** Parses {@code YYYY-MM}; a clear error otherwise. */
  public static ReportingMonth parse(String text) {
    try {
      // Four-digit years only: YearMonth also takes -2023-08 and +12023-08.
      if (!text.trim().matches("\\d{4}-\\d{2}")) {
        throw new DateTimeParseException("not YYYY-MM", text, 0);
      }
      return new ReportingMonth(YearMonth.parse(text.trim()));
    } catch (DateTimeParseException e) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "not a month: '" + text + "' (expected YYYY-MM, e.g. 2023-08)");
    }
  }

  /** The month (in UK time) that holds an instant. */
  public static ReportingMonth containing(Instant instant) {
    return new ReportingMonth(YearMonth.from(instant.atZone(UK)));
  }

  /** The month (in UK time) that holds an instant given in epoch microseconds. */
  public static ReportingMonth containingMicros(long epochMicros) {
    // Not through nanoseconds: a long of them ends in the year 2262.
    return containing(fromMicros(epochMicros));
  }

  public Instant start() {
    return month.atDay(1).atStartOfDay(UK).toInstant();
  }

  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(UK).toInstant();
  }

  public long startMicros() {
    return micros(start());
  }

  public long endMicros() {
    return micros(end());
  }

  public LocalDate firstDay() {
    return month.atDay(1);
  }

  /** Minutes in the month: 44,640 for a 31-day month, 44,580 in March, 44,700 in October. */
  public long minutes() {
    return Duration.between(start(), end()).toMinutes();
  }

  public ReportingMonth previous() {
    return new ReportingMonth(month.minusMonths(1));
  }

  public ReportingMonth next() {
    return new ReportingMonth(month.plusMonths(1));
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start()) && instant.isBefore(end());
  }

  @Override
  public int compareTo(ReportingMonth other) {
    return month.compareTo(other.month);
  }

  @Override
  public String toString() {
    return month.toString();
  }

  public static long micros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
  }

  public static Instant fromMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
