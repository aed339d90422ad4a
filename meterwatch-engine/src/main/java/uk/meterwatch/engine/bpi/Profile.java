package uk.meterwatch.engine.bpi;

/**
 * What a transaction is split by: its first request's SRV and device.
 *
 * @param srv the SRV of the first request
 * @param smets 1 or 2 from the devices file; 0 when the device is not in it (or there is none)
 * @param cohort a SMETS1 device's migration cohort (IOC, MOC, FOC), or null when not given
 * @param provider the device's provider (CSP-N, CSP-C, CSP-S, S1SP-...), or null when unknown
 */
public record Profile(String srv, int smets, String cohort, String provider) {}
