package uk.meterwatch.core.rules;

/**
 * The calculations a measure can be built on. A measure in a rule set names one of these and
 * narrows it with filters (SRVs, providers, categories, service); new measures are data, only a new
 * kind of calculation is code.
 */
public enum Calculation {
  /** Requests received in the month, on demand: first response within the Target Response Time. */
  ON_DEMAND_RESPONSE_TIME,
  /** Requests to execute in the month: first response within the time after execution. */
  FUTURE_DATED_RESPONSE_TIME,
  /** Alerts raised in the month: delivered within the Target Response Time. */
  ALERT_DELIVERY_TIME,
  /** Incidents whose outcome became known in the month: resolved within Target Resolution Time. */
  INCIDENT_RESOLUTION,
  /** Minutes of the Target Availability Period in which a service was available. */
  SERVICE_AVAILABILITY;

  /** True for measures counted on devices: they may be reported per provider. */
  public boolean deviceMeasure() {
    return this == ON_DEMAND_RESPONSE_TIME
        || this == FUTURE_DATED_RESPONSE_TIME
        || this == ALERT_DELIVERY_TIME;
  }

  /** True for measures counted on service requests: they may be restricted to SRVs. */
  public boolean requestMeasure() {
    return this == ON_DEMAND_RESPONSE_TIME || this == FUTURE_DATED_RESPONSE_TIME;
  }
}
