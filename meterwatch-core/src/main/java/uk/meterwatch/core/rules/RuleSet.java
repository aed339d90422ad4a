package uk.meterwatch.core.rules;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code's rules as configured from a date on (its {@code title} names it for readers; the name
 * when it gives none): measures and their service levels, Target Response and Resolution Times, the
 * SRVs of each business process, and the windows of the BPIs. A month is measured by the rule set
 * in force on its first day. {@code smkiResponseTimes} is null when no rule set of the book gives
 * them (the SMKI measures then refuse the rule set).
 */
public record RuleSet(
    String name,
    LocalDate effectiveFrom,
    String title,
    String description,
    ResponseTimes responseTimes,
    Map<Integer, Integer> resolutionHours,
    int persistenceThreshold,
    RejectedRequests rejectedRequests,
    List<MeasureDefinition> measures,
    Map<String, List<String>> processes,
    BpiSettings bpi,
    RiskSettings risks,
    String source,
    SmkiResponseTimes smkiResponseTimes) {

  public RuleSet {
    // A rule book without the default's setting reads rejected requests the default's way.
    rejectedRequests = rejectedRequests == null ? RejectedRequests.EXCLUDE : rejectedRequests;
    title = title == null || title.isBlank() ? name : title.strip();
    resolutionHours = Map.copyOf(resolutionHours);
    measures = List.copyOf(measures);
    processes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(processes));
  }

  public Optional<MeasureDefinition> measure(String id) {
    return measures.stream().filter(m -> m.id().equalsIgnoreCase(id)).findFirst();
  }

  /** Target Resolution Time of an incident category. */
  public Duration resolutionTime(int category) {
    Integer hours = resolutionHours.get(category);
    if (hours == null) {
      throw new IllegalArgumentException("no Target Resolution Time for category " + category);
    }
    return Duration.ofHours(hours);
  }

  /** The process an SRV belongs to, if any. */
  public Optional<String> processOf(String srv) {
    return processes.entrySet().stream()
        .filter(e -> e.getValue().contains(srv))
        .map(Map.Entry::getKey)
        .findFirst();
  }
}
