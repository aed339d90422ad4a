package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table whose columns are as wide as their widest cell and two spaces apart, so that
 * no value ever runs into the next (fixed printf widths did, once a value outgrew its column).
 * Numbers may be right-aligned; the last column is not padded.
 */
public final class TextTable {
  private static final String GAP = "  ";

  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  private TextTable(String[] headers) {
    this.headers = headers;
    this.right = new boolean[headers.length];
  }

  /** A table with these column headers (an empty header row is not printed). */
  public static TextTable of(String... headers) {
    return new TextTable(headers.clone());
  }

  /** Right-aligns these columns (0-based), and their headers. */
  public TextTable rightAligned(int... columns) {
    for (int c : columns) {
      right[c] = true;
    }
    return this;
  }

  /** Adds a row; null cells print as "-". */
  public TextTable row(Object... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + headers.length + " columns");
    }
    String[] text = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      text[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
    }
    rows.add(text);
    return this;
  }

  public int size() {
    return rows.size();
  }

  /** Prints the header row (when any header is not blank) and every row, each after indent. */
  public void print(PrintWriter out, String indent) {
    int[] width = new int[headers.length];
    boolean header = Arrays.stream(headers).anyMatch(h -> !h.isBlank());
    List<String[]> all = new ArrayList<>();
    if (header) {
      all.add(headers);
    }
    all.addAll(rows);
    for (String[] r : all) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    for (String[] r : all) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < r.length; i++) {
        boolean last = i == r.length - 1;
        String pad = " ".repeat(width[i] - r[i].length());
        if (right[i]) {
          line.append(pad).append(r[i]);
        } else {
          line.append(r[i]).append(last ? "" : pad);
        }
        if (!last) {
          line.append(GAP);
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
