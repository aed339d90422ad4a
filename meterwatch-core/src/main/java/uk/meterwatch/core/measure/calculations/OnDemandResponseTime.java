package uk.meterwatch.core.measure.calculations;

import java.util.ArrayList;
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
import uk.meterwatch.core.rules.ResponseTimes;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;

/**
 * On-demand requests received in the month (no execute_at, SRV on demand and device-bound), within
 * when the first RESPONSE came no later than the SRV's Target Response Time after receipt (critical
 * or not). The definition in words is the rule set's (CPM1).
 *
 * <p>The cube groups the month's requests by SRV, provider, whether answered within each of the two
 * targets and whether the first response is an I0; the SRV's eligibility and target come from the
 * catalogue at evaluation, which costs half of matching every request with its SRV in SQL.
 */
public final class OnDemandResponseTime implements Calculation {
  private static final long MICROS = 1_000_000L;

  @Override
  public String name() {
    return "ON_DEMAND_RESPONSE_TIME";
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

  @Override
  public Optional<String> problem(MeasureDefinition measure, RuleSet ruleSet) {
    for (String srv : measure.srvs()) {
      Optional<Srv> found = SrvCatalogue.standard().find(srv);
      if (found.isPresent() && !(found.get().onDemand() && found.get().deviceBound())) {
        return Optional.of(
            ": SRV " + srv + " is not an on-demand device SRV, so never in its population");
      }
    }
    return Optional.empty();
  }

  /** The population before the SRV's eligibility: received in the month, no execute_at. */
  private static final String POPULATION =
      "r.received_us >= :start_us AND r.received_us < :end_us AND r.execute_us IS NULL";

  @Override
  public List<CubeQuery> cube(MeasureContext c, MeasureDefinition measure) {
    ResponseTimes t = c.ruleSet().responseTimes();
    return withRejected(
        c,
        CubeQuery.of(
            "SELECT r.srv, r.provider,"
                + " coalesce(r.first_response_us - r.received_us <= :other_us, false) AS in_other,"
                + " coalesce(r.first_response_us - r.received_us <= :critical_us, false)"
                + " AS in_critical,"
                + " coalesce(r.first_i0_us = r.first_response_us, false) AS i0, count(*) AS n"
                + " FROM ${service_requests} r"
                + " WHERE "
                + POPULATION
                + " GROUP BY 1, 2, 3, 4, 5",
            "other_us",
            Targets.seconds(measure, t.onDemand()) * MICROS,
            "critical_us",
            Targets.seconds(measure, t.onDemandCritical()) * MICROS,
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }

  @Override
  public Optional<List<CubeQuery>> fromSummary(MeasureContext c, MeasureDefinition measure) {
    ResponseTimes t = c.ruleSet().responseTimes();
    if (Math.max(
            Targets.seconds(measure, t.onDemand()), Targets.seconds(measure, t.onDemandCritical()))
        > ResponseTimeSummary.MAX_TARGET_S) {
      return Optional.empty();
    }
    return Optional.of(
        withRejected(
            c,
            CubeQuery.of(
                "SELECT srv, provider, coalesce(delay_s <= :other_s, false) AS in_other,"
                    + " coalesce(delay_s <= :critical_s, false) AS in_critical, i0_first,"
                    + " CAST(sum(requests) AS BIGINT) AS n FROM ${response_time_cube}"
                    + " WHERE month = :month AND population = 'ON_DEMAND' GROUP BY 1, 2, 3, 4, 5",
                "other_s",
                (long) Targets.seconds(measure, t.onDemand()),
                "critical_s",
                (long) Targets.seconds(measure, t.onDemandCritical()),
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
      Optional<Srv> srv = eligible(c, Cube.text(row, 0));
      if (srv.isEmpty()) {
        continue; // not on demand, or not device-bound: outside the population
      }
      boolean inTime = srv.get().critical() ? Cube.flag(row, 3) : Cube.flag(row, 2);
      tallies.add(
          srv.get().variant(),
          Cube.text(row, 1),
          inTime,
          inTime && Cube.flag(row, 4),
          Cube.whole(row, 5));
    }
    if (cubes.size() > 1) {
      for (Object[] row : cubes.get(1).rows()) {
        Optional<Srv> srv = eligible(c, Rejections.srv(row));
        if (srv.isPresent()) {
          tallies.reject(srv.get().variant(), Rejections.provider(row), Rejections.count(row));
        }
      }
    }
    return tallies.result();
  }

  /** The SRV when it is on demand and device-bound, so in the population. */
  private static Optional<Srv> eligible(MeasureContext c, String variant) {
    return c.catalogue().find(variant).filter(srv -> srv.onDemand() && srv.deviceBound());
  }

  @Override
  public Optional<CubeQuery> items(MeasureContext c, MeasureDefinition measure) {
    ResponseTimes t = c.ruleSet().responseTimes();
    List<String> eligible = new ArrayList<>();
    List<String> critical = new ArrayList<>();
    for (Srv srv : c.catalogue().all()) {
      if (srv.onDemand() && srv.deviceBound()) {
        eligible.add(srv.variant());
        if (srv.critical()) {
          critical.add(srv.variant());
        }
      }
    }
    return Optional.of(
        CubeQuery.of(
            "SELECT request_id AS item_id, device_id, srv, provider, base_us, first_response_us"
                + " AS outcome_us, target_us,"
                + " coalesce(first_response_us - base_us <= target_us, false) AS in_time,"
                + " coalesce(first_response_us - base_us <= target_us"
                + " AND first_i0_us = first_response_us, false) AS success"
                + " FROM (SELECT r.request_id, r.device_id, r.srv, r.provider,"
                + " r.received_us AS base_us,"
                + " r.first_response_us, r.first_i0_us,"
                + " CASE WHEN r.srv IN (:critical) THEN CAST(:critical_us AS BIGINT)"
                + " ELSE CAST(:other_us AS BIGINT) END"
                + " AS target_us"
                + " FROM ${service_requests} r"
                + Rejections.itemsJoin(c)
                + " WHERE "
                + POPULATION
                + " AND r.srv IN (:eligible)"
                + Rejections.itemsCondition(c)
                + ") population",
            "critical",
            critical,
            "critical_us",
            Targets.seconds(measure, t.onDemandCritical()) * MICROS,
            "other_us",
            Targets.seconds(measure, t.onDemand()) * MICROS,
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs(),
            "eligible",
            eligible));
  }
}
