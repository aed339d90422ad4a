package uk.meterwatch.engine.bpi;

/**
 * One business transaction once all its attempts are known: a User's first request for a process on
 * a device plus its retries and duplicates.
 *
 * @param userId the User
 * @param firstUs received_at of the first request (epoch micros)
 * @param targetUs the Target Response Time of the first request's SRV, micros
 * @param attempts requests in the transaction (the first one included)
 * @param retries attempts that joined as a retry
 * @param duplicates attempts that joined as a duplicate
 * @param attemptsFinalI0 attempts whose final response is I0
 * @param bucket the waterfall bucket
 * @param failureCode for OTHER_FAILURE, the last final response code; else null
 * @param successUs the earliest I0 RESPONSE of any attempt, or {@link Long#MIN_VALUE} for none
 * @param useCase for CHANGE_OF_SUPPLY transactions; null for other processes
 */
public record Transaction(
    String userId,
    long firstUs,
    long targetUs,
    int attempts,
    int retries,
    int duplicates,
    int attemptsFinalI0,
    Bucket bucket,
    String failureCode,
    long successUs,
    UseCase useCase) {

  public boolean success() {
    return bucket.success();
  }

  private static final long HOUR_US = 3_600_000_000L;
  private static final long DAY_US = 24 * HOUR_US;

  /** Time to success in micros; only meaningful when {@link #success()}. */
  public long timeToSuccessUs() {
    return successUs - firstUs;
  }

  /** A success within the Target Response Time of the first request's SRV. */
  public boolean withinTarget() {
    return success() && timeToSuccessUs() <= targetUs;
  }

  /** A success within an hour (3,600 s). */
  public boolean within1h() {
    return success() && timeToSuccessUs() <= HOUR_US;
  }

  /** A success within a day (86,400 s). */
  public boolean within24h() {
    return success() && timeToSuccessUs() <= DAY_US;
  }
}
