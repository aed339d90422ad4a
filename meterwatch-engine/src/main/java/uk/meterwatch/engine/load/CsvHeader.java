package uk.meterwatch.engine.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * Reads the header row of a CSV file (RFC 4180). DuckDB is then told the columns, rather than
 * sniffing them: a sniffer guesses, and guesses wrong on exactly the broken files that need a clear
 * answer.
 */
final class CsvHeader {
  private CsvHeader() {}

  static List<String> read(Path file, boolean gzip) {
    try (InputStream in = CsvLines.open(file, gzip);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line = reader.readLine();
      if (line == null) {
        throw new MeterwatchException(ErrorCode.INPUT_COLUMNS, "the file is empty: no header row");
      }
      if (line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      return split(line);
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE,
          gzip ? DropLoader.notWholeGzip(e) : "cannot read the header row: " + e.getMessage(),
          e);
    }
  }

  /** Splits one CSV line: commas separate, double quotes quote, "" is a quote inside quotes. */
  static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(field.toString().strip());
        field.setLength(0);
      } else if (c != '\r') {
        field.append(c);
      }
    }
    out.add(field.toString().strip());
    return out;
  }
}
