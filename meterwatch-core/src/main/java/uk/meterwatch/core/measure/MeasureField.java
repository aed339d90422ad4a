package uk.meterwatch.core.measure;

import uk.meterwatch.core.rules.MeasureDefinition;

/**
 * The optional settings of a measure in a rule set, beyond id, name, levels and definition. Each
 * calculation says which it takes ({@link Calculation#fields}); a rule set giving one to a
 * calculation that does not take it is refused with {@link #misuse}.
 */
public enum MeasureField {
  PER_PROVIDER("per_provider", "per_provider and providers apply to device measures only"),
  PROVIDERS("providers", "per_provider and providers apply to device measures only"),
  SCOPES("scopes", "scopes apply to device measures only"),
  WITHIN_SECONDS("within_seconds", "within_seconds applies to device measures only"),
  SRVS("srvs", "srvs apply to service request measures only"),
  ON_SUCCESS("on_success", "on_success applies to service request measures only"),
  CATEGORIES("categories", "categories apply to INCIDENT_RESOLUTION only"),
  SERVICE("service", "service applies to SERVICE_AVAILABILITY only");

  private final String yaml;
  private final String misuse;

  MeasureField(String yaml, String misuse) {
    this.yaml = yaml;
    this.misuse = misuse;
  }

  /** The setting's name in a rule set. */
  public String yaml() {
    return yaml;
  }

  /** The error's text when a measure gives it to a calculation that does not take it. */
  public String misuse() {
    return misuse;
  }

  /** Whether a measure gives this setting (a flag set, a list not empty, a value present). */
  public boolean givenIn(MeasureDefinition m) {
    return switch (this) {
      case PER_PROVIDER -> m.perProvider();
      case PROVIDERS -> !m.providers().isEmpty();
      case SCOPES -> !m.scopes().isEmpty();
      case WITHIN_SECONDS -> m.withinSeconds() != null;
      case SRVS -> !m.srvs().isEmpty();
      case ON_SUCCESS -> m.onSuccess();
      case CATEGORIES -> !m.categories().isEmpty();
      case SERVICE -> m.service() != null;
    };
  }
}
