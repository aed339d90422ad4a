package uk.meterwatch.engine.external;

import java.util.List;

/**
 * What an external engine's check of a drop found, per file and in total: {@code read = used +
 * duplicates + quarantined}, as a load's summary (docs/loading.md).
 */
public record InputCheck(List<FileCheck> files) {
  public InputCheck {
    files = List.copyOf(files);
  }

  /** One file of the drop. */
  public record FileCheck(
      String file, String kind, long read, long used, long duplicates, long quarantined) {}

  public long read() {
    return files.stream().mapToLong(FileCheck::read).sum();
  }

  public long used() {
    return files.stream().mapToLong(FileCheck::used).sum();
  }

  public long duplicates() {
    return files.stream().mapToLong(FileCheck::duplicates).sum();
  }

  public long quarantined() {
    return files.stream().mapToLong(FileCheck::quarantined).sum();
  }

  /** One line: {@code read N = used U + duplicates D + quarantined Q (F files)}. */
  public String summary() {
    return "read "
        + read()
        + " = used "
        + used()
        + " + duplicates "
        + duplicates()
        + " + quarantined "
        + quarantined()
        + " ("
        + files.size()
        + " files)";
  }
}
