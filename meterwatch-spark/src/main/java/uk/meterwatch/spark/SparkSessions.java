package uk.meterwatch.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The Spark session Meterwatch computes in. {@code meterwatch pmr|bpi --engine spark} starts one on
 * the master given ({@code local[*]} by default); under {@code spark-submit} the session is the one
 * spark-submit configured (its {@code --master}). Either way the SQL settings the measures rely on
 * are set here, on the session, so a cluster's defaults cannot change a result.
 */
public final class SparkSessions {
  private SparkSessions() {}

  /**
   * A session on {@code master} (e.g. {@code local[*]}, {@code spark://host:7077}), or, when null,
   * the session spark-submit configured.
   */
  public static SparkSession open(String master) {
    SparkSession.Builder builder = SparkSession.builder().appName("meterwatch");
    if (master != null) {
      builder =
          builder
              .master(master)
              // A local run is one command: no web UI to serve, and few shuffle partitions (the
              // default 200 costs seconds of task start-up on small drops).
              .config("spark.ui.enabled", "false")
              .config("spark.sql.shuffle.partitions", String.valueOf(localPartitions(master)));
    }
    SparkSession session = builder.getOrCreate();
    configure(session);
    return session;
  }

  /** The SQL settings every Meterwatch computation runs with. */
  static void configure(SparkSession session) {
    // Instants are epoch microseconds (BIGINT); nothing is read in a local time zone but UK
    // months, which are computed in Java (ReportingMonth).
    session.conf().set("spark.sql.session.timeZone", "UTC");
    // Adaptive execution may coalesce partitions; results do not depend on it, but the order of
    // rows inside a partition does, and it is set explicitly where it matters.
    session.conf().set("spark.sql.adaptive.enabled", "true");
  }

  private static int localPartitions(String master) {
    int cores = Runtime.getRuntime().availableProcessors();
    if (master.startsWith("local[")) {
      String n = master.substring("local[".length(), master.length() - 1);
      if (!n.equals("*")) {
        try {
          cores = Integer.parseInt(n.split(",")[0].trim());
        } catch (NumberFormatException e) {
          // local[N,F] with something odd: keep the machine's cores
        }
      }
    }
    return Math.max(2, 2 * cores);
  }
}
