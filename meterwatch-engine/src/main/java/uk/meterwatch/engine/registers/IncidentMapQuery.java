package uk.meterwatch.engine.registers;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.architecture.ComponentTally;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * Tallies incidents and outage minutes per architecture component for a period of months.
 *
 * <p>An incident is in the period when it was open at some time in it. It counts once on every
 * component named in its components or services (a name the model does not know is listed as
 * unplaced). Its outage minutes are the union of its unplanned outage rows, clipped to the period;
 * an incident with services and no outage rows is an outage from opened_at to resolved_at (to the
 * period's end while open), as the contract says for the SSI. An unplanned outage with no incident
 * adds its minutes to its service's component under UNKNOWN, with no incident.
 */
public final class IncidentMapQuery {
  private static final long MICROS_PER_MINUTE = 60_000_000L;
  private final Store store;

  public IncidentMapQuery(Store store) {
    this.store = store;
  }

  /** The map of a period from the register as it is now, each incident by its own cause class. */
  public IncidentMap run(ArchitectureModel model, ReportingMonth from, ReportingMonth to) {
    List<Incident> incidents = Tx.read(store, IncidentRegister::all);
    return run(model, from, to, incidents, Incident::causeClass);
  }

  /**
   * The map of a period from the incidents given (the register as of a date, say), each counted
   * under the cause class {@code causeOf} gives it.
   */
  public IncidentMap run(
      ArchitectureModel model,
      ReportingMonth from,
      ReportingMonth to,
      List<Incident> incidents,
      Function<Incident, CauseClass> causeOf) {
    if (to.compareTo(from) < 0) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "the period ends (" + to + ") before it starts (" + from + ")");
    }
    long start = from.startMicros();
    long end = to.endMicros();
    Map<String, ComponentTally> placed = new LinkedHashMap<>();
    model.components().forEach(c -> placed.put(c.id(), ComponentTally.empty()));
    Map<String, ComponentTally> unplaced = new TreeMap<>();
    ComponentTally totals = ComponentTally.empty();
    Map<String, List<long[]>> outagesByIncident = new HashMap<>();
    List<Object[]> loose = new ArrayList<>();
    Tx.read(
        store,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT service, start_us, end_us, incident_id FROM outages"
                      + " WHERE NOT planned AND start_us < ? AND end_us > ?")) {
            p.setLong(1, end);
            p.setLong(2, start);
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                long[] span = {Math.max(start, r.getLong(2)), Math.min(end, r.getLong(3))};
                String incident = r.getString(4);
                if (incident == null) {
                  loose.add(new Object[] {r.getString(1), span});
                } else {
                  outagesByIncident.computeIfAbsent(incident, k -> new ArrayList<>()).add(span);
                }
              }
            }
          }
          return null;
        });
    for (Incident i : incidents) {
      long opened = Values.micros(i.openedAt());
      long resolved = i.resolvedAt() == null ? end : Values.micros(i.resolvedAt());
      if (opened >= end || resolved <= start) {
        continue; // not open at any time in the period
      }
      CauseClass cause = causeOf.apply(i);
      List<long[]> spans = outagesByIncident.getOrDefault(i.id(), List.of());
      if (spans.isEmpty() && !i.services().isEmpty()) {
        spans = List.of(new long[] {Math.max(start, opened), Math.min(end, resolved)});
      }
      long minutes = Math.round((double) unionMicros(spans) / MICROS_PER_MINUTE);
      totals = totals.plus(cause, 1, minutes);
      Set<String> touched = new LinkedHashSet<>();
      for (String name : concat(i.components(), i.services())) {
        touched.add(model.find(name).map(ArchitectureModel.Component::id).orElse("?" + name));
      }
      for (String t : touched) {
        if (t.startsWith("?")) {
          unplaced.merge(
              t.substring(1),
              ComponentTally.empty().plus(cause, 1, minutes),
              IncidentMapQuery::sum);
        } else {
          placed.put(t, placed.get(t).plus(cause, 1, minutes));
        }
      }
    }
    for (Object[] o : loose) {
      String service = (String) o[0];
      long minutes = Math.round((double) unionMicros(List.of((long[]) o[1])) / MICROS_PER_MINUTE);
      totals = totals.plus(CauseClass.UNKNOWN, 0, minutes);
      String id = model.find(service).map(ArchitectureModel.Component::id).orElse(null);
      if (id == null) {
        unplaced.merge(
            service,
            ComponentTally.empty().plus(CauseClass.UNKNOWN, 0, minutes),
            IncidentMapQuery::sum);
      } else {
        placed.put(id, placed.get(id).plus(CauseClass.UNKNOWN, 0, minutes));
      }
    }
    return new IncidentMap(model, from, to, placed, unplaced, totals);
  }

  /** The ids of the model's components an incident touched (its components and services). */
  public static Set<String> componentsOf(ArchitectureModel model, Incident i) {
    Set<String> ids = new LinkedHashSet<>();
    for (String name : concat(i.components(), i.services())) {
      model.find(name).map(ArchitectureModel.Component::id).ifPresent(ids::add);
    }
    return ids;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static ComponentTally sum(ComponentTally a, ComponentTally b) {
    ComponentTally out = a;
    for (CauseClass c : CauseClass.values()) {
      out = out.plus(c, b.incidents(c), b.minutes(c));
    }
    return out;
  }

  /** Total length of the union of spans, so overlapping outage rows are not counted twice. */
  static long unionMicros(List<long[]> spans) {
    List<long[]> sorted = new ArrayList<>(spans);
    sorted.removeIf(s -> s[1] <= s[0]);
    sorted.sort((x, y) -> Long.compare(x[0], y[0]));
    long total = 0;
    long curStart = Long.MIN_VALUE;
    long curEnd = Long.MIN_VALUE;
    for (long[] s : sorted) {
      if (s[0] > curEnd) {
        if (curEnd > curStart) {
          total += curEnd - curStart;
        }
        curStart = s[0];
        curEnd = s[1];
      } else {
        curEnd = Math.max(curEnd, s[1]);
      }
    }
    if (curEnd > curStart) {
      total += curEnd - curStart;
    }
    return total;
  }
}
