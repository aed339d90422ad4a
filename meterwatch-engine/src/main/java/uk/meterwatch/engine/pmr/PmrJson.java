package uk.meterwatch.engine.pmr;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of {@code meterwatch pmr --format json} (docs/measures.md): written here once, for every
 * engine that computes a {@link PerformanceReport} (the store's and Spark's).
 */
public final class PmrJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PmrJson() {}

  /** The report as the pretty-printed JSON text the CLI prints. */
  public static String text(PerformanceReport report) {
    try {
      return MAPPER
          .writerWithDefaultPrettyPrinter()
          .with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
          .writeValueAsString(reportJson(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the PMR as JSON", e);
    }
  }

  /** The JSON shape of the issue, plus the documented extra fields (docs/measures.md). */
  public static Map<String, Object> reportJson(PerformanceReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("month", report.month().toString());
    root.put("rule_set", report.ruleSet().name());
    root.put("rule_set_effective_from", report.ruleSet().effectiveFrom().toString());
    root.put("rule_set_source", report.ruleSet().source());
    root.put("persistence_threshold", report.ruleSet().persistenceThreshold());
    root.put("rejected_requests", report.ruleSet().rejectedRequests().word());
    List<Map<String, Object>> measures = new ArrayList<>();
    for (MeasureResult r : report.measures()) {
      measures.add(measureJson(r));
    }
    root.put("measures", measures);
    return root;
  }

  public static Map<String, Object> measureJson(MeasureResult r) {
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
    return m;
  }
}
