package uk.meterwatch.engine.registers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import uk.meterwatch.core.csv.CsvWriter;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** Rows of a register as CSV (RFC 4180, header row) or a JSON array of objects. */
final class Tabular {
  private static final ObjectMapper COMPACT = new ObjectMapper();
  private static final CsvMapper CSV = new CsvMapper();

  /** One row read, with where it came from (file and line, or file and record number). */
  record Row(String where, Map<String, Object> values) {
    Fields fields() {
      return new Fields(where, values);
    }
  }

  private Tabular() {}

  /** A record as compact JSON, for the audit trail. */
  static String json(Map<String, Object> values) {
    if (values == null) {
      return null;
    }
    try {
      return COMPACT.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new MeterwatchException(ErrorCode.INTERNAL, "cannot write JSON: " + e.getMessage(), e);
    }
  }

  /** Writes rows to a file through a temporary file, so a failed export leaves no half file. */
  static void write(
      Path file, ExchangeFormat format, List<String> columns, List<Map<String, Object>> rows) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path tmp = Files.createTempFile(parent, ".export", ".tmp");
      try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        if (format == ExchangeFormat.JSON) {
          COMPACT.writerWithDefaultPrettyPrinter().writeValue(w, rows);
        } else {
          // For people: a cell a spreadsheet would run is written with a quote before it.
          CsvWriter csv = new CsvWriter(w);
          csv.row(columns);
          for (Map<String, Object> row : rows) {
            List<String> line = new ArrayList<>();
            for (String c : columns) {
              line.add(cell(row.get(c)));
            }
            csv.row(line);
          }
        }
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> l) {
      return l.stream().map(String::valueOf).collect(Collectors.joining(";"));
    }
    return String.valueOf(v);
  }

  /** Reads every row of a file; a file that cannot be read at all is one clear error. */
  static List<Row> read(Path file, ExchangeFormat format) {
    if (!Files.isRegularFile(file)) {
      throw new MeterwatchException(ErrorCode.NOT_FOUND, "no such file: " + file);
    }
    String name = file.getFileName().toString();
    List<Row> rows = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      // A UTF-8 byte-order mark (spreadsheets write one) is not part of the first column's name,
      // as the loader reads it (CsvHeader).
      r.mark(1);
      if (r.read() != '\uFEFF') {
        r.reset();
      }
      if (format == ExchangeFormat.JSON) {
        List<Map<String, Object>> list =
            COMPACT.readValue(r, new TypeReference<List<Map<String, Object>>>() {});
        for (int i = 0; i < list.size(); i++) {
          Map<String, Object> values = list.get(i);
          if (values == null) {
            throw new MeterwatchException(
                ErrorCode.INPUT_UNREADABLE, name + " record " + (i + 1) + ": not an object");
          }
          rows.add(new Row(name + " record " + (i + 1), values));
        }
      } else {
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        MappingIterator<Map<String, String>> it =
            CSV.readerForMapOf(String.class)
                .with(schema)
                .with(CsvParser.Feature.FAIL_ON_MISSING_COLUMNS)
                .readValues(r);
        while (it.hasNextValue()) {
          // Where the row starts (a quoted cell may span lines).
          long lineNo = it.getCurrentLocation().getLineNr();
          Map<String, String> line = it.nextValue();
          // A cell written with a quote before it (safe for a spreadsheet) is its value again.
          Map<String, Object> values = new LinkedHashMap<>();
          line.forEach((k, v) -> values.put(k, CsvWriter.restore(v)));
          rows.add(new Row(name + " line " + lineNo, values));
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof MeterwatchException me) {
        throw me;
      }
      String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE,
          "cannot read "
              + file
              + " as "
              + format.name().toLowerCase(java.util.Locale.ROOT)
              + ": "
              + m,
          e);
    }
    return rows;
  }
}
