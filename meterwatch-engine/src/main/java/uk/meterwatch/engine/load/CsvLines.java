package uk.meterwatch.engine.load;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Where the records of a CSV file start, in lines of the file, for the cases where DuckDB's own
 * numbering is not the line: DuckDB numbers records (the header is record 1, and a blank line
 * counts as a record that is neither kept nor rejected), so a quoted value spanning several lines
 * moves every later record down by its extra lines, and a blank line shifts the kept rows by one.
 *
 * <p>The loader first compares the file's lines ({@link #count}, cheap) with the records DuckDB
 * read; only when they differ does it read the file again with {@link #scan}, a CSV state machine
 * (RFC 4180 with DuckDB's leniency: a quote inside an unquoted value is text).
 */
final class CsvLines {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  private CsvLines() {}

  /** Opens a file as it is read: decompressed when {@code gzip}. */
  static InputStream open(Path file, boolean gzip) throws IOException {
    InputStream raw = Files.newInputStream(file);
    if (!gzip) {
      return raw;
    }
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw e;
    }
  }

  /** Counts the lines of a stream: its '\n' bytes, plus one for a last line without one. */
  static long count(InputStream in) throws IOException {
    Counter counter = new Counter();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) > 0) {
      counter.add(buffer, n);
    }
    return counter.lines();
  }

  /** Counts lines over buffers fed in order (see {@link #count}). */
  static final class Counter {
    private long newlines;
    private boolean endsOpen;

    void add(byte[] b, int len) {
      int i = 0;
      long c = 0;
      // Eight bytes at a time: x has a zero byte where the input has '\n', and y a high bit set
      // exactly at those bytes (no borrow between bytes, unlike the usual has-zero test).
      for (; i + 8 <= len; i += 8) {
        long x = (long) LONGS.get(b, i) ^ NEWLINES;
        long y = ~(((x & LOW7) + LOW7) | x | LOW7);
        c += Long.bitCount(y);
      }
      for (; i < len; i++) {
        if (b[i] == '\n') {
          c++;
        }
      }
      newlines += c;
      if (len > 0) {
        endsOpen = b[len - 1] != '\n';
      }
    }

    long lines() {
      return newlines + (endsOpen ? 1 : 0);
    }
  }

  /**
   * The records of a CSV file (header included) as DuckDB reads them: which are blank lines, and
   * after which records the lines run ahead of the records.
   *
   * @param records the records, header and blank lines included
   * @param blank the record numbers (1-based) of blank lines
   * @param shifts for each record spanning several lines, its number and its extra lines
   */
  record Layout(long records, List<Long> blank, List<long[]> shifts) {
    /** Records that are rows (kept or rejected by DuckDB): not the header, not blank. */
    long rows() {
      return Math.max(0, records - 1 - blank.size());
    }

    /** The blank lines before the last row: those after it move no row. */
    List<Long> blankAmongRows() {
      long lastRow = records;
      for (int i = blank.size() - 1; i >= 0 && blank.get(i) == lastRow; i--) {
        lastRow--;
      }
      long last = lastRow;
      return blank.stream().filter(b -> b < last).toList();
    }
  }

  /**
   * The line of the k-th row DuckDB kept (k from 0) is {@code k + 2 + offset(k)}, where offset is a
   * step function: it rises by one at each skipped record (rejected by DuckDB, or blank) and by the
   * extra lines of each record spanning several lines, from the first row after it. Returns its
   * steps as {@code {k, offset from k on}}, ascending in k.
   *
   * @param skipped the skipped records' numbers, ascending, distinct
   * @param shifts each record spanning several lines: {@code {record number, extra lines}}
   */
  static List<long[]> rowOffsets(List<Long> skipped, List<long[]> shifts) {
    TreeMap<Long, Long> rises = new TreeMap<>();
    for (int i = 0; i < skipped.size(); i++) {
      // Records 2 to s_i - 1 are rows or the i skipped before s_i: s_i - 2 - i rows came first.
      rises.merge(skipped.get(i) - 2 - i, 1L, Long::sum);
    }
    for (long[] shift : shifts) {
      long record = shift[0];
      int before = Collections.binarySearch(skipped, record);
      boolean kept = before < 0;
      int skippedBefore = kept ? -before - 1 : before;
      long keptBefore = record - 2 - skippedBefore;
      // A kept row moves the rows after it; a rejected record the rows from its place on.
      rises.merge(kept ? keptBefore + 1 : keptBefore, shift[1], Long::sum);
    }
    List<long[]> steps = new ArrayList<>();
    long offset = 0;
    for (var e : rises.entrySet()) {
      offset += e.getValue();
      steps.add(new long[] {e.getKey(), offset});
    }
    return steps;
  }

  /** Above this many steps the loader looks a row's offset up in buckets instead (a join). */
  static final int MAX_STEPS = 1024;

  /**
   * SQL for {@code offset(mw_k)} of {@link #rowOffsets}' steps: a binary search, about log2(steps)
   * comparisons per row. The values are numbers computed here, never input.
   */
  static String offsetSql(List<long[]> steps) {
    return offsetSql(steps, 0, steps.size());
  }

  /** Among steps [lo, hi), given that mw_k is at least step lo - 1's k and below step hi's. */
  private static String offsetSql(List<long[]> steps, int lo, int hi) {
    if (lo == hi) {
      return Long.toString(lo == 0 ? 0 : steps.get(lo - 1)[1]);
    }
    int mid = (lo + hi) >>> 1;
    return "(CASE WHEN mw_k >= "
        + steps.get(mid)[0]
        + " THEN "
        + offsetSql(steps, mid + 1, hi)
        + " ELSE "
        + offsetSql(steps, lo, mid)
        + " END)";
  }

  /**
   * Which line first ends otherwise than line 1 (LF against CRLF), as a sentence, or null when
   * every line ends alike (DuckDB refuses such a file as a whole, naming no line).
   */
  static String mixedLineEndings(InputStream in) throws IOException {
    long[] other = firstLineEndingOtherwise(in);
    if (other == null) {
      return null;
    }
    String crlf = "CRLF (\\r\\n)";
    String lf = "LF (\\n)";
    return "line "
        + other[0]
        + " ends with "
        + (other[1] == 1 ? lf : crlf)
        + " where line 1 ends with "
        + (other[1] == 1 ? crlf : lf)
        + ": the lines of a CSV file must all end alike";
  }

  /**
   * The first line that ends otherwise than line 1 (LF against CRLF), as {@code {line, 1 if line 1
   * ends with CRLF else 0}}, or null when every line ends alike.
   */
  static long[] firstLineEndingOtherwise(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long line = 1;
    int firstCrlf = -1;
    boolean afterCr = false;
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n') {
          int crlf = afterCr ? 1 : 0;
          if (firstCrlf < 0) {
            firstCrlf = crlf;
          } else if (crlf != firstCrlf) {
            return new long[] {line, firstCrlf};
          }
          line++;
        }
        afterCr = b == '\r';
      }
    }
    return null;
  }

  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  /** Reads a CSV stream (delimiter ',', quote and escape '"') into its {@link Layout}. */
  static Layout scan(InputStream in) throws IOException {
    List<Long> blank = new ArrayList<>();
    List<long[]> shifts = new ArrayList<>();
    long records = 0;
    int state = FIELD_START;
    boolean recordEmpty = true; // nothing but '\r' seen in the current record yet
    boolean recordOpen = false;
    long extra = 0; // newlines inside quotes in the current record
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (b == '\n' && state != QUOTED) {
          records++;
          if (recordEmpty) {
            blank.add(records);
          }
          if (extra > 0) {
            shifts.add(new long[] {records, extra});
          }
          state = FIELD_START;
          recordEmpty = true;
          recordOpen = false;
          extra = 0;
          continue;
        }
        recordOpen = true;
        if (b != '\r') {
          recordEmpty = false;
        }
        switch (state) {
          case FIELD_START -> state = b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
          case UNQUOTED -> {
            if (b == ',') {
              state = FIELD_START;
            }
          }
          case QUOTED -> {
            if (b == '"') {
              state = QUOTE_IN_QUOTED;
            } else if (b == '\n') {
              extra++;
            }
          }
          default -> // QUOTE_IN_QUOTED: "" is a quote in the value; else the value has ended
              state = b == '"' ? QUOTED : b == ',' ? FIELD_START : UNQUOTED;
        }
      }
    }
    if (recordOpen) {
      records++;
      if (recordEmpty) {
        blank.add(records);
      }
      if (extra > 0) {
        shifts.add(new long[] {records, extra});
      }
    }
    return new Layout(records, blank, shifts);
  }
}
