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
import uk.meterwatch.core.measure.ResponseTimeSummary;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.rules.MeasureDefinition;

/**
 * Requests whose execute_at falls in the month, within when the first RESPONSE came no later than
 * the future-dated Target Response Time after execute_at (a response before it is within). The
 * definition in words is the rule set's (CPM2).
 */
public final class FutureDatedResponseTime implements Calculation {
  private static final long MICROS = 1_000_000L;

  @Override
  public String name() {
    return "FUTURE_DATED_RESPONSE_TIME";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String unit() {
    return "requests";
  }

  @Override
  public boolean rejectsRequests() {
    return true;
  }

  @Override
  public Set<MeasureField> fields() {
    return Set.of(
        MeasureField.PER_PROVIDER,
        MeasureField.PROVIDERS,
        MeasureField.WITHIN_SECONDS,
        MeasureField.SCOPES,
        MeasureField.SRVS,
        MeasureField.ON_SUCCESS);
  }

  /** The population: requests whose execute_at falls in the month. */
  private static final String POPULATION = "r.execute_us >= :start_us AND r.execute_us < :end_us";

  @Override
  public List<CubeQuery> cube(MeasureContext c, MeasureDefinition measure) {
    return withRejected(
        c,
        CubeQuery.of(
            "SELECT r.srv, r.provider,"
                + " coalesce(r.first_response_us - r.execute_us <= :target_us, false) AS in_time,"
                + " coalesce(r.first_response_us - r.execute_us <= :target_us"
                + " AND r.first_i0_us = r.first_response_us, false) AS success, count(*) AS n"
                + " FROM ${service_requests} r"
                + " WHERE "
                + POPULATION
                + " GROUP BY 1, 2, 3, 4",
            "target_us",
            Targets.seconds(measure, c.ruleSet().responseTimes().futureDated()) * MICROS,
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }

  @Override
  public Optional<List<CubeQuery>> fromSummary(MeasureContext c, MeasureDefinition measure) {
    long target = Targets.seconds(measure, c.ruleSet().responseTimes().futureDated());
    if (target > ResponseTimeSummary.MAX_TARGET_S) {
      return Optional.empty();
    }
    return Optional.of(
        withRejected(
            c,
            CubeQuery.of(
                "SELECT srv, provider, coalesce(delay_s <= :target_s, false) AS in_time,"
                    + " coalesce(delay_s <= :target_s, false) AND i0_first AS success,"
                    + " CAST(sum(requests) AS BIGINT) AS n FROM ${response_time_cube}"
                    + " WHERE month = :month AND population = 'FUTURE_DATED' GROUP BY 1, 2, 3, 4",
                "target_s",
                target,
                "month",
                c.month().toString())));
  }

  /** A cube query, then the population's rejected requests when the rule set leaves them out. */
  private static List<CubeQuery> withRejected(MeasureContext c, CubeQuery main) {
    return Rejections.cube(c, POPULATION, Map.of("start_us", c.startUs(), "end_us", c.endUs()))
        .map(rejected -> List.of(main, rejected))
        .orElse(List.of(main));
  }

  @Override
  public Map<String, Tally> evaluate(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    ScopeTallies tallies = new ScopeTallies(measure);
    for (Object[] row : cubes.get(0).rows()) {
      tallies.add(
          Cube.text(row, 0),
          Cube.text(row, 1),
          Cube.flag(row, 2),
          Cube.flag(row, 3),
          Cube.whole(row, 4));
    }
    if (cubes.size() > 1) {
      for (Object[] row : cubes.get(1).rows()) {
        tallies.reject(Rejections.srv(row), Rejections.provider(row), Rejections.count(row));
      }
    }
    return tallies.result();
  }

  @Override
  public Optional<CubeQuery> items(MeasureContext c, MeasureDefinition measure) {
    return Optional.of(
        CubeQuery.of(
            "SELECT r.request_id AS item_id, r.device_id, r.srv, r.provider,"
                + " r.execute_us AS base_us,"
                + " r.first_response_us AS outcome_us, CAST(:target_us AS BIGINT) AS target_us,"
                + " coalesce(r.first_response_us - r.execute_us <= :target_us, false) AS in_time,"
                + " coalesce(r.first_response_us - r.execute_us <= :target_us"
                + " AND r.first_i0_us = r.first_response_us, false) AS success"
                + " FROM ${service_requests} r"
                + Rejections.itemsJoin(c)
                + " WHERE "
                + POPULATION
                + Rejections.itemsCondition(c),
            "target_us",
            Targets.seconds(measure, c.ruleSet().responseTimes().futureDated()) * MICROS,
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }
}
