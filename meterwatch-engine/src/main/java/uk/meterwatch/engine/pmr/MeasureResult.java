package uk.meterwatch.engine.pmr;

import java.math.BigDecimal;
import uk.meterwatch.core.measure.Calculation;

/**
 * One line of the Performance Measurement Report: a measure in one scope for one month.
 *
 * @param id the measure's id, e.g. {@code CPM1}
 * @param scope {@code ALL} or a provider, e.g. {@code CSP-N}
 * @param name the measure's name
 * @param calculation the calculation it is built on
 * @param unit what within and population count: requests, alerts, incidents or minutes
 * @param value 100 x within / population rounded half-up to 2 decimals; null when NO_DATA
 * @param target Target Service Level, percent
 * @param minimum Minimum Service Level, percent
 * @param status decided on the exact fraction
 * @param within items (or minutes) within the service level
 * @param population items (or minutes of the Target Availability Period)
 * @param consecutiveBelowMinimum consecutive months up to this one below minimum
 * @param nonCompliance consecutiveBelowMinimum reached the rule set's persistence threshold
 * @param previousValue the value of the month before (null when NO_DATA or not measured)
 * @param definition the measure's exact definition from the rule set
 * @param source the public text the definition follows, or {@code local} (Meterwatch's own)
 * @param rejected for request measures, the requests the DCC rejected that were left out of the
 *     population (0 under {@code rejected_requests: count_as_miss}); null for other measures
 * @param excepted the items (or minutes) approved exceptions left out of the population
 * @param exceptions the ids of the approved exceptions that left something out of this line
 */
public record MeasureResult(
    String id,
    String scope,
    String name,
    Calculation calculation,
    String unit,
    BigDecimal value,
    BigDecimal target,
    BigDecimal minimum,
    ServiceLevelStatus status,
    BigDecimal within,
    BigDecimal population,
    int consecutiveBelowMinimum,
    boolean nonCompliance,
    BigDecimal previousValue,
    String definition,
    String source,
    Long rejected,
    BigDecimal excepted,
    java.util.List<String> exceptions) {

  public static final String ALL = "ALL";

  public MeasureResult {
    excepted = excepted == null ? BigDecimal.ZERO : excepted;
    exceptions = exceptions == null ? java.util.List.of() : java.util.List.copyOf(exceptions);
  }

  /** A line nothing was excepted from. */
  public MeasureResult(
      String id,
      String scope,
      String name,
      Calculation calculation,
      String unit,
      BigDecimal value,
      BigDecimal target,
      BigDecimal minimum,
      ServiceLevelStatus status,
      BigDecimal within,
      BigDecimal population,
      int consecutiveBelowMinimum,
      boolean nonCompliance,
      BigDecimal previousValue,
      String definition,
      String source,
      Long rejected) {
    this(
        id,
        scope,
        name,
        calculation,
        unit,
        value,
        target,
        minimum,
        status,
        within,
        population,
        consecutiveBelowMinimum,
        nonCompliance,
        previousValue,
        definition,
        source,
        rejected,
        BigDecimal.ZERO,
        java.util.List.of());
  }

  /** True for a measure no public text defines (its rule says {@code source: local}). */
  public boolean local() {
    return uk.meterwatch.core.rules.MeasureDefinition.LOCAL.equalsIgnoreCase(source);
  }

  /** "CPM1" for ALL, "CPM1 CSP-N" for a provider: how the report names a line. */
  public String label() {
    return ALL.equals(scope) ? id : id + " " + scope;
  }
}
