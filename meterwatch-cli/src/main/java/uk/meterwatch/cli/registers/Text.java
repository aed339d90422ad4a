package uk.meterwatch.cli.registers;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.core.time.TimeRange;

/** How the register commands write and read values. */
public final class Text {
  private static final DateTimeFormatter UK =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx").withZone(ReportingMonth.UK);

  private Text() {}

  /** An instant in UK time with its offset, e.g. 2023-08-20 06:10 +01:00; "-" when absent. */
  static String uk(Instant t) {
    return t == null ? "-" : UK.format(t);
  }

  static String or(Object o) {
    return o == null ? "-" : String.valueOf(o);
  }

  static String list(List<String> l) {
    return l.isEmpty() ? "-" : String.join(", ", l);
  }

  /** 6h30m, 4h, 45m. */
  static String duration(Duration d) {
    if (d == null) {
      return "-";
    }
    long h = d.toHours();
    long m = d.toMinutesPart();
    return h == 0 ? m + "m" : m == 0 ? h + "h" : h + "h" + m + "m";
  }

  /** Reads a time with an offset or Z; a time without one is refused, never guessed. */
  static final class InstantConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      Instant t;
      try {
        t = OffsetDateTime.parse(value.strip()).toInstant();
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("'" + value + "' " + TimeRange.notATime(value));
      }
      if (!TimeRange.contains(t)) {
        throw new TypeConversionException("'" + value + "' is " + TimeRange.WHY);
      }
      return t;
    }
  }

  /** Reads a date as YYYY-MM-DD only (LocalDate.parse also takes +10000-01-01), 1900 to 2199. */
  public static final class DateConverter implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      try {
        return TimeRange.date(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' " + e.getMessage());
      }
    }
  }
}
