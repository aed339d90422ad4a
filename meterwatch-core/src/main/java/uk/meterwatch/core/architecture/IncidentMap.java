package uk.meterwatch.core.architecture;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Where incidents occurred in a period: the architecture model and, per component, incidents and
 * outage minutes by cause class.
 *
 * @param from first month (UK time)
 * @param to last month, inclusive
 * @param byComponent tallies of the model's components, by component id
 * @param unplaced tallies of component or service names the model does not know
 * @param totals each incident once (not once per component), for the summary
 */
public record IncidentMap(
    ArchitectureModel model,
    ReportingMonth from,
    ReportingMonth to,
    Map<String, ComponentTally> byComponent,
    Map<String, ComponentTally> unplaced,
    ComponentTally totals) {

  public IncidentMap {
    byComponent = Collections.unmodifiableMap(new LinkedHashMap<>(byComponent));
    unplaced = Collections.unmodifiableMap(new LinkedHashMap<>(unplaced));
  }

  public ComponentTally tally(String componentId) {
    return byComponent.getOrDefault(componentId, ComponentTally.empty());
  }
}
