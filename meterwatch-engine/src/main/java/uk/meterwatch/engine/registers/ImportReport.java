package uk.meterwatch.engine.registers;

/**
 * What an import did: rows read, records added, records updated, rows equal to the record already
 * held (nothing written for them).
 */
public record ImportReport(String register, int read, int added, int updated, int unchanged) {
  @Override
  public String toString() {
    return String.format(
        "%s: %d read, %d added, %d updated, %d unchanged",
        register, read, added, updated, unchanged);
  }
}
