package uk.meterwatch.core.rules;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.measure.Calculation;
import uk.meterwatch.core.measure.Calculations;
import uk.meterwatch.core.measure.MeasureField;
import uk.meterwatch.core.scope.ProviderCatalogue;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Every rule set known, ordered by the date from which each applies. A later rule set may leave
 * sections out; they are taken from the rule set in force before it, so a user can add a measure or
 * change one service level in a few lines.
 */
public final class RuleBook {
  private static final String DEFAULT_RESOURCE = "default.yaml";
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
          // 45.9 for an int setting is an error, not 45.
          .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
          .registerModule(
              new com.fasterxml.jackson.databind.module.SimpleModule()
                  .addDeserializer(Calculation.class, new CalculationName()));

  /** A measure's {@code calculation:} is the name of one in {@link Calculations}. */
  private static final class CalculationName
      extends com.fasterxml.jackson.databind.deser.std.StdDeserializer<Calculation> {
    CalculationName() {
      super(Calculation.class);
    }

    @Override
    public Calculation deserialize(
        com.fasterxml.jackson.core.JsonParser p,
        com.fasterxml.jackson.databind.DeserializationContext ctx)
        throws IOException {
      String name = p.getValueAsString();
      if (name == null) {
        return (Calculation) ctx.handleUnexpectedToken(Calculation.class, p);
      }
      return Calculations.find(name)
          .orElseThrow(
              () ->
                  com.fasterxml.jackson.databind.exc.InvalidFormatException.from(
                      p,
                      "unknown calculation " + name + " (known: " + Calculations.names() + ")",
                      name,
                      Calculation.class));
    }
  }

  /** The four Target Response Times of {@code response_times:}, in the order of the docs. */
  /** A placeholder in a measure's definition, e.g. {@code {on_demand_critical}}. */
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private static final List<String> RESPONSE_TIMES =
      List.of("on_demand", "on_demand_critical", "future_dated", "alert");

  private final List<RuleSet> ruleSets;
  private final ProviderCatalogue catalogue;

  private RuleBook(List<RuleSet> ruleSets, ProviderCatalogue catalogue) {
    this.ruleSets = List.copyOf(ruleSets);
    this.catalogue = catalogue;
  }

  /** The provider catalogue the rule sets' providers and scopes were checked against. */
  public ProviderCatalogue catalogue() {
    return catalogue;
  }

  /** The rule set shipped with Meterwatch: the defaults of the code. */
  public static RuleSet defaults() {
    return standard().ruleSets.get(0);
  }

