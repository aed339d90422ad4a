package uk.meterwatch.engine.bpi;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import uk.meterwatch.core.publish.UserAliases;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * The BPIs of a month: one entry per process, in the rule set's order.
 *
 * @param month the reporting month (UK time)
 * @param processes the processes measured
 */
public record BpiReport(ReportingMonth month, List<ProcessIndicators> processes) {
  public BpiReport {
    processes = List.copyOf(processes);
  }

  /** Every User of the report, by user_id: the order their publication letters follow. */
  public List<String> userIds() {
    TreeSet<String> ids = new TreeSet<>();
    processes.forEach(p -> p.users().forEach(u -> ids.add(u.userId())));
    return List.copyOf(ids);
  }

  /**
   * For publication ({@code bpi --publish}): "User A", "User B", ... by user_id order over the
   * whole report; AA after Z.
   */
  public BpiReport published() {
    Map<String, String> alias = new TreeMap<>();
    int i = 0;
    for (String id : userIds()) {
      alias.put(id, UserAliases.alias(i++));
    }
    return renamingUsers(alias::get);
  }

  /** The same report with each User's user_id replaced by {@code name.apply(user_id)}. */
  public BpiReport renamingUsers(UnaryOperator<String> name) {
    return new BpiReport(
        month,
        processes.stream()
            .map(
                p ->
                    p.withUsers(
                        p.users().stream().map(u -> u.named(name.apply(u.userId()))).toList()))
            .toList());
  }
}
