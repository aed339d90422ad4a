package uk.meterwatch.engine.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.engine.pmr.Explanation;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceReport;

/** The JSON of the PMR ({@code meterwatch pmr --format json}, {@code GET /api/v1/pmr}). */
public final class PmrJson {
  private PmrJson() {}

  /** The report as printed: {@link #report} through {@link Json#prettyPlainDecimals}. */
  public static String write(PerformanceReport report) {
    return Json.prettyPlainDecimals(report(report));
  }

  /** An explanation as printed. */
  public static String write(Explanation explanation) {
    return Json.prettyPlainDecimals(explanation(explanation));
  }

  /** The JSON shape of the issue, plus the documented extra fields (docs/measures.md). */
  public static Map<String, Object> report(PerformanceReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("month", report.month().toString());
    root.put("rule_set", report.ruleSet().name());
    root.put("rule_set_effective_from", report.ruleSet().effectiveFrom().toString());
    root.put("rule_set_source", report.ruleSet().source());
    root.put("persistence_threshold", report.ruleSet().persistenceThreshold());
    root.put("rejected_requests", report.ruleSet().rejectedRequests().word());
    List<Map<String, Object>> measures = new ArrayList<>();
    for (MeasureResult r : report.measures()) {
      measures.add(measure(r));
    }
    root.put("measures", measures);
    return root;
  }

  /** One line of the report (also the fields of {@code pmr --format csv}, in this order). */
  public static Map<String, Object> measure(MeasureResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("scope", r.scope());
    m.put("name", r.name());
    m.put("value", r.value());
    m.put("target", r.target());
    m.put("minimum", r.minimum());
    m.put("status", r.status().name());
    m.put("within", r.within());
    m.put("population", r.population());
    m.put("consecutive_below_minimum", r.consecutiveBelowMinimum());
    m.put("non_compliance", r.nonCompliance());
    m.put("previous_value", r.previousValue());
    m.put("definition", r.definition());
    m.put("calculation", r.calculation().name());
    m.put("unit", r.unit());
    m.put("rejected", r.rejected());
    m.put("source", r.source());
    m.put("excepted", r.excepted());
    m.put("exceptions", r.exceptions());
    return m;
  }

  /** Where a measure's misses came from ({@code pmr --explain M --format json}). */
  public static Map<String, Object> explanation(Explanation e) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("month", e.month().toString());
    root.put("measure", measure(e.result()));
    root.put("misses", e.misses());
    Map<String, Object> breakdowns = new LinkedHashMap<>();
    for (Explanation.Breakdown b : e.breakdowns()) {
      List<Map<String, Object>> counts = new ArrayList<>();
      for (Explanation.Count c : b.counts()) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("key", c.key());
        row.put("misses", c.misses());
        counts.add(row);
      }
      breakdowns.put(b.by(), counts);
    }
    root.put("by", breakdowns);
    root.put("misses_in_incident_windows", e.missesInIncidentWindows());
    root.put("incident_window_share", e.incidentWindowShare());
    root.put("details", e.details());
    return root;
  }
}
