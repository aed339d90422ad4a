package uk.meterwatch.sim;

import java.util.Locale;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** The file format of a simulated drop. */
public enum OutputFormat {
  CSV("csv"),
  PARQUET("parquet"),
  JSONL("jsonl"),
  /** Traffic as a DUIS audit log (duis-log.jsonl); inventory and registers as CSV beside it. */
  DUIS("duis");

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
          ErrorCode.USAGE, "unknown format '" + text + "' (expected csv, parquet, jsonl or duis)");
    }
  }
}
