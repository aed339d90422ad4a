package uk.meterwatch.engine.load;

import java.util.Arrays;
import java.util.Optional;

/** The file formats of the data contract, told by the file name's ending. */
public enum Format {
  CSV_GZ(".csv.gz"),
  CSV(".csv"),
  JSONL_GZ(".jsonl.gz"),
  JSONL(".jsonl"),
  PARQUET(".parquet");

  private final String suffix;

  Format(String suffix) {
    this.suffix = suffix;
  }

  public String suffix() {
    return suffix;
  }

  boolean isCsv() {
    return this == CSV || this == CSV_GZ;
  }

  boolean isGzip() {
    return this == CSV_GZ || this == JSONL_GZ;
  }

  public String label() {
    return suffix.substring(1);
  }

  public static Optional<Format> ofFileName(String fileName) {
    String lower = fileName.toLowerCase(java.util.Locale.ROOT);
    return Arrays.stream(values()).filter(f -> lower.endsWith(f.suffix)).findFirst();
  }
}
