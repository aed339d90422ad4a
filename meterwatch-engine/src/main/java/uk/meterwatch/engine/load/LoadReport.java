package uk.meterwatch.engine.load;

import java.util.List;

/**
 * The summary of a load: a line per file, totals, and the files of the drop that are of no contract
 * kind or format (they are left alone).
 */
public record LoadReport(List<FileLoad> files, List<String> ignored) {

  public LoadReport {
    files = List.copyOf(files);
    ignored = List.copyOf(ignored);
  }

  /** Totals over every file. */
  public Totals totals() {
    long read = 0;
    long loaded = 0;
    long duplicates = 0;
    long quarantined = 0;
    for (FileLoad f : files) {
      read += f.read();
      loaded += f.loaded();
      duplicates += f.duplicates();
      quarantined += f.quarantined();
    }
    return new Totals(read, loaded, duplicates, quarantined);
  }

  public boolean anyFailed() {
    return files.stream().anyMatch(f -> f.status() == FileLoad.Status.FAILED);
  }

  /** Sums of the per-file counts. */
  public record Totals(long read, long loaded, long duplicates, long quarantined) {}
}
