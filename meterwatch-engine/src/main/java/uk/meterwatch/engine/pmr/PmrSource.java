package uk.meterwatch.engine.pmr;

import java.util.List;
import uk.meterwatch.core.rules.Calculation;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Where the PMR's counts come from: the store ({@code DeviceQueries}) or another engine (Spark).
 * {@link PerformanceMeasurement} does the rest in Java, the same for every source: the measures as
 * sums over the cubes, service levels, previous months, runs below minimum, incidents and
 * availability.
 */
public interface PmrSource {
  /**
   * The cube of a device calculation for a month: its population (docs/measures.md) counted by SRV,
   * provider and outcome, as {@code DeviceQueries.evaluated} defines it.
   */
  List<CubeRow> cube(Calculation calculation, RuleSet rules, ReportingMonth month);

  /** The incidents (each as loaded last) and the outage rows. */
  OperationalRecords records();
}
