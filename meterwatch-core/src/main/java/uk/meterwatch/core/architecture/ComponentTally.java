package uk.meterwatch.core.architecture;

import java.util.EnumMap;
import java.util.Map;

/**
 * What happened on one component in a period: incidents and outage minutes by cause class.
 *
 * @param incidents incidents that touched the component, by cause class
 * @param outageMinutes minutes of unplanned outage on the component, by cause class
 */
public record ComponentTally(Map<CauseClass, Long> incidents, Map<CauseClass, Long> outageMinutes) {

  public ComponentTally {
    incidents = copy(incidents);
    outageMinutes = copy(outageMinutes);
  }

  public static ComponentTally empty() {
    return new ComponentTally(Map.of(), Map.of());
  }

  public long incidentCount() {
    return incidents.values().stream().mapToLong(Long::longValue).sum();
  }

  public long minutes() {
    return outageMinutes.values().stream().mapToLong(Long::longValue).sum();
  }

  public long incidents(CauseClass c) {
    return incidents.getOrDefault(c, 0L);
  }

  public long minutes(CauseClass c) {
    return outageMinutes.getOrDefault(c, 0L);
  }

  public boolean isEmpty() {
    return incidentCount() == 0 && minutes() == 0;
  }

  /** This tally plus one incident (or outage) of a cause and its minutes. */
  public ComponentTally plus(CauseClass c, long incidentCount, long addedMinutes) {
    EnumMap<CauseClass, Long> i = new EnumMap<>(CauseClass.class);
    i.putAll(incidents);
    EnumMap<CauseClass, Long> m = new EnumMap<>(CauseClass.class);
    m.putAll(outageMinutes);
    if (incidentCount != 0) {
      i.merge(c, incidentCount, Long::sum);
    }
    if (addedMinutes != 0) {
      m.merge(c, addedMinutes, Long::sum);
    }
    return new ComponentTally(i, m);
  }

  private static Map<CauseClass, Long> copy(Map<CauseClass, Long> in) {
    EnumMap<CauseClass, Long> out = new EnumMap<>(CauseClass.class);
    out.putAll(in);
    return java.util.Collections.unmodifiableMap(out);
  }
}
