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
 * @param slowSuccessHours the rule set's slow-success threshold, hours
 * @param slowSuccesses per success bucket, the successes later than the threshold after the request
 *     was due (a part of that bucket, shown apart from it)
 * @param splits the transactions by SMETS generation, cohort, region, use case and SRV
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
    Map<UseCase, Long> useCases,
    int slowSuccessHours,
    Map<Bucket, Long> slowSuccesses,
    Map<SplitBy, Map<String, Split>> splits) {

  public long bucket(Bucket bucket) {
    return buckets.getOrDefault(bucket, 0L);
  }

  /** Successes later than the slow-success threshold, all buckets together. */
  public long slowSuccessCount() {
    return slowSuccesses.values().stream().mapToLong(Long::longValue).sum();
  }

  /** 100 x successes within the slow-success threshold / transactions; null with none. */
  public Double timelySuccessRate() {
    return transactions == 0 ? null : 100.0 * (successes - slowSuccessCount()) / transactions;
  }

  /** The parts of one split, in order. */
  public Map<String, Split> split(SplitBy by) {
    return splits.getOrDefault(by, Map.of());
  }

  /** The same indicators with the Users renamed or replaced (for publication). */
  public ProcessIndicators withUsers(List<UserIndicators> renamed) {
    return new ProcessIndicators(
        process,
        transactions,
        requests,
        retries,
        duplicates,
        successes,
        successRate,
        requestSuccessRate,
        buckets,
        otherFailureCodes,
        timeToSuccess,
        renamed,
        useCases,
        slowSuccessHours,
        slowSuccesses,
        splits);
  }
}
