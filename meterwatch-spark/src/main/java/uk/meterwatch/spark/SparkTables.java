package uk.meterwatch.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import uk.meterwatch.engine.load.Kind;

/**
 * The tables the measures read, in the store's form (docs/architecture.md, "The store"): instants
 * as epoch microseconds, each request with its outcome, its device's provider and certificate
 * owner, and every row with the {@code load_id} and {@code line} that order it (a load is a file,
 * in the order the loader reads a drop's files).
 *
 * <p>They come from a drop, checked and deduplicated as a load does ({@link SparkDrop}), or from
 * the store's export ({@link #fromExport}).
 */
public record SparkTables(
    Dataset<Row> requests,
    Dataset<Row> responses,
    Dataset<Row> alerts,
    Dataset<Row> devices,
    Dataset<Row> users,
    Dataset<Row> incidents,
    Dataset<Row> outages,
    Dataset<Row> smkiRequests,
    Dataset<Row> modificationAssessments) {

  /** Whether a folder holds an export ({@code meterwatch export}) rather than a drop. */
  public static boolean isExport(SparkSession spark, String folder) {
    return HadoopFiles.isDirectory(spark, folder + "/service_requests");
  }

  /** The tables of an export written by {@code meterwatch export} ({@code StoreExport}). */
  public static SparkTables fromExport(SparkSession spark, String folder) {
    return new SparkTables(
        parquet(spark, folder, "service_requests"),
        parquet(spark, folder, "service_responses"),
        parquet(spark, folder, "alerts"),
        parquet(spark, folder, "devices"),
        parquet(spark, folder, "users"),
        parquet(spark, folder, "incidents"),
        parquet(spark, folder, "outages"),
        parquetOrEmpty(spark, folder, Kind.SMKI_REQUESTS),
        parquetOrEmpty(spark, folder, Kind.MODIFICATION_ASSESSMENTS));
  }

  /** A table an export made before its kind existed lacks: no rows. */
  private static Dataset<Row> parquetOrEmpty(SparkSession spark, String folder, Kind kind) {
    return HadoopFiles.isDirectory(spark, folder + "/" + kind.table())
        ? parquet(spark, folder, kind.table())
        : SparkContract.empty(spark, kind);
  }

  private static Dataset<Row> parquet(SparkSession spark, String folder, String table) {
    return spark.read().parquet(folder + "/" + table);
  }
}
