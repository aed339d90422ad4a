package uk.meterwatch.engine.bpi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import uk.meterwatch.core.publish.UserAliases;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * How a process's success rate moved from one month to the next, and what moved it (docs/bpi.md,
 * "Month on month"): each User's share of the change and each failure cause's. Both add up to the
 * change exactly.
 *
 * <p>A User's contribution, in percentage points, is what its transactions added to the rate beyond
 * last month's rate, this month less last month: (t1 / T1) x (r1 - R0) - (t0 / T0) x (r0 - R0),
 * with t and r the User's transactions and success rate, T the process's transactions and R0 last
 * month's process rate. A User at last month's rate contributes nothing whatever its volume; a User
 * with a poor rate and more transactions pulls the rate down. A failure cause's contribution is the
 * fall in its share of the transactions (a waterfall bucket; other failures by code).
 *
 * @param previousTransactions last month's transactions
 * @param previousSuccessRate last month's success rate, null with no transaction
 * @param successRate this month's
 * @param changePoints this month's rate less last month's, null unless both are known
 * @param users every User of either month, largest contribution (either sign) first
 * @param causes every failure cause of either month, largest contribution first
 */
public record MonthOnMonth(
    long previousTransactions,
    Double previousSuccessRate,
    Double successRate,
    Double changePoints,
    List<UserMove> users,
    List<CauseMove> causes) {

  /**
   * A User's part in the change.
   *
   * @param contributionPoints percentage points of the process's change due to this User
   */
  public record UserMove(
      String userId,
      long previousTransactions,
      long transactions,
      Double previousSuccessRate,
      Double successRate,
      double contributionPoints) {
    /** The same move under another name (for publication). */
    public UserMove named(String name) {
      return new UserMove(
          name,
          previousTransactions,
          transactions,
          previousSuccessRate,
          successRate,
          contributionPoints);
    }
  }

  /**
   * A failure cause's part in the change.
   *
   * @param cause a failure bucket (PENDING, INCORRECT_CERTIFICATE, COMMUNICATING,
   *     NON_COMMUNICATING) or {@code OTHER_FAILURE <code>}
   * @param previousShare percent of last month's transactions
   * @param share percent of this month's
   * @param contributionPoints percentage points of the change: previousShare - share
   */
  public record CauseMove(
      String cause, double previousShare, double share, double contributionPoints) {}

  public MonthOnMonth {
    users = List.copyOf(users);
    causes = List.copyOf(causes);
  }

  /** The move from {@code before} (last month) to {@code now}, of the same process. */
  public static MonthOnMonth between(ProcessIndicators before, ProcessIndicators now) {
    long t0 = before.transactions();
    long t1 = now.transactions();
    Double r0 = before.successRate();
    Double r1 = now.successRate();
    Double change = r0 == null || r1 == null ? null : r1 - r0;
    List<UserMove> users = new ArrayList<>();
    List<CauseMove> causes = new ArrayList<>();
    if (change != null) {
      double base = (double) before.successes() / t0;
      Map<String, UserIndicators> was = new HashMap<>();
      before.users().forEach(u -> was.put(u.userId(), u));
      Map<String, UserIndicators> is = new HashMap<>();
      now.users().forEach(u -> is.put(u.userId(), u));
      TreeSet<String> ids = new TreeSet<>(was.keySet());
      ids.addAll(is.keySet());
      for (String id : ids) {
        UserIndicators u0 = was.get(id);
        UserIndicators u1 = is.get(id);
        long ut0 = u0 == null ? 0 : u0.transactions();
        long ut1 = u1 == null ? 0 : u1.transactions();
        long us0 = u0 == null ? 0 : u0.successes();
        long us1 = u1 == null ? 0 : u1.successes();
        double contribution = 100.0 * ((us1 - base * ut1) / t1 - (us0 - base * ut0) / t0);
        users.add(
            new UserMove(
                id,
                ut0,
                ut1,
                u0 == null ? null : u0.successRate(),
                u1 == null ? null : u1.successRate(),
                contribution));
      }
      Map<String, long[]> counts = new LinkedHashMap<>();
      failures(before, counts, 0);
      failures(now, counts, 1);
      counts.forEach(
          (cause, n) -> {
            double s0 = 100.0 * n[0] / t0;
            double s1 = 100.0 * n[1] / t1;
            causes.add(new CauseMove(cause, s0, s1, s0 - s1));
          });
      users.sort(
          Comparator.comparingDouble((UserMove u) -> -Math.abs(u.contributionPoints()))
              .thenComparing(UserMove::userId));
      causes.sort(
          Comparator.comparingDouble((CauseMove c) -> -Math.abs(c.contributionPoints()))
              .thenComparing(CauseMove::cause));
    }
    return new MonthOnMonth(t0, r0, r1, change, users, causes);
  }

  /** The failure causes' counts into column {@code at}: other failures by code. */
  private static void failures(ProcessIndicators p, Map<String, long[]> counts, int at) {
    for (Bucket b : Bucket.values()) {
      if (b.success() || b == Bucket.OTHER_FAILURE) {
        continue;
      }
      counts.computeIfAbsent(b.name(), k -> new long[2])[at] += p.bucket(b);
    }
    p.otherFailureCodes()
        .forEach(
            (code, n) ->
                counts
                        .computeIfAbsent(
                            Bucket.OTHER_FAILURE.name() + " " + code, k -> new long[2])[at] +=
                    n);
  }

  /** The same move with the Users renamed (for publication). */
  public MonthOnMonth withUserNames(Map<String, String> names) {
    return new MonthOnMonth(
        previousTransactions,
        previousSuccessRate,
        successRate,
        changePoints,
        users.stream().map(u -> u.named(names.getOrDefault(u.userId(), u.userId()))).toList(),
        causes);
  }

  /**
   * Each process of a report against the same process last month, computed by last month's rule
   * set, keyed by process; none for a process last month's rule set does not have (or when no rule
   * set was in force then).
   */
  public static Map<String, MonthOnMonth> of(Store store, RuleBook book, BpiReport report) {
    return of(
        book,
        report,
        (rules, month, processes) -> new BpiCalculator(store, rules).compute(month, processes));
  }

  /** The BPIs of a month for some processes, by whichever engine computed this month's. */
  @FunctionalInterface
  public interface Engine {
    BpiReport bpi(RuleSet rules, ReportingMonth month, List<String> processes);
  }

  /**
   * Month on month for each process of {@code report}, last month's figures computed by {@code
   * engine} under last month's rule set: the store's calculator, or Spark's (the same numbers).
   */
  public static Map<String, MonthOnMonth> of(RuleBook book, BpiReport report, Engine engine) {
    ReportingMonth previous = report.month().previous();
    Map<String, MonthOnMonth> out = new LinkedHashMap<>();
    if (previous.firstDay().isBefore(book.ruleSets().get(0).effectiveFrom())) {
      return out;
    }
    RuleSet before = book.inForce(previous);
    List<String> both =
        report.processes().stream()
            .map(ProcessIndicators::process)
            .filter(p -> before.processes().containsKey(p))
            .toList();
    if (both.isEmpty()) {
      return out;
    }
    Map<String, ProcessIndicators> last = new LinkedHashMap<>();
    engine.bpi(before, previous, both).processes().forEach(p -> last.put(p.process(), p));
    for (ProcessIndicators p : report.processes()) {
      if (last.containsKey(p.process())) {
        out.put(p.process(), between(last.get(p.process()), p));
      }
    }
    return out;
  }

  /**
   * Publication names: "User A", "User B", ... for the Users of the report in user_id order (as
   * {@code bpi --publish} and the pack), then for those found only in last month's figures, in
   * user_id order.
   */
  public static Map<String, String> aliases(BpiReport report, Map<String, MonthOnMonth> changes) {
    Map<String, String> alias = new java.util.TreeMap<>();
    int i = 0;
    for (String id : report.userIds()) {
      alias.put(id, UserAliases.alias(i++));
    }
    java.util.TreeSet<String> others = new java.util.TreeSet<>();
    changes.values().forEach(c -> c.users().forEach(u -> others.add(u.userId())));
    others.removeAll(alias.keySet());
    for (String id : others) {
      alias.put(id, UserAliases.alias(i++));
    }
    return alias;
  }

  /** The changes with every User renamed. */
  public static Map<String, MonthOnMonth> renamed(
      Map<String, MonthOnMonth> changes, Map<String, String> names) {
    Map<String, MonthOnMonth> out = new LinkedHashMap<>();
    changes.forEach((k, v) -> out.put(k, v.withUserNames(names)));
    return out;
  }
}
