package uk.meterwatch.core.measure;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;

/**
 * A kind of calculation a measure is built on: one class per kind, registered in {@link
 * Calculations}. A measure in a rule set names one and narrows it with the settings it takes; new
 * measures are data, a new kind of calculation is one class.
 *
 * <p>A calculation is a definition any engine can run: {@link #cube} gives the queries (in the SQL
 * both DuckDB and Spark SQL accept, {@link CubeQuery}) that reduce the month's rows to a small
 * cube, and {@link #evaluate} turns the cubes into each scope's within / population in plain Java.
 * Every measure of a calculation shares its cube, so a user's extra measure costs no scan.
 */
public interface Calculation {
  /** The name a rule set uses, e.g. {@code ON_DEMAND_RESPONSE_TIME}. */
  String name();

  /** What within and population count: requests, alerts, incidents, minutes, ... */
  String unit();

  /** The optional settings it takes, beyond id, name, levels and definition. */
  Set<MeasureField> fields();

  /**
   * What is wrong with a measure of this calculation in a rule set, beyond settings it does not
   * take (checked by the rule book): a required setting missing, a value that can match nothing.
   * Empty when it is sound. The text follows "FILE: measure ID" (e.g. {@code " needs a service"}).
   */
  default Optional<String> problem(MeasureDefinition measure, RuleSet ruleSet) {
    return Optional.empty();
  }

  /**
   * The queries whose results {@link #evaluate} reads, in its order. Measures whose settings do not
   * change the query (most) give the same query, which the engine runs once for all of them.
   */
  List<CubeQuery> cube(MeasureContext context, MeasureDefinition measure);

  /**
   * Queries giving exactly what {@link #cube} gives from a summary the engine keeps (DuckDB's
   * response-time cube), when this calculation has one and it answers these rules; the engine uses
   * it only while the summary is current.
   */
  default Optional<List<CubeQuery>> fromSummary(MeasureContext context, MeasureDefinition measure) {
    return Optional.empty();
  }

  /**
   * Each scope's tally: {@code ALL} first (always present), then each further scope reported (a
   * provider, when the measure is per provider), from the cubes of {@link #cube}.
   */
  Map<String, Tally> evaluate(List<Cube> cubes, MeasureDefinition measure, MeasureContext context);

  /**
   * For calculations over items (requests, alerts): one row per item of the month's population,
   * with the columns {@code item_id, device_id, srv, provider, base_us, outcome_us, target_us,
   * in_time, success} (device_id and srv null where they do not apply; base_us the instant the item
   * is timed from). The explanation and the rows behind a figure read it. Empty for other
   * calculations.
   */
  default Optional<CubeQuery> items(MeasureContext context, MeasureDefinition measure) {
    return Optional.empty();
  }

  /**
   * For calculations over items: how an item's outcome is named in the reasons of {@code --rows}
   * (e.g. {@code first RESPONSE 31 s after, target 30 s: late}).
   */
  default String outcomeName() {
    return "first RESPONSE";
  }

  /** For calculations over items: the reason of an item without an outcome. */
  default String noOutcome() {
    return "no RESPONSE";
  }

  /**
   * For calculations not over items: one line per item that contributed to the misses (missed
   * incidents, outage intervals), for {@code --explain}.
   */
  default List<String> details(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext context) {
    return List.of();
  }

  /**
   * For calculations not over items: each member of the month's population with why it was within
   * or missed (incidents; the pieces of the Target Availability Period), for {@code pmr --rows}.
   * Their count (or, for availability, their minutes) equals the report's population.
   */
  default List<PopulationRow> rows(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext context) {
    return List.of();
  }

  /**
   * Whether its population is of requests the DCC may reject (an error acknowledgement and no
   * response), so its measures report how many they left out ({@code rejected_requests}).
   */
  default boolean rejectsRequests() {
    return false;
  }

  /** A tally's count as the report shows it (availability counts microseconds, shows minutes). */
  default BigDecimal shown(long count) {
    return BigDecimal.valueOf(count);
  }
}
