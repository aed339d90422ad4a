package uk.meterwatch.engine.analysis;

/** How the network is split in a regional breakdown. */
public enum Level {
  /** The whole network. */
  NATIONAL,
  /** The devices file's area (e.g. a postcode area). */
  AREA,
  /** The CSP region the area belongs to (see {@link Geography}). */
  REGION,
  /** The device's service provider (CSP-N, CSP-C, CSP-S, S1SP-...). */
  PROVIDER;

  public String word() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
