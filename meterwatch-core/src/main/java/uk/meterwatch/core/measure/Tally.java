package uk.meterwatch.core.measure;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How many of a measure's population were within its service level. For availability both are
 * microseconds of the Target Availability Period; otherwise requests, alerts or incidents. {@code
 * rejected}: the requests the DCC rejected that were left out of the population (request measures
 * under {@code rejected_requests: exclude}; 0 otherwise). {@code excepted}: the items (or, for
 * availability, microseconds) left out of the population by approved exceptions.
 */
public record Tally(long within, long population, long rejected, long excepted) {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  public static final Tally EMPTY = new Tally(0, 0);

  public Tally(long within, long population) {
    this(within, population, 0, 0);
  }

  public Tally(long within, long population, long rejected) {
    this(within, population, rejected, 0);
  }

  public Tally plus(Tally other) {
    return new Tally(
        within + other.within,
        population + other.population,
        rejected + other.rejected,
        excepted + other.excepted);
  }

  /** 100 x within / population rounded half-up to 2 decimals; null for an empty population. */
  public BigDecimal value() {
    if (population == 0) {
      return null;
    }
    return BigDecimal.valueOf(within)
        .multiply(HUNDRED)
        .divide(BigDecimal.valueOf(population), 2, RoundingMode.HALF_UP);
  }

  /** True when the exact percentage is at or above a level. */
  public boolean atLeast(BigDecimal levelPercent) {
    return BigDecimal.valueOf(within)
            .multiply(HUNDRED)
            .compareTo(levelPercent.multiply(BigDecimal.valueOf(population)))
        >= 0;
  }
}
