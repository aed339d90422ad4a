package uk.meterwatch.engine.pmr;

import java.util.List;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;

/** The Performance Measurement Report of a month: every measure of the rule set in force. */
public record PerformanceReport(
    ReportingMonth month, RuleSet ruleSet, List<MeasureResult> measures) {
  public PerformanceReport {
    measures = List.copyOf(measures);
  }

  /** The lines flagged for the list of non-compliances. */
  public List<MeasureResult> nonCompliances() {
    return measures.stream().filter(MeasureResult::nonCompliance).toList();
  }
}
