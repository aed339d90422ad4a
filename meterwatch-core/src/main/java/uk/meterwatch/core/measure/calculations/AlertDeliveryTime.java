package uk.meterwatch.core.measure.calculations;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.meterwatch.core.measure.Calculation;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.measure.MeasureContext;
import uk.meterwatch.core.measure.MeasureField;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.rules.MeasureDefinition;

/**
 * Alerts raised in the month, within when delivered no later than the alert Target Response Time
 * after raised_at; an alert never delivered is not within. The definition in words is the rule
 * set's (CPM3).
 */
public final class AlertDeliveryTime implements Calculation {
  private static final long MICROS = 1_000_000L;

  @Override
  public String name() {
    return "ALERT_DELIVERY_TIME";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String unit() {
    return "alerts";
  }

  @Override
  public Set<MeasureField> fields() {
    return Set.of(
        MeasureField.PER_PROVIDER,
        MeasureField.PROVIDERS,
        MeasureField.SCOPES,
        MeasureField.WITHIN_SECONDS);
  }

  @Override
  public List<CubeQuery> cube(MeasureContext c, MeasureDefinition measure) {
    return List.of(
        CubeQuery.of(
            "SELECT a.provider,"
                + " coalesce(a.delivered_us - a.raised_us <= :target_us, false) AS in_time,"
                + " count(*) AS n FROM ${alerts} a"
                + " WHERE a.raised_us >= :start_us AND a.raised_us < :end_us GROUP BY 1, 2",
            "target_us",
            Targets.seconds(measure, c.ruleSet().responseTimes().alert()) * MICROS,
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }

  @Override
  public Map<String, Tally> evaluate(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    ScopeTallies tallies = new ScopeTallies(measure);
    for (Object[] row : cubes.get(0).rows()) {
      tallies.add(null, Cube.text(row, 0), Cube.flag(row, 1), false, Cube.whole(row, 2));
    }
    return tallies.result();
  }

  @Override
  public String outcomeName() {
    return "delivered";
  }

  @Override
  public String noOutcome() {
    return "not delivered";
  }

  @Override
  public Optional<CubeQuery> items(MeasureContext c, MeasureDefinition measure) {
    return Optional.of(
        CubeQuery.of(
            "SELECT a.alert_id AS item_id, a.device_id, CAST(NULL AS STRING) AS srv,"
                + " a.provider,"
                + " a.raised_us AS base_us, a.delivered_us AS outcome_us,"
                + " CAST(:target_us AS BIGINT) AS target_us,"
                + " coalesce(a.delivered_us - a.raised_us <= :target_us, false) AS in_time,"
                + " false AS success FROM ${alerts} a"
                + " WHERE a.raised_us >= :start_us AND a.raised_us < :end_us",
            "target_us",
            Targets.seconds(measure, c.ruleSet().responseTimes().alert()) * MICROS,
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }
}
