package uk.meterwatch.core.srv;

import java.util.Set;

/**
 * One Service Reference Variant of DUIS, with the facts of the DUIS request matrix.
 *
 * @param variant the SRV, e.g. {@code 2.2} or {@code 8.14.1}
 * @param reference the Service Reference it belongs to, e.g. {@code 8.14}
 * @param name the Service Request Name
 * @param critical a critical command (longer Target Response Time)
 * @param onDemand may be sent on demand
 * @param futureDated who holds it when future dated
 * @param dccScheduled may be scheduled by the DCC
 * @param nonDevice a request that targets no device (needs no device_id)
 * @param eligibleRoles User roles that may send it
 */
public record Srv(
    String variant,
    String reference,
    String name,
    boolean critical,
    boolean onDemand,
    FutureDatedPattern futureDated,
    boolean dccScheduled,
    boolean nonDevice,
    Set<String> eligibleRoles) {

  public Srv {
    eligibleRoles = Set.copyOf(eligibleRoles);
  }

  /** True when the request is addressed to a device (the contract then requires device_id). */
  public boolean deviceBound() {
    return !nonDevice;
  }
}
