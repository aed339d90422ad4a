package uk.meterwatch.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes the rows of one file of a drop, one value after another in column order. Absent values are
 * empty cells in CSV and null in JSONL.
 */
abstract class RowWriter implements Closeable {
  protected final ByteSink sink;
  protected final List<String> columns;
  protected int column;
  private long rows;

  RowWriter(OutputStream out, List<String> columns) {
    this(new ByteSink(out), columns);
  }

  /** A writer onto a sink it may share with others (the DUIS log: one file, three kinds). */
  RowWriter(ByteSink sink, List<String> columns) {
    this.sink = sink;
    this.columns = List.copyOf(columns);
  }

  static RowWriter csv(OutputStream out, List<String> columns) {
    return new Csv(out, columns);
  }

  static RowWriter jsonl(OutputStream out, List<String> columns) {
    return new Jsonl(out, columns);
  }

  long rows() {
    return rows;
  }

  /** A text value; null is absent. */
  abstract RowWriter text(String value);

  abstract RowWriter instant(long epochMillis);

  abstract RowWriter number(long value);

  abstract RowWriter bool(boolean value);

  /** An instant, or absent when {@code present} is false. */
  RowWriter instant(long epochMillis, boolean present) {
    return present ? instant(epochMillis) : text(null);
  }

  RowWriter date(LocalDate date) {
    return text(date == null ? null : date.toString());
  }

  RowWriter list(List<String> values) {
    return text(values == null || values.isEmpty() ? null : String.join(";", values));
  }

  void end() {
    if (column != columns.size()) {
      throw new IllegalStateException("row has " + column + " values, expected " + columns.size());
    }
    endRow();
    column = 0;
    rows++;
  }

  protected abstract void endRow();

  @Override
  public void close() throws IOException {
    sink.close();
  }

  private static boolean needsQuotes(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return true;
      }
    }
    return false;
  }

  /** RFC 4180: comma-separated, quoted only when needed, CRLF-free (LF line ends). */
  private static final class Csv extends RowWriter {
    Csv(OutputStream out, List<String> columns) {
      super(out, columns);
      for (int i = 0; i < columns.size(); i++) {
        if (i > 0) {
          sink.write((byte) ',');
        }
        sink.write(columns.get(i));
      }
      sink.write((byte) '\n');
    }

    private void separator() {
      if (column++ > 0) {
        sink.write((byte) ',');
      }
    }

    @Override
    RowWriter text(String value) {
      separator();
      if (value == null) {
        return this;
      }
      if (needsQuotes(value)) {
        sink.write((byte) '"');
        sink.write(value.replace("\"", "\"\""));
        sink.write((byte) '"');
      } else {
        sink.write(value);
      }
      return this;
    }

    @Override
    RowWriter instant(long epochMillis) {
      separator();
      sink.writeInstant(epochMillis);
      return this;
    }

    @Override
    RowWriter number(long value) {
      separator();
      sink.writeLong(value);
      return this;
    }

    @Override
    RowWriter bool(boolean value) {
      separator();
      sink.write(value ? "true" : "false");
      return this;
    }

    @Override
    protected void endRow() {
      sink.write((byte) '\n');
    }
  }

  /** One JSON object a line; every column present, absent values null. */
  private static final class Jsonl extends RowWriter {
    private final byte[][] keys;

    Jsonl(OutputStream out, List<String> columns) {
      super(out, columns);
      keys = new byte[columns.size()][];
      for (int i = 0; i < columns.size(); i++) {
        String prefix = (i == 0 ? "{\"" : ",\"") + columns.get(i) + "\":";
        keys[i] = prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
    }

    @Override
    RowWriter text(String value) {
      sink.write(keys[column++]);
      if (value == null) {
        sink.write("null");
        return this;
      }
      sink.write((byte) '"');
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c == '"' || c == '\\') {
          sink.write((byte) '\\');
          sink.write((byte) c);
        } else if (c < 0x20 || Character.isSurrogate(c)) {
          sink.write(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
        } else if (c < 0x80) {
          sink.write((byte) c);
        } else {
          sink.write(String.valueOf(c));
        }
      }
      sink.write((byte) '"');
      return this;
    }

    @Override
    RowWriter instant(long epochMillis) {
      sink.write(keys[column++]);
      sink.write((byte) '"');
      sink.writeInstant(epochMillis);
      sink.write((byte) '"');
      return this;
    }

    @Override
    RowWriter number(long value) {
      sink.write(keys[column++]);
      sink.writeLong(value);
      return this;
    }

    @Override
    RowWriter bool(boolean value) {
      sink.write(keys[column++]);
      sink.write(value ? "true" : "false");
      return this;
    }

    @Override
    protected void endRow() {
      sink.write((byte) '}');
      sink.write((byte) '\n');
    }
  }
}
