package uk.meterwatch.sim;

import java.time.YearMonth;

/**
 * What to simulate beyond the scenario: the seed, the number of devices and the months (each null
 * to take the scenario's), and the output format.
 */
public record SimulationOptions(
    Long seed, Integer devices, YearMonth from, YearMonth to, OutputFormat format) {

  public static SimulationOptions defaults() {
    return new SimulationOptions(null, null, null, null, OutputFormat.CSV);
  }

  public SimulationOptions withFormat(OutputFormat f) {
    return new SimulationOptions(seed, devices, from, to, f);
  }
}
