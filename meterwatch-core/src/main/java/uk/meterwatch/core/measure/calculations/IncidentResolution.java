package uk.meterwatch.core.measure.calculations;

import java.time.LocalDate;
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
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Shown;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.measure.calculations.Incidents.Incident;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Incidents of the measure's categories for which the DCC is responsible, counted once, in the
 * month their outcome became known: resolved_at when resolved within the Target Resolution Time,
 * else the deadline (opened_at + TRT); an open incident whose deadline has not passed has no
 * outcome yet. Each incident's TRT is that of the rule set in force on the day it opened, so its
 * outcome month is the same whichever month asks. The definition in words is the rule set's (CPM4,
 * CPM5).
 */
public final class IncidentResolution implements Calculation {
  private static final long MICROS = 1_000_000L;

  @Override
  public String name() {
    return "INCIDENT_RESOLUTION";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String unit() {
    return "incidents";
  }

  @Override
  public Set<MeasureField> fields() {
    return Set.of(MeasureField.CATEGORIES);
  }

  @Override
  public Optional<String> problem(MeasureDefinition measure, RuleSet ruleSet) {
    if (measure.categories().isEmpty()) {
      return Optional.of(" needs categories");
    }
    for (int category : measure.categories()) {
      if (!ruleSet.resolutionHours().containsKey(category)) {
        return Optional.of(": category " + category + " has no Target Resolution Time");
      }
    }
    return Optional.empty();
  }

  @Override
  public List<CubeQuery> cube(MeasureContext context, MeasureDefinition measure) {
    return List.of(Incidents.QUERY);
  }

  @Override
  public Map<String, Tally> evaluate(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    return Map.of(ScopeTallies.ALL, tally(cubes, measure, c));
  }

  @Override
  public List<String> details(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    List<String> missed = new ArrayList<>();
    tally(cubes, measure, c, missed, null);
    return missed;
  }

  @Override
  public List<PopulationRow> rows(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    List<PopulationRow> rows = new ArrayList<>();
    tally(cubes, measure, c, null, rows);
    return rows;
  }

  private static Tally tally(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    return tally(cubes, measure, c, null, null);
  }

  private static Tally tally(
      List<Cube> cubes,
      MeasureDefinition measure,
      MeasureContext c,
      List<String> missed,
      List<PopulationRow> rows) {
    long start = c.startUs();
    long end = c.endUs();
    long within = 0;
    long population = 0;
    for (Incident i : Incidents.of(cubes.get(0))) {
      if (!i.dccResponsible() || !measure.categories().contains(i.category())) {
        continue;
      }
      long deadline = i.openedUs() + resolutionTimeUs(c, i);
      boolean inTime = i.resolvedUs() != null && i.resolvedUs() <= deadline;
      if (!inTime && i.resolvedUs() == null && deadline > c.nowUs()) {
        continue; // still open, may yet be resolved in time
      }
      long outcome = inTime ? i.resolvedUs() : deadline;
      if (outcome < start || outcome >= end) {
        continue;
      }
      population++;
      if (rows != null) {
        rows.add(
            new PopulationRow(
                i.id(),
                null,
                null,
                null,
                i.openedUs(),
                i.resolvedUs(),
                deadline,
                null,
                inTime ? PopulationRow.Result.WITHIN : PopulationRow.Result.MISSED,
                "category "
                    + i.category()
                    + (inTime
                        ? ", resolved within the Target Resolution Time"
                        : i.resolvedUs() == null
                            ? ", still open at the deadline"
                            : ", resolved " + Shown.hours(i.resolvedUs() - deadline) + " h late")
                    + ": "
                    + i.title()));
      }
      if (inTime) {
        within++;
      } else if (missed != null) {
        missed.add(
            i.id()
                + " category "
                + i.category()
                + " opened "
                + Shown.uk(i.openedUs())
                + ", deadline "
                + Shown.uk(deadline)
                + (i.resolvedUs() == null
                    ? ", still open"
                    : ", resolved "
                        + Shown.uk(i.resolvedUs())
                        + " ("
                        + Shown.hours(i.resolvedUs() - deadline)
                        + " h late)")
                + ": "
                + i.title());
      }
    }
    return new Tally(within, population);
  }

  /**
   * The Target Resolution Time of an incident, in microseconds: that of the rule set in force on
   * the day it opened (UK date of opened_at), as the incident register's status; the measured
   * month's when no rule set is in force then or that one has no TRT for the category.
   */
  private static long resolutionTimeUs(MeasureContext c, Incident i) {
    LocalDate opened =
        ReportingMonth.fromMicros(i.openedUs()).atZone(ReportingMonth.UK).toLocalDate();
    RuleSet rs = c.ruleSet();
    Optional<RuleSet> atOpening = c.ruleSetOn().apply(opened);
    if (atOpening.isPresent() && atOpening.get().resolutionHours().containsKey(i.category())) {
      rs = atOpening.get();
    }
    return rs.resolutionTime(i.category()).toSeconds() * MICROS;
  }
}
