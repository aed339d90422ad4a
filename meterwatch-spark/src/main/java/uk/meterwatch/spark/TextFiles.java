package uk.meterwatch.spark;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;
import uk.meterwatch.core.csv.CsvWriter;
import uk.meterwatch.engine.load.ContractSql;
import uk.meterwatch.engine.load.Kind;

/**
 * Reads CSV and JSON Lines files of a drop into rows of text with their line, one task per file (a
 * gzip file cannot be split, and a file's lines are numbered from its start): each row is the
 * kind's contract columns as text, then {@code mw_load}, {@code mw_file}, {@code mw_line}, {@code
 * mw_bad} (why the line is not a row: malformed, blank, not an object) and {@code mw_text} (the
 * line as read, for a malformed one). Line numbers as docs/loading.md says: in CSV the header is
 * line 1 and a row's line is the line where it starts (quoted values may span lines; blank lines
 * are skipped); in JSON Lines the line of the file. The loader's format rules, from the engine
 * ({@link ContractSql}): a CSV line whose quoted value is unbalanced is one record, quarantined
 * (the loader's own scan finds them), and a cell written safe for a spreadsheet is read back
 * ({@link CsvWriter#restore}); a JSON value of a shape its column does not take, or a contract key
 * named twice, quarantines the line with the loader's reason.
 */
final class TextFiles implements FlatMapFunction<TextFiles.FileSpec, Row>, Serializable {
  private static final long serialVersionUID = 1L;

  /** One file to read. */
  record FileSpec(String path, String name, long loadId, boolean csv, boolean gzip)
      implements Serializable {}

  private final Kind kind;
  private final List<String> columns;
  private final List<Boolean> lists;
  private final SerializableConfiguration conf;

  TextFiles(Kind kind, Configuration conf) {
    this.kind = kind;
    this.columns = ContractSql.columns(kind).stream().map(ContractSql.ColumnSql::name).toList();
    this.lists = ContractSql.columns(kind).stream().map(ContractSql.ColumnSql::list).toList();
    this.conf = new SerializableConfiguration(conf);
  }

  @Override
  public Iterator<Row> call(FileSpec file) throws IOException {
    Path p = new Path(file.path());
    FileSystem fs = p.getFileSystem(conf.value());
    List<Row> rows = new ArrayList<>();
    Map<Long, ContractSql.CsvStray> strays = new HashMap<>();
    if (file.csv()) {
      // The header, then the lines whose quoted value is unbalanced, by the loader's own scan.
      List<String> header;
      try (InputStream in = open(fs, p, file.gzip());
          Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        header = new CsvRecords(reader).next();
      }
      if (header == null) {
        return rows.iterator();
      }
      try (InputStream in = open(fs, p, file.gzip())) {
        for (ContractSql.CsvStray s : ContractSql.csvStrays(kind, header, in)) {
          strays.put(s.line(), s);
        }
      }
    }
    try (InputStream in = open(fs, p, file.gzip());
        Reader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (file.csv()) {
        csv(file, reader, rows, strays);
      } else {
        jsonLines(file, new BufferedReader(reader), rows);
      }
    }
    return rows.iterator();
  }

  private static InputStream open(FileSystem fs, Path p, boolean gzip) throws IOException {
    InputStream raw = fs.open(p);
    try {
      return gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
    } catch (IOException e) {
      raw.close();
      throw e;
    }
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

  private void csv(
      FileSpec file, Reader reader, List<Row> rows, Map<Long, ContractSql.CsvStray> strays)
      throws IOException {
    CsvRecords records = new CsvRecords(reader, strays.keySet());
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
      if (fields == CsvRecords.STRAY) {
        ContractSql.CsvStray stray = strays.get(line);
        rows.add(row(file, null, line, stray.reason(), stray.text()));
        continue;
      }
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
        values[i] = at[i] < 0 ? null : CsvWriter.restore(fields.get(at[i]));
      }
      rows.add(row(file, values, line, null, null));
    }
  }

  /** Splits a CSV text into records, remembering the line each starts on. */
  static final class CsvRecords {
    /** What {@link #next} gives for a line whose quoted value is unbalanced (a stray). */
    static final List<String> STRAY = List.of();

    private final Reader in;
    private final java.util.Set<Long> strays;
    private int next = -2;
    private long line = 1;
    private long startLine;
    private final StringBuilder text = new StringBuilder();

    CsvRecords(Reader in) {
      this(in, java.util.Set.of());
    }

    /** {@code strays}: lines read as one record each, {@link #STRAY}, whatever their quotes. */
    CsvRecords(Reader in, java.util.Set<Long> strays) {
      this.in = in;
      this.strays = strays;
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
      if (strays.contains(line)) {
        // The line alone, to its end: reading resumes at the next line.
        while (c != -1 && c != '\n' && c != '\r') {
          text.append((char) c);
          c = read();
        }
        if (c == '\r') {
          int d = read();
          if (d != '\n') {
            next = d;
          }
        }
        line++;
        return STRAY;
      }
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
      String bad = repeatedKey(text);
      Object[] values = new Object[columns.size()];
      for (int i = 0; i < columns.size() && bad == null; i++) {
        String column = columns.get(i);
        JsonNode v = node.get(column);
        if (v == null || v.isNull()) {
          values[i] = null;
          continue;
        }
        if (v.isArray() && lists.get(i)) {
          List<String> items = new ArrayList<>();
          for (JsonNode x : v) {
            if (x.isTextual()) {
              items.add(x.asText());
            } else if (!x.isNull()) {
              bad = ContractSql.notAListOfText(column).of(v.toString());
            }
          }
          values[i] = String.join(";", items);
          continue;
        }
        ContractSql.Refusal refused = ContractSql.refusal(kind, column, shape(v));
        if (refused != null) {
          bad = refused.of(v.toString());
        } else {
          values[i] = v.isTextual() ? v.asText() : v.toString();
        }
      }
      rows.add(
          bad == null ? row(file, values, line, null, null) : row(file, null, line, bad, text));
    }
  }

  /** A JSON value's shape, as the loader names it ({@code ValueShape}). */
  private static String shape(JsonNode v) {
    if (v.isTextual()) {
      return "TEXT";
    }
    if (v.isNumber()) {
      return "NUMBER";
    }
    if (v.isBoolean()) {
      return "BOOLEAN";
    }
    return v.isArray() ? "LIST" : "OBJECT";
  }

  /**
   * "COLUMN appears twice in the JSON object" for the first contract column (in the kind's order)
   * that is a key of the line's object more than once, else null (other keys may repeat). Jackson
   * keeps the last value of a repeated key: the line is read once more, by its tokens, only when a
   * contract column's name appears twice in its text.
   */
  private String repeatedKey(String line) throws IOException {
    boolean twice = false;
    for (String c : columns) {
      String quoted = "\"" + c + "\"";
      int first = line.indexOf(quoted);
      if (first >= 0 && line.indexOf(quoted, first + 1) >= 0) {
        twice = true;
        break;
      }
    }
    if (!twice) {
      return null;
    }
    Map<String, Integer> keys = new HashMap<>();
    try (JsonParser p = JSON.getFactory().createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        keys.merge(p.currentName(), 1, Integer::sum);
        p.nextToken();
        p.skipChildren();
      }
    }
    for (String c : columns) {
      if (keys.getOrDefault(c, 0) > 1) {
        return c + " appears twice in the JSON object";
      }
    }
    return null;
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
