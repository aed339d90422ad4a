package uk.meterwatch.engine.pmr;

import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Where the PMR's counts come from: an engine that runs the calculations' queries ({@link
 * CubeQuery}, in the SQL DuckDB and Spark SQL both accept) on its own relations of the store's
 * names and columns: the store ({@link StoreCubes}) or another engine (Spark). {@link
 * PerformanceMeasurement} does the rest in Java, the same for every source.
 */
public interface CubeSource {
  /** The rows of a query, as plain Java values ({@link Cube}). */
  Cube run(CubeQuery query);

  /**
   * Whether this engine keeps the response-time summary and it is current for the month, so a
   * calculation may read it ({@code Calculation.fromSummary}); only the store keeps one.
   */
  default boolean summaryCurrent(ReportingMonth month) {
    return false;
  }
}
