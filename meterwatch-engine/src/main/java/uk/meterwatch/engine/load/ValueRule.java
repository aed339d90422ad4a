package uk.meterwatch.engine.load;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One rule a column's values must meet, as data: a column's rules follow from its type ({@link
 * Column#rules}), every format's values meet the same ones, and the loader renders them in its SQL
 * dialect ({@link SqlColumnRules}, DuckDB). Each is listed with its reason and test in
 * docs/loading.md.
 */
sealed interface ValueRule {
  /** A value must be present (an empty or blank value is absent). */
  record Required() implements ValueRule {}

  /**
   * No control character (U+0000 to U+001F) but the tab; a line feed or carriage return only where
   * {@code lineBreaks} (free text).
   */
  record NoControlCharacters(boolean lineBreaks) implements ValueRule {}

  /** One of these values, in any case; stored as written here (upper case). */
  record OneOf(List<String> values) implements ValueRule {}

  /**
   * A code: the value in upper case matches {@code regex} whole (a regular expression that Java and
   * RE2 read alike); stored in upper case. {@code form} describes it for the reason.
   */
  record Code(String regex, String form) implements ValueRule {}

  /**
   * A time: ISO-8601 with Z or an offset of at most 18 hours, or whole epoch milliseconds; within
   * [earliest, end).
   */
  record Time(Instant earliest, Instant end, String range) implements ValueRule {}

  /** A date YYYY-MM-DD within [earliest, latest]. */
  record Date(LocalDate earliest, LocalDate latest, String range) implements ValueRule {}

  /** A whole number from min to max (digits, an optional sign, an optional .0). */
  record WholeNumber(int min, int max) implements ValueRule {}

  /** true or false, in any case. */
  record TrueOrFalse() implements ValueRule {}
}
