package uk.meterwatch.engine.bpi;

/**
 * One request as the transaction rule sees it, in group order. The attributes only needed when a
 * transaction of the month opens (User, target, certificate, evidence, use case) are asked for only
 * then, so a database-backed row can read them lazily.
 */
public interface RequestRow {
  /** Marks an absent instant. */
  long NONE = Long.MIN_VALUE;

  /** received_at, epoch micros. */
  long receivedUs();

  /** The code of the final response (the attempt's first RESPONSE row), or null if none yet. */
  String finalCode();

  /** sent_at of the final response; {@link #NONE} when there is none. */
  long finalUs();

  /** sent_at of the attempt's earliest I0 RESPONSE; {@link #NONE} when there is none. */
  long i0Us();

  String userId();

  /**
   * When the request was due, epoch micros: its execute_at when it is future-dated and that is
   * after received_at, else received_at.
   */
  long dueUs();

  /**
   * Target Response Time of the request, micros: the future-dated time when it has an execute_at,
   * else its SRV's on-demand time.
   */
  long targetUs();

  /** The request's SRV and device, by which its transaction is split. */
  Profile profile();

  /** The device's certificate_owner is known and is not the requesting User. */
  boolean certificateMismatch();

  /**
   * sent_at of the device's latest I0 RESPONSE (any SRV, any User) strictly before received_at, or
   * {@link #NONE}. Only needed when the final response may be E20/E21; may be NONE otherwise.
   */
  long evidenceUs();

  /** The CHANGE_OF_SUPPLY use case of a request (meaningful in that process only). */
  UseCase useCase();
}
