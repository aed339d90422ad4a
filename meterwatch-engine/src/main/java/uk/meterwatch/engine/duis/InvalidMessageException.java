package uk.meterwatch.engine.duis;

/** A DUIS message that cannot be read or lacks what Meterwatch needs; the message is the reason. */
final class InvalidMessageException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidMessageException(String reason) {
    super(reason, null, false, false);
  }
}
