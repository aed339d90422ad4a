package uk.meterwatch.core.measure.calculations;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.meterwatch.core.measure.Calculation;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.measure.MeasureContext;
import uk.meterwatch.core.measure.MeasureField;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Shown;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * The DCC's assessments of one kind (Preliminary or Impact Assessments of modification proposals,
 * SEC Section D11), each as last loaded, counted once, in the month its outcome became known: the
 * month of delivered_at (UK time) when delivered by the end of its due day (due_on, UK time),
 * otherwise the month of due_on, whether delivered later or not yet; one not delivered whose due
 * day has not ended has no outcome yet. Few a month, so the arithmetic runs in Java over the rows.
 * The definition in words is the rule set's (CPM-D11.1, CPM-D11.2).
 */
public final class AssessmentTimeliness implements Calculation {
  /** The kind of assessment a measure counts, as the contract writes it. */
  public enum AssessmentKind {
    PRELIMINARY,
    IMPACT
  }

  private final AssessmentKind kind;

  public AssessmentTimeliness(AssessmentKind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind + "_ASSESSMENT_TIMELINESS";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String unit() {
    return "assessments";
  }

  @Override
  public Set<MeasureField> fields() {
    return Set.of();
  }

  @Override
  public List<CubeQuery> cube(MeasureContext context, MeasureDefinition measure) {
    // The due day as text: both engines write a DATE as YYYY-MM-DD.
    return List.of(
        CubeQuery.of(
            "SELECT assessment_id, modification, requested_us, CAST(due_on AS STRING) AS due_on,"
                + " delivered_us FROM (SELECT assessment_id, modification, kind, requested_us,"
                + " due_on, delivered_us, row_number() OVER (PARTITION BY assessment_id ORDER BY"
                + " load_id DESC, line DESC) AS version FROM ${modification_assessments}) latest"
                + " WHERE version = 1 AND kind = :assessment_kind"
                + " ORDER BY requested_us, assessment_id",
            "assessment_kind",
            kind.name()));
  }

  @Override
  public Map<String, Tally> evaluate(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    return Map.of(ScopeTallies.ALL, tally(cubes, c, null, null));
  }

  @Override
  public List<String> details(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    List<String> missed = new ArrayList<>();
    tally(cubes, c, missed, null);
    return missed;
  }

  @Override
  public List<PopulationRow> rows(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    List<PopulationRow> rows = new ArrayList<>();
    tally(cubes, c, null, rows);
    return rows;
  }

  private Tally tally(
      List<Cube> cubes, MeasureContext c, List<String> missed, List<PopulationRow> rows) {
    long within = 0;
    long population = 0;
    for (Object[] r : cubes.get(0).rows()) {
      String id = Cube.text(r, 0);
      String modification = Cube.text(r, 1);
      long requested = Cube.whole(r, 2);
      LocalDate due = LocalDate.parse(Cube.text(r, 3));
      Long delivered = Cube.wholeOrNull(r, 4);
      // Due by the end of its UK day: the first instant of the next day is late.
      long deadline =
          ReportingMonth.micros(due.plusDays(1).atStartOfDay(ReportingMonth.UK).toInstant());
      boolean inTime = delivered != null && delivered < deadline;
      if (!inTime && delivered == null && deadline > c.nowUs()) {
        continue; // not delivered, and its due day has not ended: no outcome yet
      }
      ReportingMonth outcomeMonth =
          inTime
              ? ReportingMonth.containingMicros(delivered)
              : new ReportingMonth(java.time.YearMonth.from(due));
      if (!outcomeMonth.equals(c.month())) {
        continue;
      }
      population++;
      String reason =
          (inTime
                  ? "delivered by the end of its due day " + due
                  : delivered == null
                      ? "not delivered by the end of its due day " + due
                      : "delivered "
                          + Shown.uk(delivered)
                          + ", after its due day "
                          + due
                          + " ("
                          + Shown.hours(delivered - deadline)
                          + " h late)")
              + ": "
              + modification;
      if (rows != null) {
        rows.add(
            new PopulationRow(
                id,
                null,
                null,
                null,
                requested,
                delivered,
                deadline - 1,
                null,
                inTime ? PopulationRow.Result.WITHIN : PopulationRow.Result.MISSED,
                reason));
      }
      if (inTime) {
        within++;
      } else if (missed != null) {
        missed.add(id + " requested " + Shown.uk(requested) + ", " + reason);
      }
    }
    return new Tally(within, population);
  }
}
