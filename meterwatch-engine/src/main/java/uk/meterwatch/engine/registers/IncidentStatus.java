package uk.meterwatch.engine.registers;

import java.time.Duration;
import java.time.Instant;

/**
 * An incident with what the rules say about it.
 *
 * @param targetResolution the Target Resolution Time of its category, from the rule set in force on
 *     the day it opened
 * @param duration resolved_at - opened_at; null while open
 * @param outcome met, missed or still open
 */
public record IncidentStatus(
    Incident incident, Duration targetResolution, Duration duration, TargetOutcome outcome) {

  public Instant deadline() {
    return incident.openedAt().plus(targetResolution);
  }
}
