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
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.rules.SmkiResponseTimes;

/**
 * Requests of one kind to the SMKI (Certificate Signing Requests, or documents from the SMKI
 * Repository) received in the month (UK time), each as last loaded; within when completed no later
 * than the SMKI Target Response Time of its kind after received_at (completed_at - received_at, so
 * a clock change moves nothing); a request not completed is not within. Any outcome counts: this
 * measures timeliness. The definition in words is the rule set's (CPM7, CPM8).
 */
public final class SmkiResponseTime implements Calculation {
  private static final long MICROS = 1_000_000L;

  /** The kind of SMKI request a measure counts, as the contract writes it. */
  public enum RequestKind {
    CSR,
    REPOSITORY
  }

  private final RequestKind kind;

  public SmkiResponseTime(RequestKind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind == RequestKind.CSR ? "SMKI_CSR_RESPONSE_TIME" : "SMKI_REPOSITORY_RESPONSE_TIME";
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
  public Set<MeasureField> fields() {
    return Set.of();
  }

  @Override
  public Optional<String> problem(MeasureDefinition measure, RuleSet ruleSet) {
    return ruleSet.smkiResponseTimes() == null
        ? Optional.of(" needs smki_response_times (the SMKI's Target Response Times, seconds)")
        : Optional.empty();
  }

  /** The Target Response Time of this kind in the rule set in force, microseconds. */
  private long targetUs(MeasureContext c) {
    SmkiResponseTimes t = c.ruleSet().smkiResponseTimes();
    return (kind == RequestKind.CSR ? t.certificateSigning() : t.repository()) * MICROS;
  }

  /** The month's requests of this kind, each as last loaded ({@code s}), for the queries below. */
  private static final String MONTH =
      " FROM (SELECT request_id, kind, received_us, completed_us, row_number() OVER (PARTITION BY"
          + " request_id ORDER BY load_id DESC, line DESC) AS version FROM ${smki_requests})"
          + " s WHERE s.version = 1 AND s.kind = :smki_kind AND s.received_us >= :start_us"
          + " AND s.received_us < :end_us";

  private static final String IN_TIME =
      "coalesce(s.completed_us - s.received_us <= :target_us, false)";

  @Override
  public List<CubeQuery> cube(MeasureContext c, MeasureDefinition measure) {
    return List.of(
        CubeQuery.of(
            "SELECT " + IN_TIME + " AS in_time, count(*) AS n" + MONTH + " GROUP BY 1",
            "target_us",
            targetUs(c),
            "smki_kind",
            kind.name(),
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }

  @Override
  public Map<String, Tally> evaluate(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    Tally all = Tally.EMPTY;
    for (Object[] row : cubes.get(0).rows()) {
      long n = Cube.whole(row, 1);
      all = all.plus(new Tally(Cube.flag(row, 0) ? n : 0, n));
    }
    return Map.of(ScopeTallies.ALL, all);
  }

  @Override
  public Optional<CubeQuery> items(MeasureContext c, MeasureDefinition measure) {
    return Optional.of(
        CubeQuery.of(
            "SELECT s.request_id AS item_id, CAST(NULL AS STRING) AS device_id,"
                + " CAST(NULL AS STRING) AS srv, CAST(NULL AS STRING) AS provider,"
                + " s.received_us AS base_us, s.completed_us AS outcome_us,"
                + " CAST(:target_us AS BIGINT) AS target_us, "
                + IN_TIME
                + " AS in_time, false AS success"
                + MONTH,
            "target_us",
            targetUs(c),
            "smki_kind",
            kind.name(),
            "start_us",
            c.startUs(),
            "end_us",
            c.endUs()));
  }

  @Override
  public String outcomeName() {
    return "completed";
  }

  @Override
  public String noOutcome() {
    return "not completed";
  }
}
