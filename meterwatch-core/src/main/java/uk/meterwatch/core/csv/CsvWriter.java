package uk.meterwatch.core.csv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes CSV for people to open (RFC 4180: comma-separated, quoted when a value holds a comma, a
 * quote or a line break, lines ending CRLF). Every CSV Meterwatch writes for people goes through
 * it: register exports, the audit trail, the quarantine export.
 *
 * <p>Safe to open in a spreadsheet: a cell a spreadsheet would run as a formula (one starting with
 * {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return) is written with a single
 * quote before it, the common practice against CSV injection; a plain number ({@code -5}, {@code
 * +1.5}) runs nothing and is written as it is. {@link #restore} gives the value back exactly, and
 * Meterwatch applies it wherever it reads CSV (register imports, drops): a cell of one or more
 * quotes followed by one of those characters loses its first quote (docs/registers.md).
 */
public final class CsvWriter {
  /** The characters that make a spreadsheet read a cell as a formula when it starts with one. */
  public static final String FORMULA_STARTS = "=+-@\t\r";

  // A value that starts with quotes and then a formula character: written with one more quote.
  private static final Pattern GUARDED = Pattern.compile("'*[=+\\-@\t\r].*", Pattern.DOTALL);
  // Such a cell, as read back: one quote or more, then a formula character.
  private static final Pattern NEUTRALISED = Pattern.compile("'+[=+\\-@\t\r].*", Pattern.DOTALL);
  private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?\\d+(\\.\\d+)?");

  /**
   * The same rule for readers written in SQL: a cell matching this regular expression (RE2 and Java
   * alike) loses its first character when read.
   */
  public static final String NEUTRALISED_REGEX = "^'+[=+@\\t\\r-]";

  private final Writer out;

  public CsvWriter(Writer out) {
    this.out = out;
  }

  /** Writes one row (a header too); null is an empty cell. */
  public CsvWriter row(List<?> cells) {
    try {
      for (int i = 0; i < cells.size(); i++) {
        if (i > 0) {
          out.write(',');
        }
        out.write(cell(cells.get(i)));
      }
      out.write("\r\n");
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public CsvWriter row(Object... cells) {
    return row(Arrays.asList(cells));
  }

  public void flush() {
    try {
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One cell as written: neutralised, then quoted when needed. */
  public static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value instanceof BigDecimal b ? b.toPlainString() : value.toString();
    s = neutralise(s);
    if (s.indexOf(',') >= 0
        || s.indexOf('"') >= 0
        || s.indexOf('\n') >= 0
        || s.indexOf('\r') >= 0) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  /** A value as written for a spreadsheet: a quote before one it would run. */
  public static String neutralise(String value) {
    if (value == null || value.isEmpty() || !GUARDED.matcher(value).matches()) {
      return value;
    }
    if (PLAIN_NUMBER.matcher(value).matches()) {
      return value;
    }
    return "'" + value;
  }

  /** A cell as read back: the value {@link #neutralise} was given. */
  public static String restore(String cell) {
    if (cell == null || cell.isEmpty() || cell.charAt(0) != '\'') {
      return cell;
    }
    return NEUTRALISED.matcher(cell).matches() ? cell.substring(1) : cell;
  }
}
