package uk.meterwatch.engine.pmr;

import java.math.BigDecimal;
import uk.meterwatch.core.measure.Tally;

/** Where a measure stands against its service levels for a month. */
public enum ServiceLevelStatus {
  TARGET_MET,
  BELOW_TARGET,
  BELOW_MINIMUM,
  NO_DATA;

  /**
   * Decided on the exact fraction, never the rounded value: 1185/1197 shows 99.00 but is below a 99
   * target. {@code 100 * within >= level * population} in exact decimal arithmetic.
   */
  public static ServiceLevelStatus of(Tally tally, BigDecimal target, BigDecimal minimum) {
    if (tally.population() == 0) {
      return NO_DATA;
    }
    if (tally.atLeast(target)) {
      return TARGET_MET;
    }
    return tally.atLeast(minimum) ? BELOW_TARGET : BELOW_MINIMUM;
  }
}
