package uk.meterwatch.core.rules;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.meterwatch.core.measure.Calculation;

/**
 * One performance measure as configured in a rule set.
 *
 * @param id stable id, e.g. {@code CPM1}
 * @param name what it measures, in words
 * @param calculation the calculation it is built on
 * @param target Target Service Level, percent
 * @param minimum Minimum Service Level, percent
 * @param perProvider also report it for each service provider (device measures only)
 * @param onSuccess count as within only a first response with code I0 (MP242's spirit)
 * @param srvs restrict to these SRVs (empty = every eligible SRV)
 * @param providers restrict to devices of these providers (empty = all)
 * @param scopes also report one line per scope of the provider catalogue named here (a provider,
 *     region or contract), each the sum over the providers it groups (device measures only)
 * @param categories incident categories (INCIDENT_RESOLUTION only)
 * @param service the service whose availability is measured (SERVICE_AVAILABILITY only)
 * @param definition the exact definition in words, shown to users
 * @param source the public text its definition follows (e.g. {@code SEC Section H13.1}), or {@code
 *     local} when no public text defines it and its definition states what was assumed; absent
 *     means local
 * @param withinSeconds a provider's own target: an item is within when its response or delivery
 *     came no later than this many seconds after it was timed from, in place of the rule set's
 *     Target Response Times (null: those times; device measures only)
 * @param scopeMembers each of {@code scopes} (the catalogue's id) with the providers it counts,
 *     filled by the rule book from the provider catalogue; never read from a rule set
 */
public record MeasureDefinition(
    String id,
    String name,
    Calculation calculation,
    BigDecimal target,
    BigDecimal minimum,
    boolean perProvider,
    boolean onSuccess,
    List<String> srvs,
    List<String> providers,
    List<Integer> categories,
    String service,
    String definition,
    String source,
    List<String> scopes,
    Integer withinSeconds,
    @JsonIgnore Map<String, Set<String>> scopeMembers) {

  /** The {@code source:} of a measure no public text defines. */
  public static final String LOCAL = "local";

  public MeasureDefinition {
    source = source == null || source.isBlank() ? LOCAL : source.strip();
    srvs = srvs == null ? List.of() : List.copyOf(srvs);
    providers = providers == null ? List.of() : List.copyOf(providers);
    categories = categories == null ? List.of() : List.copyOf(categories);
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    scopeMembers =
        scopeMembers == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scopeMembers));
  }

  /** The same measure with another definition text (its placeholders rendered). */
  public MeasureDefinition withDefinition(String text) {
    return new MeasureDefinition(
        id,
        name,
        calculation,
        target,
        minimum,
        perProvider,
        onSuccess,
        srvs,
        providers,
        categories,
        service,
        text,
        source,
        scopes,
        withinSeconds,
        scopeMembers);
  }

  /**
   * The same measure with its scopes resolved: each the catalogue's id with the providers it
   * counts, in the rule's order.
   */
  public MeasureDefinition withScopes(Map<String, Set<String>> resolved) {
    return new MeasureDefinition(
        id,
        name,
        calculation,
        target,
        minimum,
        perProvider,
        onSuccess,
        srvs,
        providers,
        categories,
        service,
        definition,
        source,
        List.copyOf(resolved.keySet()),
        withinSeconds,
        resolved);
  }

  /** True when no public text defines the measure: Meterwatch's own (docs/measures.md). */
  public boolean local() {
    return LOCAL.equalsIgnoreCase(source);
  }
}
