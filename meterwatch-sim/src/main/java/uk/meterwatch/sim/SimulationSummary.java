package uk.meterwatch.sim;

import java.nio.file.Path;
import java.time.YearMonth;
import java.util.Map;

/**
 * What a simulation wrote: the drop, each file with its rows, and the total events (rows of
 * requests, responses and alerts).
 *
 * @param files file name to rows written, in writing order
 */
public record SimulationSummary(
    String scenario,
    long seed,
    int devices,
    YearMonth from,
    YearMonth to,
    Path drop,
    Map<String, Long> files,
    long events,
    long elapsedMillis) {

  public double eventsPerSecond() {
    return elapsedMillis == 0 ? events : events * 1000.0 / elapsedMillis;
  }
}
