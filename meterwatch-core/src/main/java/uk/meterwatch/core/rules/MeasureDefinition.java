package uk.meterwatch.core.rules;

import java.math.BigDecimal;
import java.util.List;
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
 * @param categories incident categories (INCIDENT_RESOLUTION only)
 * @param service the service whose availability is measured (SERVICE_AVAILABILITY only)
 * @param definition the exact definition in words, shown to users
 * @param source the public text its definition follows (e.g. {@code SEC Section H13.1}), or {@code
 *     local} when no public text defines it and its definition states what was assumed; absent
 *     means local
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
    String source) {

  /** The {@code source:} of a measure no public text defines. */
  public static final String LOCAL = "local";

  public MeasureDefinition {
    source = source == null || source.isBlank() ? LOCAL : source.strip();
    srvs = srvs == null ? List.of() : List.copyOf(srvs);
    providers = providers == null ? List.of() : List.copyOf(providers);
    categories = categories == null ? List.of() : List.copyOf(categories);
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
        source);
  }

  /** True when no public text defines the measure: Meterwatch's own (docs/measures.md). */
  public boolean local() {
    return LOCAL.equalsIgnoreCase(source);
  }
}
