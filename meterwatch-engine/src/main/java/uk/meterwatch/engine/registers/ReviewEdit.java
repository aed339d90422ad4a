package uk.meterwatch.engine.registers;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Changes for a new draft of a review: a null or absent value keeps the previous version's.
 *
 * @param actionRefs the follow-up actions; null keeps the previous list, an empty list clears it
 */
public record ReviewEdit(
    Map<ReviewArea, Rag> rags,
    Map<ReviewArea, String> reasonings,
    String rootCause,
    String symptoms,
    Instant detectedAt,
    Instant usersToldAt,
    Instant restoredAt,
    List<String> actionRefs,
    String summary) {

  public ReviewEdit {
    rags = rags == null ? Map.of() : Map.copyOf(rags);
    reasonings = reasonings == null ? Map.of() : Map.copyOf(reasonings);
  }

  public boolean isEmpty() {
    return rags.isEmpty()
        && reasonings.isEmpty()
        && rootCause == null
        && symptoms == null
        && detectedAt == null
        && usersToldAt == null
        && restoredAt == null
        && actionRefs == null
        && summary == null;
  }
}
