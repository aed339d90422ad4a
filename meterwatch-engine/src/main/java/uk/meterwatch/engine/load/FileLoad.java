package uk.meterwatch.engine.load;

/**
 * What happened to one file of a load. For every status but FAILED, {@code read = loaded +
 * duplicates + quarantined}.
 *
 * @param file the file's name
 * @param kind the contract kind (e.g. service_requests)
 * @param format csv, csv.gz, jsonl, jsonl.gz or parquet
 * @param status LOADED, UNCHANGED (same content loaded before) or FAILED
 * @param read records read: rows of the file (CSV: not the header nor blank lines; JSON Lines:
 *     every line; Parquet: every row)
 * @param loaded rows added to the store (or replacing an older version of the same record)
 * @param duplicates rows already in the store or repeated in the file
 * @param quarantined rows that break the contract, kept in the quarantine with their reason
 * @param error why the file failed, or null
 * @param loadId the store's id of this load, or null when nothing was loaded
 * @param lines the file's physical lines (line ends LF, CRLF or CR), or -1 where it has none
 *     (Parquet) or they were not counted
 * @param linesNote why the lines are not the records read plus the header, or null when they are
 */
public record FileLoad(
    String file,
    String kind,
    String format,
    Status status,
    long read,
    long loaded,
    long duplicates,
    long quarantined,
    String error,
    Long loadId,
    long lines,
    String linesNote) {

  /** Without lines (not counted). */
  public FileLoad(
      String file,
      String kind,
      String format,
      Status status,
      long read,
      long loaded,
      long duplicates,
      long quarantined,
      String error,
      Long loadId) {
    this(
        file, kind, format, status, read, loaded, duplicates, quarantined, error, loadId, -1, null);
  }

  /** The outcome of loading one file. */
  public enum Status {
    LOADED,
    UNCHANGED,
    FAILED
  }

  static FileLoad failed(String file, String kind, String format, String error) {
    return new FileLoad(file, kind, format, Status.FAILED, 0, 0, 0, 0, error, null);
  }
}
