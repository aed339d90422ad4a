package uk.meterwatch.engine.duis;

/**
 * What Meterwatch reads from one DUIS message: its shape and the few header and body values the
 * measures need. Absent values are null.
 *
 * @param shape which kind of DUIS message it is
 * @param requestId header RequestID
 * @param responseId header ResponseID (present on Responses from a device or the DCC and on Alerts,
 *     absent on Acknowledgements)
 * @param serviceReferenceVariant the SRV: the Request header's, or the ResponseMessage's
 * @param responseCode header ResponseCode
 * @param responseDateTime header ResponseDateTime
 * @param executionDateTime a Request's ExecutionDateTime (future-dated requests)
 * @param alertCode a DeviceAlertMessage's AlertCode or a DCCAlertMessage's DCCAlertCode
 * @param acknowledgementBody true when the body is a ResponseMessage with nothing but
 *     ServiceReference and ServiceReferenceVariant (or the body is empty): an acknowledgement
 * @param hasHeader whether the message has an sr:Header
 */
public record DuisMessage(
    Shape shape,
    String requestId,
    String responseId,
    String serviceReferenceVariant,
    String responseCode,
    String responseDateTime,
    String executionDateTime,
    String alertCode,
    boolean acknowledgementBody,
    boolean hasHeader) {

  /** The DUIS message shapes Meterwatch accepts. */
  public enum Shape {
    /** sr:Request: a Service Request a User sent. */
    REQUEST,
    /** sr:Response whose body is a ResponseMessage (or empty): a Response or Acknowledgement. */
    RESPONSE,
    /** sr:Response whose body is a DeviceAlertMessage. */
    DEVICE_ALERT,
    /** sr:Response whose body is a DCCAlertMessage. */
    DCC_ALERT
  }

  /**
   * What a Response message is: {@code ACK} for code I99, or for an error Acknowledgement (an error
   * code, no ResponseID in the header, a body with nothing but the Service Reference (Variant), as
   * the DCC's E65 sample); {@code RESPONSE} for code I0 (a success is never an acknowledgement,
   * with or without a ResponseID) or any message with a ResponseID; null when it is neither (see
   * {@link #neitherReason}). Until 7 December 2026 an I0 without a ResponseID and without a payload
   * was taken for an acknowledgement.
   */
  public String responseKind() {
    String code =
        responseCode == null ? "" : responseCode.strip().toUpperCase(java.util.Locale.ROOT);
    if (code.equals("I99")) {
      return "ACK";
    }
    if (code.equals("I0") || responseId != null) {
      return "RESPONSE";
    }
    return acknowledgementBody ? "ACK" : null;
  }

  /** Why a Response is neither a Response nor an Acknowledgement: what it lacks. */
  public String neitherReason() {
    return "missing header element sr:ResponseID: a Response with code "
        + responseCode
        + " and a payload carries one (an Acknowledgement has no payload)";
  }
}
