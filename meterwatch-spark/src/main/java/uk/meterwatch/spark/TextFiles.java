package uk.meterwatch.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads CSV and JSON Lines files of a drop into rows of text with their line, one task per file (a
 * gzip file cannot be split, and a file's lines are numbered from its start): each row is the
 * kind's contract columns as text, then {@code mw_load}, {@code mw_file}, {@code mw_line}, {@code
 * mw_bad} (why the line is not a row: malformed, blank, not an object) and {@code mw_text} (the
 * line as read, for a malformed one). Line numbers as docs/loading.md says: in CSV the header is
 * line 1 and a row's line is the line where it starts (quoted values may span lines; blank lines
 * are skipped); in JSON Lines the line of the file.
 */
final class TextFiles implements FlatMapFunction<TextFiles.FileSpec, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  /** One file to read. */
  record FileSpec(String path, String name, long loadId, boolean csv, boolean gzip)
      implements Serializable {}

  private final List<String> columns;
  private final List<Boolean> lists;
  private final SerializableConfiguration conf;

  TextFiles(List<String> columns, List<Boolean> lists, Configuration conf) {
    this.columns = List.copyOf(columns);
    this.lists = List.copyOf(lists);
    this.conf = new SerializableConfiguration(conf);
  }

  @Override
  public Iterator<Row> call(FileSpec file) throws IOException {
    Path p = new Path(file.path());
    FileSystem fs = p.getFileSystem(conf.value());
    List<Row> rows = new ArrayList<>();
    try (InputStream raw = fs.open(p);
        InputStream in = file.gzip() ? new GZIPInputStream(raw, 1 << 16) : raw;
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (file.csv()) {
        csv(file, reader, rows);
      } else {
        jsonLines(file, new BufferedReader(reader), rows);
      }
    }
    return rows.iterator();
  }

  private Row row(FileSpec file, Object[] values, long line, String bad, String text) {
    Object[] all = new Object[columns.size() + 5];
    if (values != null) {
      System.arraycopy(values, 0, all, 0, columns.size());
    }
    all[columns.size()] = file.loadId();
    all[columns.size() + 1] = file.name();
    all[columns.size() + 2] = line;
    all[columns.size() + 3] = bad;
    all[columns.size() + 4] = text;
    return RowFactory.create(all);
  }

  // ---- CSV (RFC 4180; a quote inside an unquoted value is text, as DuckDB reads it) ----------

  private void csv(FileSpec file, Reader reader, List<Row> rows) throws IOException {
    CsvRecords records = new CsvRecords(reader);
    List<String> header = records.next();
    if (header == null) {
      return;
    }
    int[] at = new int[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      at[i] = header.indexOf(columns.get(i));
    }
    List<String> fields;
    while ((fields = records.next()) != null) {
      long line = records.startLine();
      if (fields.size() != header.size()) {
        rows.add(
            row(
                file,
                null,
                line,
                "malformed line ("
                    + (fields.size() > header.size() ? "too many columns" : "missing columns")
                    + "): expected "
                    + header.size()
                    + " columns, found "
                    + fields.size(),
                records.text()));
        continue;
      }
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        values[i] = at[i] < 0 ? null : fields.get(at[i]);
      }
      rows.add(row(file, values, line, null, null));
    }
  }

  /** Splits a CSV text into records, remembering the line each starts on. */
  static final class CsvRecords {
    private final Reader in;
    private int next = -2;
    private long line = 1;
    private long startLine;
    private final StringBuilder text = new StringBuilder();

    CsvRecords(Reader in) {
      this.in = in;
    }

    private int read() throws IOException {
      if (next != -2) {
        int c = next;
        next = -2;
        return c;
      }
      return in.read();
    }

    long startLine() {
      return startLine;
    }

    String text() {
      return text.toString();
    }

    /** An empty unquoted value is absent (NULL), as DuckDB reads it; a quoted one is "". */
    private static String value(StringBuilder field, boolean quoted) {
      return field.length() == 0 && !quoted ? null : field.toString();
    }

    /** The next record's fields, or null at the end; blank lines are skipped. */
    List<String> next() throws IOException {
      int c;
      // blank lines
      while (true) {
        c = read();
        if (c == -1) {
          return null;
        }
        if (c == '\r') {
          int d = read();
          if (d != '\n') {
            next = d;
          }
          line++;
          continue;
        }
        if (c == '\n') {
          line++;
          continue;
        }
        break;
      }
      startLine = line;
      text.setLength(0);
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      boolean wasQuoted = false;
      boolean fieldStart = true;
      while (true) {
        if (c == -1) {
          fields.add(value(field, wasQuoted));
          return fields;
        }
        if (quoted) {
          if (c == '"') {
            int d = read();
            if (d == '"') {
              field.append('"');
              text.append("\"\"");
            } else {
              quoted = false;
              text.append('"');
              next = d;
            }
          } else {
            if (c == '\n') {
              line++;
            }
            field.append((char) c);
            text.append((char) c);
          }
        } else if (c == '"' && fieldStart) {
          quoted = true;
          wasQuoted = true;
          fieldStart = false;
          text.append('"');
        } else if (c == ',') {
          fields.add(value(field, wasQuoted));
          field.setLength(0);
          fieldStart = true;
          wasQuoted = false;
          text.append(',');
        } else if (c == '\r' || c == '\n') {
          if (c == '\r') {
            int d = read();
            if (d != '\n') {
              next = d;
            }
          }
          line++;
          fields.add(value(field, wasQuoted));
          return fields;
        } else {
          field.append((char) c);
          fieldStart = false;
          text.append((char) c);
        }
        c = read();
      }
    }
  }

  // ---- JSON Lines ---------------------------------------------------------------------------

  private static final ObjectMapper JSON = new ObjectMapper();

  private void jsonLines(FileSpec file, BufferedReader reader, List<Row> rows) throws IOException {
    String text;
    long line = 0;
    while ((text = reader.readLine()) != null) {
      line++;
      if (text.isBlank()) {
        rows.add(row(file, null, line, "blank line", text));
        continue;
      }
      JsonNode node;
      try {
        node = JSON.readTree(text);
      } catch (IOException e) {
        rows.add(row(file, null, line, "malformed JSON", text));
        continue;
      }
      if (node == null || !node.isObject()) {
        rows.add(row(file, null, line, "not a JSON object", text));
        continue;
      }
      String bad = null;
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < columns.size() && bad == null; i++) {
        JsonNode v = node.get(columns.get(i));
        if (v == null || v.isNull()) {
          values[i] = null;
        } else if (v.isArray() && lists.get(i)) {
          List<String> items = new ArrayList<>();
          v.forEach(x -> items.add(x.isTextual() ? x.asText() : x.toString()));
          values[i] = String.join(";", items);
        } else if (v.isContainerNode()) {
          bad = columns.get(i) + " must be one value, got " + v;
        } else if (v.isNumber() && columns.get(i).equals("srv")) {
          bad = "srv must be a JSON string: a number can lose digits (7.10 reads as 7.1), got " + v;
        } else {
          values[i] = v.isTextual() ? v.asText() : v.toString();
        }
      }
      rows.add(
          bad == null ? row(file, values, line, null, null) : row(file, null, line, bad, text));
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
