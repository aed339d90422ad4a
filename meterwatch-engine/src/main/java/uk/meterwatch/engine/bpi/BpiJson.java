package uk.meterwatch.engine.bpi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import uk.meterwatch.core.rules.RuleSet;

/**
 * The JSON of {@code meterwatch bpi --format json} (docs/bpi.md): written here once, for every
 * engine that computes a {@link BpiReport} (the store's and Spark's).
 */
public final class BpiJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BpiJson() {}

  /** The report as the pretty-printed JSON text the CLI prints. */
  public static String text(BpiReport report, RuleSet rules) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(report, rules));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the BPI report as JSON", e);
    }
  }

  public static ObjectNode json(BpiReport report, RuleSet rules) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("month", report.month().toString());
    ArrayNode processes = root.putArray("processes");
    for (ProcessIndicators p : report.processes()) {
      ObjectNode n = processes.addObject();
      n.put("process", p.process());
      n.put("transactions", p.transactions());
      n.put("requests", p.requests());
      n.put("duplicates", p.duplicates());
      n.put("success_rate", number(p.successRate(), 2));
      n.put("request_success_rate", number(p.requestSuccessRate(), 2));
      ObjectNode buckets = n.putObject("buckets");
      for (Bucket b : Bucket.values()) {
        buckets.put(b.name(), p.bucket(b));
      }
      ObjectNode codes = n.putObject("other_failure_codes");
      p.otherFailureCodes().forEach(codes::put);
      TimeToSuccess t = p.timeToSuccess();
      ObjectNode tts = n.putObject("time_to_success");
      tts.put("median_s", number(t.medianS(), 3));
      tts.put("p95_s", number(t.p95S(), 3));
      tts.put("within_target", t.withinTarget());
      tts.put("within_1h", t.within1h());
      tts.put("within_24h", t.within24h());
      tts.put("over_24h", t.over24h());
      tts.put("successes", t.successes());
      ArrayNode users = n.putArray("users");
      for (UserIndicators u : p.users()) {
        ObjectNode un = users.addObject();
        un.put("user_id", u.userId());
        un.put("transactions", u.transactions());
        un.put("success_rate", number(u.successRate(), 2));
        un.put("duplicates", u.duplicates());
        un.put("flagged", u.flagged());
        un.put("successes", u.successes());
        un.put("requests", u.requests());
      }
      ObjectNode useCases = n.putObject("use_cases");
      for (UseCase c : UseCase.values()) {
        useCases.put(c.name(), p.useCases().getOrDefault(c, 0L));
      }
      n.put("retries", p.retries());
      n.put("successes", p.successes());
    }
    root.put("rule_set", rules.name());
    root.put("rule_set_effective_from", rules.effectiveFrom().toString());
    return root;
  }

  /** A JSON number rounded to the places given (97.1, 100.0), or null. */
  public static Double number(Double value, int places) {
    return value == null ? null : round(value, places).doubleValue();
  }

  /** Rounded half-up to the places given, or null. */
  public static BigDecimal round(Double value, int places) {
    return value == null ? null : BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP);
  }
}
