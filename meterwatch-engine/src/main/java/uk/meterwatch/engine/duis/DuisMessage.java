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
   * An acknowledgement: code I99, or an error Acknowledgement (e.g. E65): no ResponseID in the
   * header and a body that carries only the Service Reference (Variant).
   */
  public boolean isAcknowledgement() {
    return "I99".equals(responseCode) || (responseId == null && acknowledgementBody);
  }
}
