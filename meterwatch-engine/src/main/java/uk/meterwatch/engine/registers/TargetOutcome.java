package uk.meterwatch.engine.registers;

/** Whether an incident was resolved within its Target Resolution Time. */
public enum TargetOutcome {
  /** Resolved within the time (resolved_at - opened_at at most the target). */
  MET,
  /** Resolved later, or still open past its deadline (already missed). */
  MISSED,
  /** Still open and its deadline not yet passed. */
  OPEN
}
