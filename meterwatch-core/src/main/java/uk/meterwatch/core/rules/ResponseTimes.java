package uk.meterwatch.core.rules;

/**
 * Target Response Times, in seconds.
 *
 * @param onDemand a non-critical on-demand request
 * @param onDemandCritical a critical on-demand request
 * @param futureDated after the scheduled execution time
 * @param alert from raised to delivered
 */
public record ResponseTimes(int onDemand, int onDemandCritical, int futureDated, int alert) {}
