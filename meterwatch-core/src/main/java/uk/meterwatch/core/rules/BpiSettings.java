package uk.meterwatch.core.rules;

/**
 * Windows and thresholds of the Business Process Indicators.
 *
 * @param retryWindowHours a request more than this after a transaction's first starts a new one
 * @param duplicateWindowMinutes a repeat this soon after a success is a duplicate, not a new one
 * @param communicationEvidenceDays how far back an I0 counts as evidence that a device talks
 * @param flagFailureRate percent: Users failing more than this are flagged
 * @param flagMinTransactions ... when they have at least this many transactions
 * @param slowSuccessHours a success more than this many hours after the request was due is a slow
 *     success, shown apart from the others (24 when the rule set does not say)
 */
public record BpiSettings(
    int retryWindowHours,
    int duplicateWindowMinutes,
    int communicationEvidenceDays,
    double flagFailureRate,
    int flagMinTransactions,
    Integer slowSuccessHours) {

  /** The default slow-success threshold: the minutes' "even if the transaction took 24 hours". */
  public static final int DEFAULT_SLOW_SUCCESS_HOURS = 24;

  public BpiSettings {
    slowSuccessHours = slowSuccessHours == null ? DEFAULT_SLOW_SUCCESS_HOURS : slowSuccessHours;
  }

  /** Settings with the default slow-success threshold. */
  public BpiSettings(
      int retryWindowHours,
      int duplicateWindowMinutes,
      int communicationEvidenceDays,
      double flagFailureRate,
      int flagMinTransactions) {
    this(
        retryWindowHours,
        duplicateWindowMinutes,
        communicationEvidenceDays,
        flagFailureRate,
        flagMinTransactions,
        null);
  }
}
