package uk.meterwatch.core.measure;

/**
 * The response-time summary an engine may keep (DuckDB's store: table {@code response_time_cube},
 * docs/measures.md): per month and population (ON_DEMAND, FUTURE_DATED), requests counted by SRV,
 * provider, {@code delay_s} (the first RESPONSE's delay rounded up to whole seconds, 0 when it came
 * first, capped a second above the longest target it answers) and {@code i0_first}. A delay of d
 * microseconds is within a target of T whole seconds exactly when ceil(d / 1,000,000) <= T.
 */
public final class ResponseTimeSummary {
  /** The longest Target Response Time the summary answers exactly (a day), in seconds. */
  public static final long MAX_TARGET_S = 86_400;

  private ResponseTimeSummary() {}
}
