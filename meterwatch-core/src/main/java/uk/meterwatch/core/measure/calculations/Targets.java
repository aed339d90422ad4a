package uk.meterwatch.core.measure.calculations;

import uk.meterwatch.core.rules.MeasureDefinition;

/** The time an item of a device measure must meet: the measure's own, or the rule set's. */
final class Targets {
  private Targets() {}

  /**
   * The seconds within which an item counts as within: the measure's {@code within_seconds} (a
   * provider's own target, in place of every Target Response Time) when it gives one, else the rule
   * set's Target Response Time {@code ruleSeconds}.
   */
  static int seconds(MeasureDefinition measure, int ruleSeconds) {
    return measure.withinSeconds() != null ? measure.withinSeconds() : ruleSeconds;
  }
}