  /** A rule book holding the shipped default only. */
  public static RuleBook standard() {
    try (InputStream in = RuleBook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default rule set missing");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return builder().add("(built-in) default.yaml", text).build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A builder starting from the shipped default. */
  public static Builder withDefaults() {
    Builder builder = builder();
    try (InputStream in = RuleBook.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      builder.add("(built-in) default.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** All rule sets, oldest first. */
  public List<RuleSet> ruleSets() {
    return ruleSets;
  }

  /** The rule set in force on the first day of a month. */
  public RuleSet inForce(ReportingMonth month) {
    return inForceOn(month.firstDay());
  }

  /** The rule set in force on a day: the latest effective_from on or before it. */
  public RuleSet inForceOn(LocalDate day) {
    RuleSet found = null;
    for (RuleSet rs : ruleSets) {
      if (!rs.effectiveFrom().isAfter(day)) {
        found = rs;
      }
    }
    if (found == null) {
      throw new MeterwatchException(
          ErrorCode.RULES,
          "no rule set is in force on "
              + day
              + " (the earliest applies from "
              + ruleSets.get(0).effectiveFrom()
              + ")");
    }
    return found;
  }

  /** Collects rule set texts, then resolves inheritance in date order. */
  public static final class Builder {
    private final List<Map.Entry<String, String>> sources = new ArrayList<>();
    private ProviderCatalogue catalogue = ProviderCatalogue.standard();

    /** The provider catalogue to check providers and scopes against (default: the shipped). */
    public Builder catalogue(ProviderCatalogue catalogue) {
      this.catalogue = catalogue;
      return this;
    }

    public Builder add(String source, String yamlText) {
      sources.add(Map.entry(source, yamlText));
      return this;
    }

    public RuleBook build() {
      List<Map.Entry<String, ObjectNode>> trees = new ArrayList<>();
      for (Map.Entry<String, String> source : sources) {
        try {
          JsonNode tree = YAML.readTree(source.getValue());
          if (!(tree instanceof ObjectNode object)) {
            throw new MeterwatchException(
                ErrorCode.RULES, source.getKey() + ": a rule set must be a YAML mapping");
          }
          require(source.getKey(), object, "name");
          require(source.getKey(), object, "effective_from");
          try {
            LocalDate.parse(object.get("effective_from").asText());
          } catch (java.time.format.DateTimeParseException e) {
            throw new MeterwatchException(
                ErrorCode.RULES,
                source.getKey()
                    + ": effective_from must be a date (YYYY-MM-DD), got "
                    + object.get("effective_from").asText());
          }
          checkNumbers(source.getKey(), object);
          trees.add(Map.entry(source.getKey(), object));
        } catch (IOException e) {
          throw new MeterwatchException(
              ErrorCode.RULES, source.getKey() + ": not valid YAML: " + firstLine(e.getMessage()));
        }
      }
      trees.sort(
          Comparator.comparing(e -> LocalDate.parse(e.getValue().get("effective_from").asText())));
      List<RuleSet> resolved = new ArrayList<>();
      ObjectNode previous = null;
      for (Map.Entry<String, ObjectNode> entry : trees) {
        ObjectNode merged = previous == null ? entry.getValue().deepCopy() : previous.deepCopy();
        if (previous != null) {
          merged.remove("description");
          merged.remove("title");
          entry.getValue().fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
        }
        applyAddMeasures(entry.getKey(), merged);
        requireQuotedSrvs(entry.getKey(), merged);
        merged.put("source", entry.getKey());
        try {
          RuleSet rs = YAML.treeToValue(merged, RuleSet.class);
          rs = validate(entry.getKey(), rs, catalogue);
          // The tree keeps the placeholders, so a later rule set renders them with its own times.
          resolved.add(renderDefinitions(entry.getKey(), rs));
        } catch (IOException e) {
          throw new MeterwatchException(ErrorCode.RULES, mappingError(entry.getKey(), merged, e));
        }
        previous = merged;
      }
      if (resolved.isEmpty()) {
        throw new MeterwatchException(ErrorCode.RULES, "no rule set given");
      }
      return new RuleBook(resolved, catalogue);
    }

    /**
     * {@code add_measures:} adds measures to those in force (its own {@code measures:} or the
     * inherited ones) without restating them; a measure with an id already present replaces it.
     * Removed afterwards so the next rule set inherits the resulting list, not the additions.
     */
    private static void applyAddMeasures(String source, ObjectNode merged) {
      JsonNode additions = merged.remove("add_measures");
      if (additions == null || additions.isNull()) {
        return;
      }
      if (!additions.isArray()) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": 'add_measures' must be a list of measures");
      }
      ArrayNode measures =
          merged.get("measures") instanceof ArrayNode existing
              ? existing
              : merged.putArray("measures");
      Set<String> addedIds = new HashSet<>();
      for (JsonNode added : additions) {
        String id = added.path("id").asText("");
        if (!addedIds.add(id.toUpperCase(Locale.ROOT))) {
          throw new MeterwatchException(
              ErrorCode.RULES, source + ": add_measures gives the measure " + id + " twice");
        }
        int replaced = -1;
        for (int i = 0; i < measures.size(); i++) {
          if (measures.get(i).path("id").asText("").equalsIgnoreCase(id)) {
            replaced = i;
          }
        }
        if (replaced >= 0) {
          measures.set(replaced, added);
        } else {
          measures.add(added);
        }
      }
    }

    /**
     * The times and thresholds a rule set gives itself: {@code response_times} lists all four
     * times, and every time, Target Resolution Time and the persistence threshold is a whole number
     * above 0. Checked on each file's own sections (inherited ones were checked with their file).
     */
    private static void checkNumbers(String source, ObjectNode tree) {
      JsonNode times = tree.get("response_times");
      if (times != null && !times.isNull()) {
        if (!times.isObject()) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source
                  + ": response_times must be a mapping of on_demand, on_demand_critical,"
                  + " future_dated and alert (seconds)");
        }
        List<String> missing = RESPONSE_TIMES.stream().filter(k -> !times.hasNonNull(k)).toList();
        if (!missing.isEmpty()) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source
                  + ": response_times must list on_demand, on_demand_critical, future_dated and"
                  + " alert (missing: "
                  + String.join(", ", missing)
                  + ")");
        }
        for (String key : RESPONSE_TIMES) {
          wholeAboveZero(
              source, "response_times." + key, times.get(key), "a whole number of seconds");
        }
      }
      JsonNode hours = tree.get("resolution_hours");
      if (hours != null && !hours.isNull()) {
        if (!hours.isObject()) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source + ": resolution_hours must be a mapping of incident category to hours");
        }
        for (Map.Entry<String, JsonNode> e : hours.properties()) {
          Integer category = null;
          try {
            category = Integer.valueOf(e.getKey().trim());
          } catch (NumberFormatException notANumber) {
            // reported below
          }
          if (category == null || category < 1) {
            throw new MeterwatchException(
                ErrorCode.RULES,
                source
                    + ": resolution_hours: category "
                    + e.getKey()
                    + " is not a whole number above 0");
          }
          wholeAboveZero(
              source, "resolution_hours." + e.getKey(), e.getValue(), "a whole number of hours");
        }
      }
      JsonNode smki = tree.get("smki_response_times");
      if (smki != null && !smki.isNull()) {
        List<String> keys = List.of("certificate_signing", "repository");
        if (!smki.isObject() || !keys.stream().allMatch(smki::hasNonNull)) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source
                  + ": smki_response_times must be a mapping of certificate_signing and repository"
                  + " (seconds)");
        }
        for (String key : keys) {
          wholeAboveZero(
              source, "smki_response_times." + key, smki.get(key), "a whole number of seconds");
        }
      }
      JsonNode threshold = tree.get("persistence_threshold");
      if (threshold != null) {
        wholeAboveZero(source, "persistence_threshold", threshold, "a whole number of months");
      }
      JsonNode rejected = tree.get("rejected_requests");
      if (rejected != null
          && !(rejected.isTextual()
              && List.of("exclude", "count_as_miss")
                  .contains(rejected.asText().trim().toLowerCase(Locale.ROOT)))) {
        throw new MeterwatchException(
            ErrorCode.RULES,
            source
                + ": rejected_requests must be exclude or count_as_miss, got "
                + (rejected.isNull() ? "nothing" : rejected.asText()));
      }
    }

    /**
     * The rule set with each measure's definition rendered: {@code {on_demand}}, {@code
     * {on_demand_critical}}, {@code {future_dated}}, {@code {alert}} (seconds) and {@code
     * {resolution_hours.N}} (hours of category N) replaced by this rule set's times, and {@code
     * {rejected_requests}} by the sentence saying how rejected requests count.
     */
    private static RuleSet renderDefinitions(String source, RuleSet rs) {
      Map<String, String> values = new LinkedHashMap<>();
      ResponseTimes t = rs.responseTimes();
      values.put("on_demand", Integer.toString(t.onDemand()));
      values.put("on_demand_critical", Integer.toString(t.onDemandCritical()));
      values.put("future_dated", Integer.toString(t.futureDated()));
      values.put("alert", Integer.toString(t.alert()));
      new TreeMap<>(rs.resolutionHours())
          .forEach(
              (category, hours) -> values.put("resolution_hours." + category, hours.toString()));
      values.put("rejected_requests", rs.rejectedRequests().sentence());
      if (rs.smkiResponseTimes() != null) {
        values.put(
            "smki.certificate_signing",
            Integer.toString(rs.smkiResponseTimes().certificateSigning()));
        values.put("smki.repository", Integer.toString(rs.smkiResponseTimes().repository()));
      }
      List<MeasureDefinition> measures = new ArrayList<>();
      for (MeasureDefinition m : rs.measures()) {
        measures.add(m.withDefinition(render(source, m, values)));
      }
      return new RuleSet(
          rs.name(),
          rs.effectiveFrom(),
          rs.title(),
          rs.description(),
          rs.responseTimes(),
          rs.resolutionHours(),
          rs.persistenceThreshold(),
          rs.rejectedRequests(),
          measures,
          rs.processes(),
          rs.bpi(),
          rs.risks(),
          rs.source(),
          rs.smkiResponseTimes());
    }

    private static String render(String source, MeasureDefinition m, Map<String, String> values) {
      if (m.definition() == null) {
        return null;
      }
      Matcher matcher = PLACEHOLDER.matcher(m.definition());
      StringBuilder out = new StringBuilder();
      while (matcher.find()) {
        String value = values.get(matcher.group(1).trim());
        if (value == null) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source
                  + ": measure "
                  + m.id()
                  + ": unknown placeholder "
                  + matcher.group()
                  + " in its definition (known: "
                  + String.join(", ", values.keySet().stream().map(k -> "{" + k + "}").toList())
                  + ")");
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(value));
      }
      matcher.appendTail(out);
      return out.toString();
    }

    private static void wholeAboveZero(String source, String field, JsonNode value, String what) {
      if (value == null
          || !value.isIntegralNumber()
          || !value.canConvertToInt()
          || value.intValue() < 1) {
        throw new MeterwatchException(
            ErrorCode.RULES,
            source
                + ": "
                + field
                + " must be "
                + what
                + " above 0, got "
                + (value == null || value.isNull() ? "nothing" : value.asText()));
      }
    }

    /**
     * One line for a rule set Jackson cannot map: the file, the setting's path and, for a number
     * that is not whole where a whole number is expected, the value given.
     */
    private static String mappingError(String source, JsonNode merged, IOException e) {
      if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
        StringBuilder path = new StringBuilder();
        JsonNode value = merged;
        for (JsonMappingException.Reference r : m.getPath()) {
          if (r.getFieldName() != null) {
            path.append(path.isEmpty() ? "" : ".").append(r.getFieldName());
            value = value.path(r.getFieldName());
          } else {
            path.append('[').append(r.getIndex()).append(']');
            value = value.path(r.getIndex());
          }
        }
        if (m instanceof MismatchedInputException mismatch
            && wholeNumberType(mismatch.getTargetType())
            && !value.isMissingNode()) {
          return source + ": " + path + " must be a whole number, got " + value.asText();
        }
        return source + ": " + path + ": " + firstLine(m.getOriginalMessage());
      }
      return source + ": " + firstLine(e.getMessage());
    }

    private static boolean wholeNumberType(Class<?> type) {
      return type == int.class
          || type == Integer.class
          || type == long.class
          || type == Long.class
          || type == short.class
          || type == Short.class;
    }

    /**
     * An SRV written as a YAML number loses digits (7.10 reads as 7.1, another SRV): each must be a
     * string.
     */
    private static void requireQuotedSrvs(String source, ObjectNode merged) {
      for (JsonNode measure : merged.path("measures")) {
        for (JsonNode srv : measure.path("srvs")) {
          if (srv.isNumber()) {
            throw new MeterwatchException(
                ErrorCode.RULES,
                source
                    + ": measure "
                    + measure.path("id").asText("?")
                    + ": SRV "
                    + srv.asText()
                    + " is a number in YAML, which can lose digits (7.10 reads as 7.1): write"
                    + " it in quotes, e.g. srvs: [\"7.10\"]");
          }
        }
      }
    }

    private static void require(String source, ObjectNode node, String field) {
      if (!node.hasNonNull(field)) {
        throw new MeterwatchException(ErrorCode.RULES, source + ": '" + field + "' is required");
      }
    }

    /** Checks a rule set; returns it with each measure's scopes resolved from the catalogue. */
    private static RuleSet validate(String source, RuleSet rs, ProviderCatalogue catalogue) {
      if (rs.responseTimes() == null || rs.bpi() == null || rs.risks() == null) {
        throw new MeterwatchException(
            ErrorCode.RULES,
            source + ": response_times, bpi and risks are required in the first rule set");
      }
      if (rs.bpi().slowSuccessHours() < 1) {
        throw new MeterwatchException(
            ErrorCode.RULES,
            source
                + ": bpi.slow_success_hours must be at least 1, got "
                + rs.bpi().slowSuccessHours());
      }
      if (rs.persistenceThreshold() < 1) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": persistence_threshold must be at least 1");
      }
      Set<String> ids = new HashSet<>();
      List<MeasureDefinition> measures = new ArrayList<>();
      for (MeasureDefinition m : rs.measures()) {
        if (m.id() == null
            || m.id().isBlank()
            || m.calculation() == null
            || m.target() == null
            || m.minimum() == null) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source + ": measure " + m.id() + " needs id, calculation, target and minimum");
        }
        String what = source + ": measure " + m.id();
        if (!ids.add(m.id().toUpperCase(Locale.ROOT))) {
          throw new MeterwatchException(ErrorCode.RULES, what + " is defined twice");
        }
        if (m.minimum().compareTo(m.target()) > 0) {
          throw new MeterwatchException(ErrorCode.RULES, what + " has a minimum above its target");
        }
        if (m.target().signum() < 0
            || m.target().compareTo(HUNDRED) > 0
            || m.minimum().signum() < 0) {
          throw new MeterwatchException(
              ErrorCode.RULES, what + ": target and minimum are percentages from 0 to 100");
        }
        for (String srv : m.srvs()) {
          if (SrvCatalogue.standard().find(srv).isEmpty()) {
            throw new MeterwatchException(
                ErrorCode.RULES, what + ": SRV " + srv + " is not in the SRV catalogue");
          }
        }
        for (String provider : m.providers()) {
          // The loader's rule for a device's provider: a provider named otherwise matches none.
          if (catalogue.provider(provider).isEmpty()) {
            throw new MeterwatchException(
                ErrorCode.RULES,
                what
                    + ": provider "
                    + provider
                    + " is not in "
                    + catalogue.describe()
                    + ", so no device has it (providers: "
                    + String.join(", ", catalogue.providerIds())
                    + ")");
          }
        }
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        for (String scope : m.scopes()) {
          ProviderCatalogue.Scope found =
              catalogue
                  .scope(scope)
                  .orElseThrow(
                      () ->
                          new MeterwatchException(
                              ErrorCode.RULES,
                              what
                                  + ": scope "
                                  + scope
                                  + " is not in "
                                  + catalogue.describe()
                                  + " (known: "
                                  + catalogue.knownScopes()
                                  + ")"));
          if (scopes.put(found.id(), found.members()) != null) {
            throw new MeterwatchException(
                ErrorCode.RULES, what + ": scope " + found.id() + " is listed twice");
          }
          if (m.perProvider() && catalogue.provider(found.id()).isPresent()) {
            throw new MeterwatchException(
                ErrorCode.RULES,
                what
                    + ": scope "
                    + found.id()
                    + " is a provider, already a line of per_provider: list it in one of them");
          }
          if (scope.equalsIgnoreCase("ALL")) {
            throw new MeterwatchException(
                ErrorCode.RULES, what + ": ALL is every measure's own line, not a scope to list");
          }
        }
        if (m.withinSeconds() != null && m.withinSeconds() < 1) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              what
                  + ": within_seconds must be a whole number of seconds above 0, got "
                  + m.withinSeconds());
        }
        measures.add(scopes.isEmpty() ? m : m.withScopes(scopes));
        Calculation calculation = m.calculation();
        for (MeasureField field : MeasureField.values()) {
          if (field.givenIn(m) && !calculation.fields().contains(field)) {
            throw new MeterwatchException(ErrorCode.RULES, what + ": " + field.misuse());
          }
        }
        calculation
            .problem(m, rs)
            .ifPresent(
                problem -> {
                  throw new MeterwatchException(ErrorCode.RULES, what + problem);
                });
      }
      return new RuleSet(
          rs.name(),
          rs.effectiveFrom(),
          rs.title(),
          rs.description(),
          rs.responseTimes(),
          rs.resolutionHours(),
          rs.persistenceThreshold(),
          rs.rejectedRequests(),
          measures,
          rs.processes(),
          rs.bpi(),
          rs.risks(),
          rs.source(),
          rs.smkiResponseTimes());
    }

    private static String firstLine(String message) {
      return message == null ? "" : message.lines().findFirst().orElse("");
    }
  }
}
