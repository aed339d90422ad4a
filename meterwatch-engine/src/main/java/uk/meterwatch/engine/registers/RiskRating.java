package uk.meterwatch.engine.registers;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One rating of a risk, the first included.
 *
 * @param seq 1 for the first rating
 * @param ratedOn the day the rating was agreed
 * @param ratedBy who recorded it
 * @param reason why (required)
 * @param recordedAt when it was written to the store
 */
public record RiskRating(
    String riskId,
    int seq,
    LocalDate ratedOn,
    String ratedBy,
    String reason,
    int likelihood,
    int impact,
    Instant recordedAt) {

  public int severity() {
    return likelihood * impact;
  }
}
