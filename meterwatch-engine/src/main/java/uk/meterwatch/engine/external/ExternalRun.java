package uk.meterwatch.engine.external;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.pmr.PerformanceReport;

/** One input opened by an {@link ExternalEngine}: its check and the reports computed from it. */
public interface ExternalRun extends AutoCloseable {
  /**
   * The input's check as a load checks a drop (docs/loading.md), or empty for an export (its rows
   * were checked when they were loaded).
   */
  Optional<InputCheck> check();

  /**
   * Writes the quarantined rows (file, kind, line, reason, row) as CSV into {@code folder} and
   * returns where; nothing when none was quarantined.
   */
  Optional<String> writeQuarantine(String folder);

  /** The BPIs of a month for the processes named (the rule set's order when all). */
  BpiReport bpi(RuleSet rules, ReportingMonth month, List<String> processes);

  /** The Performance Measurement Report of a month ({@code clock}: "now" for open incidents). */
  PerformanceReport pmr(RuleBook rules, ReportingMonth month, Clock clock);

  @Override
  void close();
}
