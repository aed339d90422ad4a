package uk.meterwatch.engine.bpi;

/**
 * How long the successful transactions took: success time minus the first request's received_at.
 * The counts are cumulative: within_target &lt;= within_1h &lt;= within_24h, and within_24h +
 * over_24h = successes.
 *
 * @param successes successful transactions (buckets 1 to 3)
 * @param medianS median in seconds, null when there is no success
 * @param p95S 95th percentile in seconds (linear interpolation), null when there is no success
 * @param withinTarget at most the Target Response Time of the first request's SRV
 * @param within1h at most 3,600 s
 * @param within24h at most 86,400 s
 * @param over24h more than 86,400 s
 */
public record TimeToSuccess(
    long successes,
    Double medianS,
    Double p95S,
    long withinTarget,
    long within1h,
    long within24h,
    long over24h) {}
