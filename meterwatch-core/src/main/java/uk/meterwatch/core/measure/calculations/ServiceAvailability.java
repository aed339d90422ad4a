package uk.meterwatch.core.measure.calculations;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.meterwatch.core.measure.Calculation;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.measure.Intervals;
import uk.meterwatch.core.measure.Intervals.Span;
import uk.meterwatch.core.measure.MeasureContext;
import uk.meterwatch.core.measure.MeasureField;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Shown;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.measure.calculations.Incidents.Incident;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;

/**
 * Availability of a service over the Target Availability Period: the month's minutes less planned
 * outages of the service; unavailable = the union of its unplanned outages, where an incident
 * naming the service that no outage row refers to counts from opened_at to resolved_at (or now),
 * less time also planned. Counted exactly in microseconds, shown in minutes. The definition in
 * words is the rule set's (CPM6).
 */
public final class ServiceAvailability implements Calculation {
  private static final CubeQuery OUTAGES =
      CubeQuery.of(
          "SELECT service, start_us, end_us, planned, incident_id FROM ${outages}"
              + " ORDER BY start_us");

  @Override
  public String name() {
    return "SERVICE_AVAILABILITY";
  }

  @Override
  public String toString() {
    return name();
  }

  @Override
  public String unit() {
    return "minutes";
  }

  @Override
  public Set<MeasureField> fields() {
    return Set.of(MeasureField.SERVICE);
  }

  @Override
  public Optional<String> problem(MeasureDefinition measure, RuleSet ruleSet) {
    return measure.service() == null || measure.service().isBlank()
        ? Optional.of(" needs a service")
        : Optional.empty();
  }

  @Override
  public List<CubeQuery> cube(MeasureContext context, MeasureDefinition measure) {
    return List.of(OUTAGES, Incidents.QUERY);
  }

  @Override
  public Map<String, Tally> evaluate(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    Availability a = availability(cubes, measure, c);
    return Map.of(ScopeTallies.ALL, new Tally(a.tapUs - a.unavailableUs, a.tapUs));
  }

  @Override
  public BigDecimal shown(long micros) {
    return Shown.minutes(micros);
  }

  @Override
  public List<String> details(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    Availability a = availability(cubes, measure, c);
    List<String> details = new ArrayList<>(a.sources);
    for (Span s : a.planned) {
      details.add(
          "planned (out of the TAP) "
              + Shown.uk(s.start())
              + " to "
              + Shown.uk(s.end())
              + ": "
              + Shown.minutes(s.length())
              + " min");
    }
    for (Span s : a.unavailable) {
      details.add(
          "unavailable "
              + Shown.uk(s.start())
              + " to "
              + Shown.uk(s.end())
              + ": "
              + Shown.minutes(s.length())
              + " min");
    }
    return details;
  }

  /**
   * The Target Availability Period in pieces: each minute of the month outside planned outages (UK
   * and UTC minutes coincide), cut where an outage or planned maintenance starts or ends inside it;
   * a piece is missed when the service was unavailable throughout it. Their minutes add up to the
   * report's population, the missed ones' to its misses; on whole minutes there is one row a
   * minute.
   */
  @Override
  public List<PopulationRow> rows(List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    Availability a = availability(cubes, measure, c);
    java.util.TreeSet<Long> cuts = new java.util.TreeSet<>();
    for (Span s : a.planned) {
      cuts.add(s.start());
      cuts.add(s.end());
    }
    for (Span s : a.unavailable) {
      cuts.add(s.start());
      cuts.add(s.end());
    }
    List<PopulationRow> rows = new ArrayList<>();
    for (long minute = c.startUs(); minute < c.endUs(); minute += MINUTE_US) {
      long next = Math.min(minute + MINUTE_US, c.endUs());
      long from = minute;
      for (Long cut : cuts.subSet(minute, false, next, false)) {
        piece(a, measure.service(), from, cut, rows);
        from = cut;
      }
      piece(a, measure.service(), from, next, rows);
    }
    return rows;
  }

  private static final long MINUTE_US = 60_000_000L;

  private static void piece(
      Availability a, String service, long from, long to, List<PopulationRow> rows) {
    if (inside(a.planned, from)) {
      return; // planned maintenance: outside the Target Availability Period
    }
    boolean down = inside(a.unavailable, from);
    rows.add(
        new PopulationRow(
            service,
            null,
            null,
            null,
            from,
            to,
            null,
            Shown.minutes(to - from),
            down ? PopulationRow.Result.MISSED : PopulationRow.Result.WITHIN,
            down ? "unavailable (unplanned outage or incident)" : "available"));
  }

  /** Whether an instant lies in one of the spans (each [start, end)). */
  private static boolean inside(List<Span> spans, long t) {
    for (Span s : spans) {
      if (t >= s.start() && t < s.end()) {
        return true;
      }
    }
    return false;
  }

  /** Availability of a service in a month, in microseconds, with the spans behind it. */
  private record Availability(
      long tapUs,
      long unavailableUs,
      List<Span> planned,
      List<Span> unavailable,
      List<String> sources) {}

  private static Availability availability(
      List<Cube> cubes, MeasureDefinition measure, MeasureContext c) {
    long start = c.startUs();
    long end = c.endUs();
    String service = measure.service();
    List<Span> planned = new ArrayList<>();
    List<Span> unplanned = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    Set<String> referred = new HashSet<>();
    for (Object[] o : cubes.get(0).rows()) {
      String incidentId = Cube.text(o, 4);
      if (incidentId != null) {
        referred.add(incidentId);
      }
      if (!service.equals(Cube.text(o, 0))) {
        continue;
      }
      boolean isPlanned = Cube.flag(o, 3);
      Span s = new Span(Cube.whole(o, 1), Cube.whole(o, 2)).clip(start, end);
      if (s.length() == 0) {
        continue;
      }
      (isPlanned ? planned : unplanned).add(s);
      sources.add(
          (isPlanned ? "planned" : "unplanned")
              + " outage "
              + Shown.uk(s.start())
              + " to "
              + Shown.uk(s.end())
              + (incidentId == null ? "" : " (" + incidentId + ")"));
    }
    for (Incident i : Incidents.of(cubes.get(1))) {
      if (!i.services().contains(service) || referred.contains(i.id())) {
        continue;
      }
      long until = i.resolvedUs() == null ? c.nowUs() : i.resolvedUs();
      Span s = new Span(i.openedUs(), until).clip(start, end);
      if (s.length() == 0) {
        continue;
      }
      unplanned.add(s);
      sources.add(
          "incident "
              + i.id()
              + " (no outage row) "
              + Shown.uk(s.start())
              + " to "
              + Shown.uk(s.end())
              + (i.resolvedUs() == null ? " (still open)" : ""));
    }
    List<Span> plannedUnion = Intervals.union(planned);
    List<Span> unavailable = Intervals.minus(Intervals.union(unplanned), plannedUnion);
    long tap = (end - start) - Intervals.length(plannedUnion);
    return new Availability(tap, Intervals.length(unavailable), plannedUnion, unavailable, sources);
  }
}
