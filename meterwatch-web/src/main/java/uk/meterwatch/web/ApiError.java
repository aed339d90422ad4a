package uk.meterwatch.web;

/** An error answered with an HTTP status, a stable code and a message (never a stack trace). */
public final class ApiError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  public ApiError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static ApiError unauthenticated() {
    return new ApiError(
        401,
        "UNAUTHENTICATED",
        "log in, or send Authorization: Bearer TOKEN (meterwatch users token)");
  }

  static ApiError forbidden(String what) {
    return new ApiError(403, "FORBIDDEN", "your role may not " + what);
  }

  static ApiError notFound(String what) {
    return new ApiError(404, "NOT_FOUND", what);
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "USAGE", message);
  }
}
