package uk.meterwatch.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one local Spark session of the module's tests: Spark's start-up (seconds) is paid once per
 * test JVM (surefire runs every test class of the module in one), not per test or class. Stopped
 * when the JVM exits.
 */
final class SharedSpark {
  private static SparkSession session;

  private SharedSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.open("local[2]");
      session.sparkContext().setLogLevel("WARN");
      SparkSession started = session;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop));
    }
    return session;
  }
}
