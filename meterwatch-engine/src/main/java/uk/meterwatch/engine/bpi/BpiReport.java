package uk.meterwatch.engine.bpi;

import java.util.List;
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
}
