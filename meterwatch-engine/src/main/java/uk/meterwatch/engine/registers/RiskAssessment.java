package uk.meterwatch.engine.registers;

/**
 * A risk with what the rules say about it.
 *
 * @param severity likelihood x impact
 * @param band the rule set's band of the severity (Critical, High, Medium, Low by default)
 * @param escalated at or above the rule set's escalation threshold: goes to the SEC Panel
 */
public record RiskAssessment(Risk risk, int severity, String band, boolean escalated) {}
