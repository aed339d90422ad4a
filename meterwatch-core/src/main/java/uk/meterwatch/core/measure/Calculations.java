package uk.meterwatch.core.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import uk.meterwatch.core.measure.calculations.AlertDeliveryTime;
import uk.meterwatch.core.measure.calculations.AssessmentTimeliness;
import uk.meterwatch.core.measure.calculations.AssessmentTimeliness.AssessmentKind;
import uk.meterwatch.core.measure.calculations.FutureDatedResponseTime;
import uk.meterwatch.core.measure.calculations.IncidentResolution;
import uk.meterwatch.core.measure.calculations.OnDemandResponseTime;
import uk.meterwatch.core.measure.calculations.ServiceAvailability;
import uk.meterwatch.core.measure.calculations.SmkiResponseTime;
import uk.meterwatch.core.measure.calculations.SmkiResponseTime.RequestKind;

/** The calculations a rule set may name: adding one is its class and one line here. */
public final class Calculations {
  public static final Calculation ON_DEMAND_RESPONSE_TIME = new OnDemandResponseTime();
  public static final Calculation FUTURE_DATED_RESPONSE_TIME = new FutureDatedResponseTime();
  public static final Calculation ALERT_DELIVERY_TIME = new AlertDeliveryTime();
  public static final Calculation INCIDENT_RESOLUTION = new IncidentResolution();
  public static final Calculation SERVICE_AVAILABILITY = new ServiceAvailability();
  public static final Calculation SMKI_CSR_RESPONSE_TIME = new SmkiResponseTime(RequestKind.CSR);
  public static final Calculation SMKI_REPOSITORY_RESPONSE_TIME =
      new SmkiResponseTime(RequestKind.REPOSITORY);
  public static final Calculation PRELIMINARY_ASSESSMENT_TIMELINESS =
      new AssessmentTimeliness(AssessmentKind.PRELIMINARY);
  public static final Calculation IMPACT_ASSESSMENT_TIMELINESS =
      new AssessmentTimeliness(AssessmentKind.IMPACT);

  private static final Map<String, Calculation> BY_NAME = new LinkedHashMap<>();

  static {
    for (Calculation c :
        List.of(
            ON_DEMAND_RESPONSE_TIME,
            FUTURE_DATED_RESPONSE_TIME,
            ALERT_DELIVERY_TIME,
            INCIDENT_RESOLUTION,
            SERVICE_AVAILABILITY,
            SMKI_CSR_RESPONSE_TIME,
            SMKI_REPOSITORY_RESPONSE_TIME,
            PRELIMINARY_ASSESSMENT_TIMELINESS,
            IMPACT_ASSESSMENT_TIMELINESS)) {
      BY_NAME.put(c.name(), c);
    }
  }

  private Calculations() {}

  /** The calculation of a name as a rule set writes it (case-insensitive). */
  public static Optional<Calculation> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name.trim().toUpperCase(Locale.ROOT)));
  }

  /** Every calculation, in the order of the docs. */
  public static List<Calculation> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The names, for an error listing what is known. */
  public static String names() {
    return String.join(", ", BY_NAME.keySet());
  }
}
