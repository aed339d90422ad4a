package uk.meterwatch.core.error;

/** An error meant for the user: a code and one clear sentence. */
public class MeterwatchException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public MeterwatchException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public MeterwatchException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
