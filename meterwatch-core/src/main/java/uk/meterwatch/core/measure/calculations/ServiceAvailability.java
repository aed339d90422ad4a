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
