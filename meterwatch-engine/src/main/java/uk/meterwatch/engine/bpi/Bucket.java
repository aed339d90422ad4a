package uk.meterwatch.engine.bpi;

/**
 * The exclusive buckets of the success waterfall, in the order they are tested: a transaction goes
 * in the first one whose condition holds, so the buckets always add up to the transactions.
 */
public enum Bucket {
  /** The first attempt's final response is I0. */
  FIRST_TIME_SUCCESS(true),
  /** The earliest I0 is the final response of a later attempt. */
  RETRY_SUCCESS(true),
  /** The earliest I0 is a late success (an I0 after a non-I0 final response, same attempt). */
  SUBSEQUENT_SUCCESS(true),
  /** No attempt has a RESPONSE row yet (an ACK is not one). */
  PENDING(false),
  /** No success; last final response E4, or the device's certificate is another User's. */
  INCORRECT_CERTIFICATE(false),
  /** No success; last final response E20/E21, with an I0 from the device in the evidence window. */
  COMMUNICATING(false),
  /** As COMMUNICATING, without that evidence. */
  NON_COMMUNICATING(false),
  /** Any other final response code. */
  OTHER_FAILURE(false);

  private final boolean success;

  Bucket(boolean success) {
    this.success = success;
  }

  public boolean success() {
    return success;
  }
}
