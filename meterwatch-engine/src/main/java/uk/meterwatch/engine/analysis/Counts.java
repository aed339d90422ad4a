package uk.meterwatch.engine.analysis;

/**
 * The counts behind a success rate: successes out of a total (transactions of a process, or the
 * population of a measure and how many were within).
 */
public record Counts(long successes, long total) {
  public static final Counts NONE = new Counts(0, 0);

  public Counts plus(Counts other) {
    return new Counts(successes + other.successes, total + other.total);
  }

  /** 100 x successes / total, in percent; null when the total is 0. */
  public Double rate() {
    return total == 0 ? null : 100.0 * successes / total;
  }
}
