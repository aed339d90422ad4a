package uk.meterwatch.engine.bpi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import uk.meterwatch.core.rules.RuleSet;

/**
 * The JSON of {@code meterwatch bpi --format json} (docs/bpi.md): written here once, for every
 * engine that computes a {@link BpiReport} (the store's and Spark's).
 */
public final class BpiJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private BpiJson() {}

  /** The most Users and causes written as moving a process month on month: the largest. */
  public static final int MOVERS = 5;

  /** The report as the pretty-printed JSON text the CLI prints. */
  public static String text(BpiReport report, RuleSet rules) {
    return text(report, rules, Map.of());
  }

  /** The report with each process's change on last month ({@link MonthOnMonth#of}). */
  public static String text(BpiReport report, RuleSet rules, Map<String, MonthOnMonth> changes) {
    try {
      return MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValueAsString(json(report, rules, changes));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the BPI report as JSON", e);
    }
  }

  public static ObjectNode json(BpiReport report, RuleSet rules) {
    return json(report, rules, Map.of());
  }

  public static ObjectNode json(
      BpiReport report, RuleSet rules, Map<String, MonthOnMonth> changes) {
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
      n.put("slow_success_hours", p.slowSuccessHours());
      ObjectNode slow = n.putObject("slow_successes");
      p.slowSuccesses().forEach((b, v) -> slow.put(b.name(), v));
      n.put("timely_success_rate", number(p.timelySuccessRate(), 2));
      ObjectNode splits = n.putObject("splits");
      for (SplitBy by : SplitBy.values()) {
        ObjectNode parts = splits.putObject(by.key());
        p.split(by)
            .forEach(
                (part, v) -> {
                  ObjectNode x = parts.putObject(part);
                  x.put("transactions", v.transactions());
                  x.put("successes", v.successes());
                  x.put("success_rate", number(v.successRate(), 2));
                  x.put("slow_successes", v.slowSuccesses());
                });
      }
      MonthOnMonth c = changes.get(p.process());
      if (c != null) {
        monthOnMonth(n.putObject("month_on_month"), report.month().previous().toString(), c);
      }
    }
    root.put("rule_set", rules.name());
    root.put("rule_set_effective_from", rules.effectiveFrom().toString());
    return root;
  }

  private static void monthOnMonth(ObjectNode mm, String previous, MonthOnMonth c) {
    mm.put("previous_month", previous);
    mm.put("previous_transactions", c.previousTransactions());
    mm.put("previous_success_rate", number(c.previousSuccessRate(), 2));
    mm.put("change_points", number(c.changePoints(), 2));
    ArrayNode users = mm.putArray("users");
    c.users().stream()
        .limit(MOVERS)
        .forEach(
            u -> {
              ObjectNode x = users.addObject();
              x.put("user_id", u.userId());
              x.put("previous_transactions", u.previousTransactions());
              x.put("transactions", u.transactions());
              x.put("previous_success_rate", number(u.previousSuccessRate(), 2));
              x.put("success_rate", number(u.successRate(), 2));
              x.put("contribution_points", number(u.contributionPoints(), 2));
            });
    ArrayNode causes = mm.putArray("causes");
    c.causes().stream()
        .limit(MOVERS)
        .forEach(
            k -> {
              ObjectNode x = causes.addObject();
              x.put("cause", k.cause());
              x.put("previous_share", number(k.previousShare(), 2));
              x.put("share", number(k.share(), 2));
              x.put("contribution_points", number(k.contributionPoints(), 2));
            });
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
