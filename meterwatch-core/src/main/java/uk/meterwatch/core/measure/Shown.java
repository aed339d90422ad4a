package uk.meterwatch.core.measure;

import java.math.BigDecimal;
import java.math.RoundingMode;
import uk.meterwatch.core.time.ReportingMonth;

/** How instants and durations of a calculation's details are written for people. */
public final class Shown {
  private static final long MINUTE_US = 60_000_000L;

  private Shown() {}

  /** An instant in UK time with its offset, e.g. {@code 2023-08-20T06:10+01:00}. */
  public static String uk(long micros) {
    return ReportingMonth.fromMicros(micros)
        .atZone(ReportingMonth.UK)
        .toOffsetDateTime()
        .toString();
  }

  /** Microseconds as minutes: whole when exact, else rounded half-up to 2 decimals. */
  public static BigDecimal minutes(long micros) {
    if (micros % MINUTE_US == 0) {
      return BigDecimal.valueOf(micros / MINUTE_US);
    }
    return BigDecimal.valueOf(micros)
        .divide(BigDecimal.valueOf(MINUTE_US), 2, RoundingMode.HALF_UP);
  }

  /** Microseconds as hours, 2 decimals. */
  public static String hours(long micros) {
    return BigDecimal.valueOf(micros)
        .divide(BigDecimal.valueOf(3_600_000_000L), 2, RoundingMode.HALF_UP)
        .toPlainString();
  }
}
