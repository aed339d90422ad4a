package uk.meterwatch.core.measure;

import java.math.BigDecimal;

/**
 * One member of a measure line's population, with why it was within or missed: a request, an alert,
 * an incident, or a piece of the Target Availability Period (a minute, or part of one where an
 * outage starts or ends inside it). {@code meterwatch pmr --rows} writes them.
 *
 * @param item the request, alert or incident id; the service for availability
 * @param provider the device's provider (null when unknown or not a device measure)
 * @param srv the request's SRV (null for other items)
 * @param deviceId the device (null when none)
 * @param fromUs the instant the item is timed from (received_at, execute_at, raised_at, opened_at)
 *     or the piece's start
 * @param outcomeUs the first response, delivery or resolution (null when none), or the piece's end
 * @param dueUs the latest instant that is within (null for availability)
 * @param minutes the piece's length in minutes (availability only; null otherwise)
 * @param result within, missed, or left out by an approved exception
 * @param reason why, in words
 */
public record PopulationRow(
    String item,
    String provider,
    String srv,
    String deviceId,
    long fromUs,
    Long outcomeUs,
    Long dueUs,
    BigDecimal minutes,
    Result result,
    String reason) {

  /** Whether the row counts as within the service level. */
  public enum Result {
    WITHIN,
    MISSED,
    /** Left out of the population by an approved exception: neither within nor missed. */
    EXCEPTED
  }

  /** The same row (or piece) left out by an approved exception, with why. */
  public PopulationRow excepted(long from, long to, String why) {
    return new PopulationRow(
        item,
        provider,
        srv,
        deviceId,
        from,
        minutes == null ? outcomeUs : Long.valueOf(to),
        dueUs,
        minutes == null ? null : Shown.minutes(to - from),
        Result.EXCEPTED,
        why);
  }

  /** A piece of a time row (availability), its result and reason kept. */
  public PopulationRow piece(long from, long to) {
    return new PopulationRow(
        item, provider, srv, deviceId, from, to, dueUs, Shown.minutes(to - from), result, reason);
  }

  public boolean missed() {
    return result == Result.MISSED;
  }
}
