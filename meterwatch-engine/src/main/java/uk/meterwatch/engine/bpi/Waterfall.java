package uk.meterwatch.engine.bpi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import uk.meterwatch.core.rules.BpiSettings;

/**
 * Adds up the transactions of one process and month into its indicators. Memory: the per-User and
 * per-code counters, plus one long per successful transaction built in Java (for the exact median
 * and p95; those of the one-attempt transactions counted in SQL stay in the database).
 */
public final class Waterfall implements Consumer<Transaction> {
  private static final long HOUR_US = 3_600_000_000L;

  private final String process;
  private final BpiSettings settings;
  private final boolean changeOfSupply;
  private final long slowUs;
  private final EnumMap<Bucket, Long> slow = new EnumMap<>(Bucket.class);
  private final EnumMap<SplitBy, TreeMap<String, long[]>> splits = new EnumMap<>(SplitBy.class);
  private final EnumMap<Bucket, Long> buckets = new EnumMap<>(Bucket.class);
  private final TreeMap<String, Long> otherFailureCodes = new TreeMap<>();
  private final EnumMap<UseCase, Long> useCases = new EnumMap<>(UseCase.class);
  private final TreeMap<String, long[]> users = new TreeMap<>();
  private long transactions;
  private long requests;
  private long retries;
  private long duplicates;
  private long attemptsFinalI0;
  private long withinTarget;
  private long within1h;
  private long within24h;
  private long[] times = new long[1024];
  private int successes;
  // Successes counted in SQL (BpiCalculator), whose times stay in the database: the median and
  // p95 of all the times are then computed there too and set with useQuantiles.
  private long sqlSuccesses;
  private boolean quantilesSet;
  private Double medianS;
  private Double p95S;

  public Waterfall(String process, BpiSettings settings) {
    this(process, settings, false);
  }

  /** A waterfall; {@code changeOfSupply}: its transactions have use cases. */
  public Waterfall(String process, BpiSettings settings, boolean changeOfSupply) {
    this.process = process;
    this.settings = settings;
    this.changeOfSupply = changeOfSupply;
    this.slowUs = settings.slowSuccessHours() * HOUR_US;
    for (Bucket b : Bucket.values()) {
      buckets.put(b, 0L);
      if (b.success()) {
        slow.put(b, 0L);
      }
    }
    for (SplitBy by : SplitBy.values()) {
      splits.put(by, new TreeMap<>());
    }
    for (UseCase u : UseCase.values()) {
      useCases.put(u, 0L);
    }
  }

  @Override
  public void accept(Transaction t) {
    transactions++;
    requests += t.attempts();
    retries += t.retries();
    duplicates += t.duplicates();
    attemptsFinalI0 += t.attemptsFinalI0();
    buckets.merge(t.bucket(), 1L, Long::sum);
    if (t.failureCode() != null) {
      otherFailureCodes.merge(t.failureCode(), 1L, Long::sum);
    }
    if (t.useCase() != null) {
      useCases.merge(t.useCase(), 1L, Long::sum);
    }
    // transactions, successes, requests, duplicates
    long[] user = users.computeIfAbsent(t.userId(), k -> new long[4]);
    user[0]++;
    user[2] += t.attempts();
    user[3] += t.duplicates();
    boolean slowSuccess = t.success() && t.timeToSuccessUs() > slowUs;
    addSplit(t.profile(), t.useCase(), 1, t.success() ? 1 : 0, slowSuccess ? 1 : 0);
    if (slowSuccess) {
      slow.merge(t.bucket(), 1L, Long::sum);
    }
    if (t.success()) {
      user[1]++;
      if (t.withinTarget()) {
        withinTarget++;
      }
      if (t.within1h()) {
        within1h++;
      }
      if (t.within24h()) {
        within24h++;
      }
      addTimeToSuccess(t.timeToSuccessUs());
    }
  }

