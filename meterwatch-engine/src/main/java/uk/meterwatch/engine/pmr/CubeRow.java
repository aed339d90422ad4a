package uk.meterwatch.engine.pmr;

/**
 * One cell of a device calculation's month cube: requests (or alerts) of an SRV (null for alerts)
 * and provider (null: device not in the devices table), by outcome. Every device measure is a sum
 * over its calculation's cube ({@link PerformanceMeasurement#fromCube}), whichever engine counted
 * it.
 */
public record CubeRow(String srv, String provider, boolean inTime, boolean success, long count) {}
