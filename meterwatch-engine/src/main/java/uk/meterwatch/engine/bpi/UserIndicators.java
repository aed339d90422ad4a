package uk.meterwatch.engine.bpi;

/**
 * One User's figures within a process.
 *
 * @param userId the User
 * @param transactions transactions of the month
 * @param successes transactions in buckets 1 to 3
 * @param successRate 100 x successes / transactions
 * @param requests attempts of those transactions
 * @param duplicates duplicate attempts among them
 * @param flagged failure rate (100 - success rate) over the threshold with enough transactions
 */
public record UserIndicators(
    String userId,
    long transactions,
    long successes,
    double successRate,
    long requests,
    long duplicates,
    boolean flagged) {

  /** The same figures under another name (for publication). */
  public UserIndicators named(String name) {
    return new UserIndicators(
        name, transactions, successes, successRate, requests, duplicates, flagged);
  }
}
