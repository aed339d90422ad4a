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

  /**
   * The Code's lines flagged for the list of non-compliances. Meterwatch's own measures ({@code
   * source: local}) keep their flag in the JSON, but are never among the Code's non-compliances.
   */
  public List<MeasureResult> nonCompliances() {
    return measures.stream().filter(r -> r.nonCompliance() && !r.local()).toList();
  }
}
