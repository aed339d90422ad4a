package uk.meterwatch.engine.external;

/**
 * An engine other than the embedded store that computes the same reports from a drop or an export
 * ({@code meterwatch pmr|bpi --engine NAME}). Found at run time by {@link ExternalEngines} (a
 * {@link java.util.ServiceLoader} service), so that the {@code meterwatch} command depends on none
 * and loads none of their classes unless asked: Apache Spark's jars are on the class path only when
 * {@code --engine spark} is given (docs/spark.md).
 */
public interface ExternalEngine {
  /** The name given to {@code --engine}. */
  String name();

  /**
   * Opens a run over {@code input} (a drop or an export; any path the engine reads) on {@code
   * master} (the engine's cluster; null for its default).
   */
  ExternalRun open(String master, String input);
}
