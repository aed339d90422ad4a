package uk.meterwatch.engine.bpi;

import java.util.List;
import java.util.Map;

/**
 * The Business Process Indicators of one process for one month.
 *
 * @param process the process name (from the rule set)
 * @param transactions transactions whose first request was received in the month
 * @param requests attempts of those transactions, wherever they fall
 * @param retries attempts that joined as a retry
 * @param duplicates attempts that joined as a duplicate
 * @param successes transactions in buckets 1 to 3
 * @param successRate 100 x successes / transactions; null when there are no transactions
 * @param requestSuccessRate 100 x attempts whose final response is I0 / attempts; null if none
 * @param buckets every bucket, in waterfall order, zero included
 * @param otherFailureCodes OTHER_FAILURE by last final response code, sorted by code
 * @param timeToSuccess time to success of the successful transactions
 * @param users per User, sorted by user_id
 * @param useCases CHANGE_OF_SUPPLY use cases (all zero for other processes)
 */
public record ProcessIndicators(
    String process,
    long transactions,
    long requests,
    long retries,
    long duplicates,
    long successes,
    Double successRate,
    Double requestSuccessRate,
    Map<Bucket, Long> buckets,
    Map<String, Long> otherFailureCodes,
    TimeToSuccess timeToSuccess,
    List<UserIndicators> users,
    Map<UseCase, Long> useCases) {

  public long bucket(Bucket bucket) {
    return buckets.getOrDefault(bucket, 0L);
  }
}