  /**
   * Adds {@code count} transactions of one attempt each (no retry, no duplicate), all in one
   * bucket, counted in SQL. Their Users come through {@link #addUser}; their times to success stay
   * in SQL, which gives the median and p95 through {@link #useQuantiles}.
   */
  void addSingles(
      Bucket bucket,
      String failureCode,
      UseCase useCase,
      long count,
      long finalI0,
      long inTarget,
      long in1h,
      long in24h,
      long slowCount) {
    transactions += count;
    if (slowCount > 0) {
      slow.merge(bucket, slowCount, Long::sum);
    }
    requests += count;
    attemptsFinalI0 += finalI0;
    buckets.merge(bucket, count, Long::sum);
    if (bucket.success()) {
      sqlSuccesses += count;
    }
    if (failureCode != null) {
      otherFailureCodes.merge(failureCode, count, Long::sum);
    }
    if (useCase != null) {
      useCases.merge(useCase, count, Long::sum);
    }
    withinTarget += inTarget;
    within1h += in1h;
    within24h += in24h;
  }

  /**
   * Adds {@code count} transactions of one User, all in one bucket (with one failure code and use
   * case), counted by another engine that ran {@link TransactionBuilder} itself (the Spark engine):
   * the same sums {@link #accept} makes one transaction at a time ({@code slowCount} of them slow
   * successes; their splits through {@link #addSplit}). Their times to success stay with that
   * engine, which gives the median and p95 through {@link #useQuantiles} ({@link TimeQuantiles}).
   */
  public void addTransactions(
      String userId,
      Bucket bucket,
      String failureCode,
      UseCase useCase,
      long count,
      long attempts,
      long retries,
      long duplicates,
      long finalI0,
      long inTarget,
      long in1h,
      long in24h,
      long slowCount) {
    transactions += count;
    requests += attempts;
    if (slowCount > 0) {
      slow.merge(bucket, slowCount, Long::sum);
    }
    this.retries += retries;
    this.duplicates += duplicates;
    attemptsFinalI0 += finalI0;
    buckets.merge(bucket, count, Long::sum);
    if (bucket.success()) {
      sqlSuccesses += count;
    }
    if (failureCode != null) {
      otherFailureCodes.merge(failureCode, count, Long::sum);
    }
    if (useCase != null) {
      useCases.merge(useCase, count, Long::sum);
    }
    withinTarget += inTarget;
    within1h += in1h;
    within24h += in24h;
    long[] user = users.computeIfAbsent(userId, k -> new long[4]);
    user[0] += count;
    user[1] += bucket.success() ? count : 0;
    user[2] += attempts;
    user[3] += duplicates;
  }

  /**
   * Transactions of one profile (and use case) into the splits: {@code count} of them, {@code
   * successCount} successful, {@code slowCount} of those slow. Called for each transaction built in
   * Java and with the counts of those counted in SQL or by another engine (Spark).
   */
  public void addSplit(
      Profile profile, UseCase useCase, long count, long successCount, long slowCount) {
    for (SplitBy by : SplitBy.values()) {
      String part = SplitBy.partOf(by, profile, useCase);
      if (part != null) {
        long[] c = splits.get(by).computeIfAbsent(part, k -> new long[3]);
        c[0] += count;
        c[1] += successCount;
        c[2] += slowCount;
      }
    }
  }

  /** A User's transactions of one attempt each (see {@link #addSingles}). */
  void addUser(String userId, long userTransactions, long userSuccesses) {
    long[] user = users.computeIfAbsent(userId, k -> new long[4]);
    user[0] += userTransactions;
    user[1] += userSuccesses;
    user[2] += userTransactions;
  }

  private void addTimeToSuccess(long timeUs) {
    if (successes == times.length) {
      times = Arrays.copyOf(times, times.length * 2);
    }
    times[successes++] = timeUs;
  }

  /** The times to success (micros) of the transactions built in Java, in no particular order. */
  long[] javaTimesToSuccess() {
    return Arrays.copyOf(times, successes);
  }

  /**
   * The median and p95 in seconds (null when there is no success) of all the times to success,
   * computed in SQL over the singles' times and {@link #javaTimesToSuccess} with the same
   * definition as {@link #quantileSeconds}.
   */
  public void useQuantiles(Double median, Double p95) {
    quantilesSet = true;
    medianS = median;
    p95S = p95;
  }

