package uk.meterwatch.core.rules;

/**
 * Windows and thresholds of the Business Process Indicators.
 *
 * @param retryWindowHours a request more than this after a transaction's first starts a new one
 * @param duplicateWindowMinutes a repeat this soon after a success is a duplicate, not a new one
 * @param communicationEvidenceDays how far back an I0 counts as evidence that a device talks
 * @param flagFailureRate percent: Users failing more than this are flagged
 * @param flagMinTransactions ... when they have at least this many transactions
 */
public record BpiSettings(
    int retryWindowHours,
    int duplicateWindowMinutes,
    int communicationEvidenceDays,
    double flagFailureRate,
    int flagMinTransactions) {}
