package uk.meterwatch.engine.load;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import uk.meterwatch.core.csv.CsvWriter;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * The column rules ({@link ValueRule}, {@link ColumnType#shapes}) in DuckDB's SQL: every format's
 * staged text goes through the same SELECT, which gives each row its values in store form, its
 * first breach (mw_reason) and, for a breaching row only, the row as read (mw_raw). Nothing here
 * knows the format: a format's staging only supplies the text of each value, the breach of its
 * shape (mw_format_reason) and whether a value may hold a control character (a cheap gate).
 */
final class SqlColumnRules {
  private SqlColumnRules() {}

  /**
   * {@code mw_trim(x)}: x without spaces, tabs and Unicode space separators (Java's isSpaceChar,
   * the non-breaking space included) at either end, NULL when nothing is left. Most values have
   * none and are not copied: only one that begins or ends with a space, holds a tab or holds a
   * non-ASCII character goes through the regular expression (measured on 30M values: 0.54 s against
   * 0.38 to 0.52 s for DuckDB's trim, which left tabs: R1 and "R1\t" were two ids).
   */
  static final String TRIM_MACRO =
      "CREATE OR REPLACE TEMP MACRO mw_trim(x) AS CASE WHEN starts_with(x, ' ')"
          + " OR ends_with(x, ' ') OR contains(x, chr(9)) OR strlen(x) <> length(x)"
          + " THEN nullif(regexp_replace(x, '^[ \\t\\p{Z}]+|[ \\t\\p{Z}]+$', '', 'g'), '')"
          + " ELSE nullif(x, '') END";

  /** An offset of at most 18 hours: +hh, +hhmm or +hh:mm; 18 only as 18:00. */
  private static final String OFFSET = "[+-]((0\\d|1[0-7])(:?[0-5]\\d)?|18(:?00)?)";

  /** The control characters refused in a value of one line, and in free text. */
  static final String CONTROLS = "[\\x00-\\x08\\x0A-\\x1F]";

  static final String CONTROLS_BUT_LINE_BREAKS = "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]";

  /** Creates the session's macros the rules use (times, the trim). */
  static void prepare(Statement s) throws SQLException {
    s.execute(TRIM_MACRO);
    // The first control character of a value as U+XXXX, or NULL: in a value of one line, and in
    // free text (which may hold line breaks).
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_ctl(x) AS CASE WHEN regexp_matches(x, '"
            + CONTROLS
            + "') THEN printf('U+%04X', unicode(regexp_extract(x, '"
            + CONTROLS
            + "'))) END");
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_ctl_lines(x) AS CASE WHEN regexp_matches(x, '"
            + CONTROLS_BUT_LINE_BREAKS
            + "') THEN printf('U+%04X', unicode(regexp_extract(x, '"
            + CONTROLS_BUT_LINE_BREAKS
            + "'))) END");
    // A CSV cell written for a spreadsheet with a quote before it ('=x) is its value again (=x):
    // CsvWriter's rule; only a cell starting with a quote is looked at.
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_cell(x) AS CASE WHEN starts_with(x, '''')"
            + " AND regexp_matches(x, '"
            + CsvWriter.NEUTRALISED_REGEX.replace("'", "''")
            + "') THEN x[2:] ELSE x END");
    // Epoch milliseconds, or ISO-8601 ending in Z or an offset (+01, +0100, +01:00) of at most
    // 18 hours; a string without one is never guessed, nor a zone name, a one-digit hour or an
    // offset such as +25:00, +18:01 or +01:60 (DuckDB's cast would take them).
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_iso_with_offset(x) AS regexp_full_match(x,"
            + " '\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?([Zz]|"
            + OFFSET
            + ")')");
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_us(x) AS CASE"
            // Fast path for the usual forms (...:ssZ, ...:ss.fffZ, ...:ss+hh:mm), checked by
            // position, not by a regular expression: this runs on every time value of every row.
            // It gives exactly what the general branch below gives them (a fraction has digits:
            // DuckDB's cast takes 00:00:00.Z).
            + " WHEN strlen(x) >= 20 AND x LIKE '____-__-__T__:__:__%' AND ("
            + "(strlen(x) = 20 AND x[20] = 'Z')"
            + " OR (x[20] = '.' AND x[-1:] = 'Z' AND strlen(x) > 21"
            + " AND ltrim(x[21:-2], '0123456789') = '')"
            + " OR (x[-6:-6] = '+' AND x[-3:-3] = ':' AND x[-2:-2] < '6'"
            + " AND (x[-5:-4] < '18' OR x[-5:] = '18:00')"
            + " AND (strlen(x) = 25 OR (x[20] = '.' AND strlen(x) > 26"
            + " AND ltrim(x[21:-7], '0123456789') = ''))))"
            + " THEN epoch_us(try_cast(x AS TIMESTAMPTZ))"
            // Epoch milliseconds: digits only (a cast would take 1e12, 0x.., 1_000 and round
            // decimals); at most 15 of them, so the microseconds cannot overflow.
            + " WHEN regexp_full_match(mw_trim(x), '-?\\d{1,15}')"
            + " THEN CAST(mw_trim(x) AS BIGINT) * 1000"
            + " WHEN mw_iso_with_offset(mw_trim(x))"
            + " THEN epoch_us(try_cast(upper(mw_trim(x)) AS TIMESTAMPTZ)) END");
    // A year of more than four digits, or before year 1: a time xs:dateTime allows, outside the
    // store's range (said so, rather than "unparsable").
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_far_year(x) AS regexp_full_match(trim(x),"
            + " '(-\\d{4,}|\\d{5,})-\\d\\d-\\d\\d([T ].*)?')");
    s.execute(
        "CREATE OR REPLACE TEMP MACRO mw_no_offset(x) AS regexp_full_match(trim(x),"
            + " '\\d{4}-\\d\\d-\\d\\d([T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?)?')");
  }

  /** The column of a value trimmed, NULL when empty. */
  static String trimmed(String column) {
    return q("mw_t_" + column);
  }

  /**
   * The SELECT that turns rows of text (the contract's columns, from {@code source}) into store
   * form, with each row's first breach and, for breaching rows only, the row as read.
   *
   * <p>Each value is trimmed once, in the inner query, and both checked and converted from there;
   * constant lists are looked up with list_contains, never joins, which need not keep the rows in
   * the order read (the CSV line numbers rely on it). Measured on 10M requests: 3.7 s instead of
   * 6.1 s with the trims repeated in every test and the SRVs looked up by two IN subqueries.
   *
   * @param withLine whether {@code source} has mw_line (kept)
   * @param formatReasons whether {@code source} has mw_format_reason (a value's shape refused)
   * @param controls SQL of a boolean that is false only where no value can hold a control character
   */
  static String checkedSelect(
      Kind kind, String source, boolean withLine, boolean formatReasons, String controls) {
    String converted =
        kind.columns().stream()
            .map(c -> storeExpression(kind, c) + " AS " + q(c.storeName()))
            .collect(Collectors.joining(", "));
    // Instants are parsed once, in the inner query, and both converted and checked from there.
    String inner =
        kind.columns().stream()
            .map(
                c ->
                    ", mw_trim("
                        + q(c.name())
                        + ") AS "
                        + trimmed(c.name())
                        + (c.type() == ColumnType.INSTANT
                            ? ", mw_us(" + q(c.name()) + ") AS " + q(c.storeName())
                            : ""))
            .collect(Collectors.joining());
    String raw =
        "to_json({"
            + kind.columns().stream()
                .map(c -> "'" + c.name() + "': " + q(c.name()))
                .collect(Collectors.joining(", "))
            + "})";
    String reason = reasonExpression(kind, controls);
    return "SELECT "
        + converted
        + (withLine ? ", mw_line" : "")
        + ", mw_reason, CASE WHEN mw_reason IS NOT NULL THEN "
        + raw
        + " END AS mw_raw FROM (SELECT *, "
        + (formatReasons ? "coalesce(mw_format_reason, " + reason + ")" : reason)
        + " AS mw_reason FROM (SELECT *"
        + inner
        + " FROM "
        + source
        + "))";
  }

  /**
   * The first breach of a row's values, as a sentence, or NULL: each column's rules in order, then
   * the kind's row checks.
   */
  static String reasonExpression(Kind kind, String controls) {
    List<String> whens = new ArrayList<>();
    for (Column c : kind.columns()) {
      for (ValueRule rule : c.rules()) {
        whens.add(when(c, rule, controls));
      }
    }
    for (Kind.Check check : kind.checks()) {
      whens.add("WHEN coalesce(" + check.failsWhen() + ", false) THEN " + check.reasonExpression());
    }
    return "CASE " + String.join(" ", whens) + " END";
  }

  /** One rule of a column as a WHEN of the breach's CASE. */
  private static String when(Column c, ValueRule rule, String controls) {
    String v = q(c.name());
    String t = trimmed(c.name());
    String present = t + " IS NOT NULL";
    String name = c.name();
    if (rule instanceof ValueRule.Required) {
      return "WHEN " + t + " IS NULL THEN 'missing required value: " + name + "'";
    }
    if (rule instanceof ValueRule.NoControlCharacters r) {
      // mw_ctl / mw_ctl_lines: the first control character as U+XXXX, or NULL (each engine
      // defines them: the store in prepare(), Spark in its own dialect).
      String first = (r.lineBreaks() ? "mw_ctl_lines(" : "mw_ctl(") + v + ")";
      return "WHEN "
          + controls
          + " AND "
          + first
          + " IS NOT NULL THEN '"
          + name
          + " holds a control character (' || "
          + first
          + " || ')'";
    }
    if (rule instanceof ValueRule.OneOf r) {
      return "WHEN "
          + present
          + " AND NOT list_contains("
          + sqlList(r.values())
          + ", upper("
          + t
          + ")) THEN '"
          + name
          + " must be one of "
          + String.join(", ", r.values())
          + ", got ' || "
          + v;
    }
    if (rule instanceof ValueRule.Code r) {
      return "WHEN "
          + present
          + " AND NOT regexp_full_match(upper("
          + t
          + "), '"
          + r.regex()
          + "') THEN '"
          + name
          + " must be "
          + r.form().replace("'", "''")
          + ", got ' || "
          + v;
    }
    if (rule instanceof ValueRule.Time r) {
      return "WHEN "
          + present
          + " AND "
          + q(c.storeName())
          + " IS NULL THEN CASE WHEN mw_no_offset("
          + v
          + ") THEN 'timestamp without offset in "
          + name
          + ": ' || "
          + v
          + " WHEN mw_far_year("
          + v
          + ") THEN 'time out of range ("
          + r.range()
          + ") in "
          + name
          + ": ' || "
          + v
          + " ELSE 'unparsable time in "
          + name
          + ": ' || "
          + v
          + " END WHEN "
          + q(c.storeName())
          + " NOT BETWEEN "
          + ReportingMonth.micros(r.earliest())
          + " AND "
          + (ReportingMonth.micros(r.end()) - 1)
          + " THEN 'time out of range ("
          + r.range()
          + ") in "
          + name
          + ": ' || "
          + v;
    }
    if (rule instanceof ValueRule.Date r) {
      return "WHEN "
          + present
          + " AND (NOT regexp_full_match("
          + t
          + ", '\\d{4}-\\d\\d-\\d\\d') OR try_cast("
          + t
          + " AS DATE) IS NULL) THEN 'not a date (YYYY-MM-DD) in "
          + name
          + ": ' || "
          + v
          + " WHEN "
          + present
          + " AND try_cast("
          + t
          + " AS DATE) NOT BETWEEN DATE '"
          + r.earliest()
          + "' AND DATE '"
          + r.latest()
          + "' THEN 'date out of range ("
          + r.range()
          + ") in "
          + name
          + ": ' || "
          + v;
    }
    if (rule instanceof ValueRule.WholeNumber r) {
      return "WHEN "
          + present
          + " AND (NOT regexp_full_match("
          + t
          + ", '[+-]?\\d+(\\.0*)?') OR coalesce(try_cast("
          + t
          + " AS INTEGER) NOT BETWEEN "
          + r.min()
          + " AND "
          + r.max()
          + ", true)) THEN '"
          + name
          + " must be a whole number from "
          + r.min()
          + " to "
          + r.max()
          + ", got ' || "
          + v;
    }
    if (rule instanceof ValueRule.TrueOrFalse) {
      return "WHEN "
          + present
          + " AND NOT list_contains(['true', 'false'], lower("
          + t
          + ")) THEN '"
          + name
          + " must be true or false, got ' || "
          + v;
    }
    throw new IllegalStateException("no SQL for the rule " + rule);
  }

  /** A valid row's value in store form (codes and one-of values in upper case). */
  static String storeExpression(Kind kind, Column c) {
    String t = trimmed(c.name());
    String value =
        switch (c.type()) {
          case TEXT -> c.allowed().isEmpty() ? t : "upper(" + t + ")";
          case FREE_TEXT -> t;
          case CODE -> "upper(" + t + ")";
          case INSTANT -> q(c.storeName());
          case DATE -> "try_cast(" + t + " AS DATE)";
          case INTEGER -> "try_cast(" + t + " AS INTEGER)";
          case BOOLEAN -> "lower(" + t + ") = 'true'";
          case LIST ->
              "coalesce(list_filter(list_transform(string_split("
                  + q(c.name())
                  + ", ';'), x -> trim(x)), x -> x <> ''), []::VARCHAR[])";
        };
    if (c.absent() == null) {
      return c.type() == ColumnType.BOOLEAN ? "coalesce(" + value + ", false)" : value;
    }
    String absent;
    if (c.absent() instanceof Column.Default.Constant k) {
      absent =
          c.type() == ColumnType.BOOLEAN ? k.value() : "'" + k.value().replace("'", "''") + "'";
    } else if (c.absent() instanceof Column.Default.When w) {
      absent =
          "CASE WHEN upper("
              + trimmed(w.column())
              + ") = '"
              + w.when()
              + "' THEN '"
              + w.value()
              + "' ELSE '"
              + w.otherwise()
              + "' END";
    } else {
      throw new IllegalStateException("no SQL for " + c.absent());
    }
    return "coalesce(" + value + ", " + absent + ")";
  }

  /**
   * The reason a value of {@code shape} is refused in column {@code c}, as SQL concatenating the
   * value's text ({@code valueSql}); null when the column's type accepts the shape.
   */
  static String shapeReason(Column c, ValueShape shape, String valueSql) {
    if (shape == null || c.type().shapes().contains(shape)) {
      return null;
    }
    return "'"
        + c.type().refusal(c.name(), shape).replace("'", "''")
        + "' || coalesce("
        + valueSql
        + ", '') || '"
        + c.type().refusalNote(shape)
        + "'";
  }

  /** A SQL list literal of strings (escaped: they come from our own code, still never code). */
  static String sqlList(List<String> values) {
    return values.stream()
        .map(v -> "'" + v.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "[", "]::VARCHAR[]"));
  }

  /** Quotes an identifier from our own code. */
  static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }
}