  public ProcessIndicators indicators() {
    long success =
        buckets.get(Bucket.FIRST_TIME_SUCCESS)
            + buckets.get(Bucket.RETRY_SUCCESS)
            + buckets.get(Bucket.SUBSEQUENT_SUCCESS);
    Double median = medianS;
    Double p95 = p95S;
    if (!quantilesSet) {
      long[] sorted = Arrays.copyOf(times, successes);
      Arrays.sort(sorted);
      median = quantileSeconds(sorted, 0.5);
      p95 = quantileSeconds(sorted, 0.95);
    }
    long allSuccesses = successes + sqlSuccesses;
    TimeToSuccess tts =
        new TimeToSuccess(
            allSuccesses, median, p95, withinTarget, within1h, within24h, allSuccesses - within24h);
    List<UserIndicators> perUser = new ArrayList<>();
    for (Map.Entry<String, long[]> e : users.entrySet()) {
      long[] u = e.getValue();
      double rate = percent(u[1], u[0]);
      boolean flagged =
          u[0] >= settings.flagMinTransactions() && 100.0 - rate > settings.flagFailureRate();
      perUser.add(new UserIndicators(e.getKey(), u[0], u[1], rate, u[2], u[3], flagged));
    }
    return new ProcessIndicators(
        process,
        transactions,
        requests,
        retries,
        duplicates,
        success,
        transactions == 0 ? null : percent(success, transactions),
        requests == 0 ? null : percent(attemptsFinalI0, requests),
        new EnumMap<>(buckets),
        new TreeMap<>(otherFailureCodes),
        tts,
        perUser,
        new EnumMap<>(useCases),
        settings.slowSuccessHours(),
        new EnumMap<>(slow),
        splitParts());
  }

  /** Each split's parts: the fixed ones first (zero included), then the others by name. */
  private Map<SplitBy, Map<String, Split>> splitParts() {
    EnumMap<SplitBy, Map<String, Split>> out = new EnumMap<>(SplitBy.class);
    for (SplitBy by : SplitBy.values()) {
      Map<String, Split> parts = new LinkedHashMap<>();
      List<String> fixed =
          by == SplitBy.USE_CASE && changeOfSupply
              ? Arrays.stream(UseCase.values()).map(Enum::name).toList()
              : by.fixedParts();
      for (String part : fixed) {
        parts.put(part, new Split(0, 0, 0));
      }
      splits
          .get(by)
          .forEach(
              (part, c) ->
                  parts.put(
                      part, parts.getOrDefault(part, new Split(0, 0, 0)).plus(c[0], c[1], c[2])));
      out.put(by, java.util.Collections.unmodifiableMap(parts));
    }
    return out;
  }

  private static double percent(long part, long whole) {
    return whole == 0 ? 0.0 : 100.0 * part / whole;
  }

  /**
   * Linear interpolation between closest ranks, in seconds: DuckDB's quantile_cont, to the last bit
   * (lower x (1 - d) + upper x d, as it computes it), so the times kept in SQL and those kept here
   * give the same figures (WaterfallQuantileTest).
   */
  static Double quantileSeconds(long[] sorted, double q) {
    if (sorted.length == 0) {
      return null;
    }
    double position = q * (sorted.length - 1);
    return interpolatedSeconds(
        position, sorted[(int) Math.floor(position)], sorted[(int) Math.ceil(position)]);
  }

  /**
   * The interpolation of {@link #quantileSeconds} at a position between ranks, given the times at
   * its lower and upper ranks (the same rank when the position is whole).
   */
  static double interpolatedSeconds(double position, long lowerValue, long upperValue) {
    double lower = Math.floor(position);
    double value;
    if (lower == Math.ceil(position)) {
      value = lowerValue;
    } else {
      double d = position - lower;
      value = lowerValue * (1 - d) + upperValue * d;
    }
    return value / 1_000_000.0;
  }
}
