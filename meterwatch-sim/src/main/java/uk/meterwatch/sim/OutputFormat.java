package uk.meterwatch.sim;

import java.util.Locale;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** The file format of a simulated drop. */
public enum OutputFormat {
  CSV("csv"),
  PARQUET("parquet"),
  JSONL("jsonl");

  private final String extension;

  OutputFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  public static OutputFormat parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "unknown format '" + text + "' (expected csv, parquet or jsonl)");
    }
  }
}
