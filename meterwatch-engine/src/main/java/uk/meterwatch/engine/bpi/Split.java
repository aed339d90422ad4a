package uk.meterwatch.engine.bpi;

/**
 * The transactions of one part of a process (a SMETS generation, a cohort, a region, a use case, an
 * SRV) and how they ended.
 *
 * @param transactions transactions of the part
 * @param successes those in buckets 1 to 3
 * @param slowSuccesses successes later than the rule set's slow-success threshold
 */
public record Split(long transactions, long successes, long slowSuccesses) {
  /** 100 x successes / transactions; null when there is no transaction. */
  public Double successRate() {
    return transactions == 0 ? null : 100.0 * successes / transactions;
  }

  Split plus(long t, long s, long slow) {
    return new Split(transactions + t, successes + s, slowSuccesses + slow);
  }
}
