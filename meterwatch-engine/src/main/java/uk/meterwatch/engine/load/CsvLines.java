package uk.meterwatch.engine.load;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
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

  /** Counts the lines of a stream: its line ends, plus one for a last line without one. */
  static long count(InputStream in) throws IOException {
    return counted(in).lines();
  }

  /** Reads a stream whole through a {@link Counter}. */
  static Counter counted(InputStream in) throws IOException {
    Counter counter = new Counter();
    byte[] buffer = new byte[1 << 16];
    int n;
    while ((n = in.read(buffer)) > 0) {
      counter.add(buffer, n);
    }
    return counter;
  }

  /**
   * Counts lines over buffers fed in order (see {@link #count}). A line ends with LF, CRLF or a CR
   * alone (DuckDB reads a file whose lines end with CR alone): buffers without a CR are counted
   * eight bytes at a time, others byte by byte.
   */
  static final class Counter {
    private long lines;
    private boolean endsOpen;
    private boolean afterCr;
    private boolean controls;

    void add(byte[] b, int len) {
      if (len <= 0) {
        return;
      }
      if (!controls) {
        controls = holdsControl(b, len);
      }
      if (!holds(b, len, CRS)) {
        int i = 0;
        if (afterCr && b[0] == '\n') {
          i = 1; // the LF of a CRLF whose CR ended the last buffer: counted there
        }
        lines += countByte(b, i, len, NEWLINES, (byte) '\n');
      } else {
        for (int i = 0; i < len; i++) {
          byte x = b[i];
          if (x == '\r') {
            lines++;
            afterCr = true;
            continue;
          }
          if (x == '\n' && !afterCr) {
            lines++;
          }
          afterCr = false;
        }
      }
      byte last = b[len - 1];
      afterCr = last == '\r';
      endsOpen = last != '\n' && last != '\r';
    }

    long lines() {
      return lines + (endsOpen ? 1 : 0);
    }

    /**
     * Whether the bytes hold a control character (below 0x20) other than tab, LF and CR: only then
     * are a CSV file's values looked at for them one by one.
     */
    boolean controls() {
      return controls;
    }
  }

  private static final long SPACES = 0x2020202020202020L;
  private static final long HIGHS = 0x8080808080808080L;

  /** Whether b[0, len) holds a byte below 0x20 other than tab, LF and CR. */
  static boolean holdsControl(byte[] b, int len) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long x = (long) LONGS.get(b, i);
      // Some byte below 0x20 (never a false negative): then look at the eight bytes one by one.
      if (((x - SPACES) & ~x & HIGHS) != 0 && controlIn(b, i, i + 8)) {
        return true;
      }
    }
    return controlIn(b, i, len);
  }

  private static boolean controlIn(byte[] b, int from, int to) {
    for (int k = from; k < to; k++) {
      int u = b[k] & 0xFF;
      if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') {
        return true;
      }
    }
    return false;
  }

  private static final long CRS = 0x0D0D0D0D0D0D0D0DL;

  /** The bytes equal to {@code one} (replicated in {@code pattern}) in b[from, len). */
  private static long countByte(byte[] b, int from, int len, long pattern, byte one) {
    int i = from;
    long c = 0;
    // Eight bytes at a time: x has a zero byte where the input has the byte, and y a high bit set
    // exactly at those bytes (no borrow between bytes, unlike the usual has-zero test).
    for (; i + 8 <= len; i += 8) {
      long x = (long) LONGS.get(b, i) ^ pattern;
      long y = ~(((x & LOW7) + LOW7) | x | LOW7);
      c += Long.bitCount(y);
    }
    for (; i < len; i++) {
      if (b[i] == one) {
        c++;
      }
    }
    return c;
  }

  /** Whether b[0, len) holds the byte replicated in {@code pattern}. */
  private static boolean holds(byte[] b, int len, long pattern) {
    int i = 0;
    for (; i + 8 <= len; i += 8) {
      long x = (long) LONGS.get(b, i) ^ pattern;
      if (~(((x & LOW7) + LOW7) | x | LOW7) != 0) {
        return true;
      }
    }
    byte one = (byte) pattern;
    for (; i < len; i++) {
      if (b[i] == one) {
        return true;
      }
    }
    return false;
  }

  /**
   * The records of a CSV file (header included) as DuckDB reads them: which are blank lines, and
   * after which records the lines run ahead of the records. When the file has unbalanced quotes
   * ({@code strays}), this is the layout of the file with those lines emptied, as DuckDB is then
   * given it (see {@link #withoutLines}): each is a blank record here.
   *
   * @param records the records, header and blank lines included
   * @param blank the record numbers (1-based) of blank lines (and of emptied unbalanced quotes)
   * @param shifts for each record spanning several lines, its number and its extra lines
   * @param strays the lines whose quoted value is unbalanced, in order
   */
  record Layout(long records, List<Long> blank, List<long[]> shifts, List<Stray> strays) {
    Layout(long records, List<Long> blank, List<long[]> shifts) {
      this(records, blank, shifts, List.of());
    }

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

    /** Blank lines of the file itself (not the emptied unbalanced quotes). */
    long blankLines() {
      return blank.size() - strays.size();
    }

    /** Lines of records over several lines beyond their first. */
    long extraLines() {
      return shifts.stream().mapToLong(s -> s[1]).sum();
    }
  }

  /**
   * A line whose quoted value is still open at its end where the value may not hold line breaks (or
   * past the bound where it may): the line is one record, quarantined, and reading resumes at the
   * next line.
   *
   * @param line the line of the file (1-based)
   * @param record its record number in the layout (a blank record there)
   * @param reason why, as the quarantine says it
   * @param text the line as read, at most {@link #TEXT_KEPT} characters
   * @param length the line's length in bytes
   */
  record Stray(long line, long record, String reason, String text, long length) {
    /** Whether {@code text} is the whole line. */
    boolean whole() {
      return length <= TEXT_KEPT;
    }
  }

  /**
   * The columns of a CSV file as its records are scanned: how many, their names and which may hold
   * line breaks (free text).
   */
  record Columns(List<String> names, boolean[] lineBreaks) {
    String name(int field) {
      return field < names.size() ? names.get(field) : "column " + (field + 1);
    }

    boolean mayBreak(int field) {
      return field < lineBreaks.length && lineBreaks[field];
    }
  }

  /** A quoted value of a free-text column may span at most this many lines. */
  static final int MAX_VALUE_LINES = 100;

  /** ... and its record at most this many bytes. */
  static final int MAX_RECORD_BYTES = 1 << 20;

  /**
   * A bad record's text is kept whole up to this many characters (DuckDB keeps as much of a line it
   * rejects); past it, its line range and start.
   */
  static final int TEXT_KEPT = 10_000;

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
   * Which line first ends otherwise than line 1 (LF, CRLF or CR alone), as a sentence, or null when
   * every line ends alike (DuckDB refuses such a file as a whole, naming no line).
   */
  static String mixedLineEndings(InputStream in) throws IOException {
    long[] other = firstLineEndingOtherwise(in);
    if (other == null) {
      return null;
    }
    return "line "
        + other[0]
        + " ends with "
        + ENDINGS[(int) other[2]]
        + " where line 1 ends with "
        + ENDINGS[(int) other[1]]
        + ": the lines of a CSV file must all end alike";
  }

  private static final String[] ENDINGS = {"LF (\\n)", "CRLF (\\r\\n)", "CR (\\r)"};

  /**
   * The first line that ends otherwise than line 1, as {@code {line, line 1's ending, its ending}}
   * (0 LF, 1 CRLF, 2 CR alone), or null when every line ends alike. Line ends inside quoted values
   * count too: DuckDB refuses those as well.
   */
  static long[] firstLineEndingOtherwise(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    long line = 1;
    int first = -1;
    boolean afterCr = false;
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        int ending = -1;
        if (afterCr) {
          ending = b == '\n' ? 1 : 2;
        } else if (b == '\n') {
          ending = 0;
        }
        if (ending >= 0) {
          if (first < 0) {
            first = ending;
          } else if (ending != first) {
            return new long[] {line, first, ending};
          }
          line++;
        }
        afterCr = b == '\r';
      }
    }
    if (afterCr && first >= 0 && first != 2) {
      return new long[] {line, first, 2};
    }
    return null;
  }

  /** Reads a CSV stream (delimiter ',', quote and escape '"') into its {@link Layout}. */
  static Layout scan(InputStream in) throws IOException {
    return scan(in, null);
  }

  /**
   * Reads a CSV stream (delimiter ',', quote and escape '"', RFC 4180 with DuckDB's leniency: a
   * quote inside an unquoted value is text) into its {@link Layout}. With {@code columns}, a record
   * whose quoted value is still open at the end of its first line is one line only (a {@link
   * Stray}, reading resumes at the next line) unless the value's column may hold line breaks, the
   * value spans at most {@link #MAX_VALUE_LINES} lines and {@link #MAX_RECORD_BYTES} bytes, and the
   * record then has the header's number of values. Without, every quoted value may span lines.
   */
  static Layout scan(InputStream in, Columns columns) throws IOException {
    Scanner scanner = new Scanner(columns);
    scanner.run(in);
    return scanner.layout();
  }

  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int QUOTE_IN_QUOTED = 3;

  /**
   * The state machine of {@link #scan}: bytes in, records out. Input is read through a stack of
   * cursors: the stream's buffer at the bottom, and on top the bytes to read again after a stray
   * (so they come before the rest of the buffer).
   */
  private static final class Scanner {
    private final Columns columns;
    private final List<Long> blank = new ArrayList<>();
    private final List<long[]> shifts = new ArrayList<>();
    private final List<Stray> strays = new ArrayList<>();
    private final ArrayDeque<Cursor> input = new ArrayDeque<>();
    private long records;
    private long line = 1; // the line of the byte being read
    private int state = FIELD_START;
    private int field;
    private boolean recordEmpty = true; // nothing but a line end seen in the record yet
    private boolean recordOpen;
    private long extra; // line ends inside quotes in the current record
    private int quotedField; // the field whose quoted value held the first of them
    private long recordLine = 1;
    private boolean afterCr;
    // The record's first line (a stray's text) and, once that line ended inside quotes, every byte
    // after it (read again from the next line should the record turn out a stray).
    private final Bytes firstLine = new Bytes(TEXT_KEPT);
    private long firstLineLength;
    private boolean firstLineEndsWithCr;
    private Bytes pending;

    Scanner(Columns columns) {
      this.columns = columns;
    }

    private static final class Cursor {
      final byte[] bytes;
      final int end;
      int at;

      Cursor(byte[] bytes, int end) {
        this.bytes = bytes;
        this.end = end;
      }
    }

    void run(InputStream in) throws IOException {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = in.read(buffer)) > 0) {
        input.push(new Cursor(buffer, n));
        drain();
      }
      while (recordOpen && columns != null && extra > 0) {
        if (state == QUOTED) {
          // A quoted value open to the end of the file: its first line alone is the record.
          stray("is still open at the end of the file");
        } else if (field + 1 != columns.names().size()) {
          strayForValues();
        } else {
          break;
        }
        drain();
      }
      if (recordOpen) {
        endRecord();
      }
    }

    private void drain() {
      while (!input.isEmpty()) {
        Cursor c = input.peek();
        if (c.at == c.end) {
          input.pop();
          continue;
        }
        feed(c.bytes[c.at++]);
      }
    }

    private void feed(byte b) {
      if (pending != null) {
        pending.add(b);
      }
      if (b == '\n' && afterCr) {
        afterCr = false; // the LF of a CRLF: the CR ended the line
        return;
      }
      if (b == '\n' || b == '\r') {
        afterCr = b == '\r';
        lineEnd();
        return;
      }
      afterCr = false;
      if (extra == 0) {
        firstLine.add(b);
        firstLineLength++;
      }
      recordOpen = true;
      recordEmpty = false;
      switch (state) {
        case FIELD_START -> {
          if (b == '"') {
            state = QUOTED;
          } else if (b == ',') {
            field++;
          } else {
            state = UNQUOTED;
          }
        }
        case UNQUOTED -> {
          if (b == ',') {
            field++;
            state = FIELD_START;
          }
        }
        case QUOTED -> {
          if (b == '"') {
            state = QUOTE_IN_QUOTED;
          }
        }
        default -> {
          // QUOTE_IN_QUOTED: "" is a quote in the value; else the value has ended
          if (b == '"') {
            state = QUOTED;
          } else if (b == ',') {
            field++;
            state = FIELD_START;
          } else {
            state = UNQUOTED;
            if (columns != null && extra > 0) {
              // DuckDB refuses text after a closing quote: in a record over several lines that
              // would take its later lines with it.
              stray("is followed by text after its closing quote on line " + (recordLine + extra));
              return;
            }
          }
        }
      }
      if (pending != null && pending.size() > MAX_RECORD_BYTES) {
        stray("makes its record longer than " + MAX_RECORD_BYTES + " bytes");
      }
    }

    private void lineEnd() {
      recordOpen = true;
      if (state == QUOTED) {
        if (extra == 0) {
          firstLineEndsWithCr = afterCr;
          quotedField = field;
          if (columns != null && !columns.mayBreak(field)) {
            // Not a value that may hold line breaks: the line is the record.
            stray("is still open at the end of the line");
            return;
          }
          pending = columns == null ? null : new Bytes(Integer.MAX_VALUE);
        }
        extra++;
        line++;
        if (columns != null && extra >= MAX_VALUE_LINES) {
          stray("is still open after " + MAX_VALUE_LINES + " lines");
        }
        return;
      }
      if (columns != null && extra > 0 && field + 1 != columns.names().size()) {
        strayForValues();
        return;
      }
      endRecord();
      line++;
      startRecord(line);
    }

    private void endRecord() {
      records++;
      if (recordEmpty) {
        blank.add(records);
      }
      if (extra > 0) {
        shifts.add(new long[] {records, extra});
      }
    }

    private void strayForValues() {
      stray(
          "spans lines "
              + recordLine
              + " to "
              + (recordLine + extra)
              + " and leaves its record "
              + (field + 1)
              + " values for "
              + columns.names().size()
              + " columns");
    }

    /**
     * The record's first line is a stray: counted as one blank record (the line is emptied for
     * DuckDB), and every byte read after that line is read again as the lines that follow it.
     */
    private void stray(String why) {
      records++;
      blank.add(records);
      strays.add(
          new Stray(
              recordLine,
              records,
              "unbalanced quote: the quoted value in "
                  + columns.name(quotedField)
                  + (why.startsWith("spans") ? " " : " that starts on line " + recordLine + " ")
                  + why,
              firstLine.text(),
              firstLineLength));
      byte[] again = pending == null ? null : pending.toArray();
      startRecord(recordLine + 1);
      afterCr = firstLineEndsWithCr; // an LF first in the bytes read again ends the stray's CRLF
      if (again != null && again.length > 0) {
        input.push(new Cursor(again, again.length));
      }
    }

    private void startRecord(long atLine) {
      line = atLine;
      recordLine = atLine;
      state = FIELD_START;
      field = 0;
      quotedField = 0;
      recordEmpty = true;
      recordOpen = false;
      extra = 0;
      firstLine.clear();
      firstLineLength = 0;
      pending = null;
    }

    Layout layout() {
      return new Layout(records, blank, shifts, strays);
    }
  }

  /** A growable byte buffer that keeps at most {@code cap} bytes (and counts the rest). */
  private static final class Bytes {
    private final int cap;
    private byte[] data = new byte[64];
    private int size;

    Bytes(int cap) {
      this.cap = cap;
    }

    void add(byte b) {
      if (size >= cap) {
        return;
      }
      if (size == data.length) {
        data = java.util.Arrays.copyOf(data, Math.min(cap, data.length * 2));
      }
      data[size++] = b;
    }

    int size() {
      return size;
    }

    void clear() {
      size = 0;
      if (data.length > 1 << 16) {
        data = new byte[64];
      }
    }

    byte[] toArray() {
      return java.util.Arrays.copyOf(data, size);
    }

    String text() {
      return new String(data, 0, size, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * Copies a CSV stream to {@code out} with the given lines emptied (their line ends kept): the
   * file DuckDB reads when some lines are unbalanced quotes.
   */
  static void withoutLines(InputStream in, java.io.OutputStream out, java.util.Set<Long> emptied)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    byte[] outBuffer = new byte[1 << 16];
    int o = 0;
    long line = 1;
    boolean afterCr = false;
    int n;
    while ((n = in.read(buffer)) > 0) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        boolean end = b == '\r' || (b == '\n' && !afterCr);
        boolean lfOfCrlf = b == '\n' && afterCr;
        // A line's own bytes and its end belong to it; the LF of a CRLF to the line it ends.
        long of = lfOfCrlf ? line - 1 : line;
        if (!emptied.contains(of) || end || lfOfCrlf) {
          if (o == outBuffer.length) {
            out.write(outBuffer, 0, o);
            o = 0;
          }
          outBuffer[o++] = b;
        }
        if (end) {
          line++;
        }
        afterCr = b == '\r';
      }
    }
    out.write(outBuffer, 0, o);
  }
}
