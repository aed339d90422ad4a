package uk.meterwatch.cli;

import java.io.PrintWriter;

/** CSV in long format, one value a line, quoted only where needed (the analysis commands). */
final class LongCsv {
  private final PrintWriter out;

  LongCsv(PrintWriter out, String... header) {
    this.out = out;
    out.println(String.join(",", header));
  }

  void row(Object... values) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        line.append(',');
      }
      line.append(quote(values[i] == null ? "" : values[i].toString()));
    }
    out.println(line);
  }

  static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }
}
