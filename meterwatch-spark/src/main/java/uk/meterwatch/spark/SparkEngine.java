package uk.meterwatch.spark;

import uk.meterwatch.engine.external.ExternalEngine;
import uk.meterwatch.engine.external.ExternalRun;

/**
 * {@code --engine spark}: found by the CLI at run time (META-INF/services), when the launcher put
 * this module and Spark's jars on the class path (docs/spark.md).
 */
public final class SparkEngine implements ExternalEngine {
  @Override
  public String name() {
    return "spark";
  }

  @Override
  public ExternalRun open(String master, String input) {
    // A session this JVM already runs (a test suite's, an application's) is used and left running.
    boolean running = org.apache.spark.sql.SparkSession.getDefaultSession().isDefined();
    return new SparkRun(SparkSessions.open(master == null ? "local[*]" : master), input, !running);
  }
}
