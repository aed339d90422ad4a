package uk.meterwatch.engine.bpi;

/**
 * One business transaction once all its attempts are known: a User's first request for a process on
 * a device plus its retries and duplicates.
 *
 * @param userId the User
 * @param firstUs received_at of the first request (epoch micros)
 * @param dueUs when the first request was due: its execute_at when future-dated (and later than
 *     received_at), else received_at; time to success runs from here
 * @param targetUs the Target Response Time of the first request, micros (the future-dated time for
 *     a future-dated request, else its SRV's on-demand time)
 * @param attempts requests in the transaction (the first one included)
 * @param retries attempts that joined as a retry
 * @param duplicates attempts that joined as a duplicate
 * @param attemptsFinalI0 attempts whose final response is I0
 * @param bucket the waterfall bucket
 * @param failureCode for OTHER_FAILURE, the last final response code; else null
 * @param successUs the earliest I0 RESPONSE of any attempt, or {@link Long#MIN_VALUE} for none
 * @param useCase for CHANGE_OF_SUPPLY transactions; null for other processes
 * @param profile the first request's SRV and device, by which the transactions are split
 */
public record Transaction(
    String userId,
    long firstUs,
    long dueUs,
    long targetUs,
    int attempts,
    int retries,
    int duplicates,
    int attemptsFinalI0,
    Bucket bucket,
    String failureCode,
    long successUs,
    UseCase useCase,
    Profile profile) {

  public boolean success() {
    return bucket.success();
  }

  private static final long HOUR_US = 3_600_000_000L;
  private static final long DAY_US = 24 * HOUR_US;

  /** Time to success in micros, from when the request was due; only meaningful on success. */
  public long timeToSuccessUs() {
    return successUs - dueUs;
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
