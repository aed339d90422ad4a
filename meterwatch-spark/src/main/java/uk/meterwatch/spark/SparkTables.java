package uk.meterwatch.spark;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.Kind;
import uk.meterwatch.engine.store.StoreExport;

/**
 * The tables the measures read, in the store's form (docs/architecture.md, "The store"): instants
 * as epoch microseconds, each request with its outcome, its device's provider and certificate
 * owner, and every row with the {@code load_id} and {@code line} that order it (a load is a file,
 * in the order the loader reads a drop's files).
 *
 * <p>They come from a drop, checked and deduplicated as a load does ({@link SparkDrop}), or from
 * the store's export ({@link #fromExport}).
 *
 * <p>{@code exceptions}: the approved exceptions of the store's register, which an export carries
 * as the registers' other tables (a drop carries none: they are not contract input).
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
    Dataset<Row> modificationAssessments,
    List<ApprovedException> exceptions) {

  public SparkTables {
    exceptions = List.copyOf(exceptions);
  }

  /** Tables without approved exceptions (a drop). */
  public SparkTables(
      Dataset<Row> requests,
      Dataset<Row> responses,
      Dataset<Row> alerts,
      Dataset<Row> devices,
      Dataset<Row> users,
      Dataset<Row> incidents,
      Dataset<Row> outages,
      Dataset<Row> smkiRequests,
      Dataset<Row> modificationAssessments) {
    this(
        requests,
        responses,
        alerts,
        devices,
        users,
        incidents,
        outages,
        smkiRequests,
        modificationAssessments,
        List.of());
  }

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
        parquetOrEmpty(spark, folder, Kind.MODIFICATION_ASSESSMENTS),
        exceptions(spark, folder));
  }

  /** A table an export made before its kind existed lacks: no rows. */
  private static Dataset<Row> parquetOrEmpty(SparkSession spark, String folder, Kind kind) {
    return HadoopFiles.isDirectory(spark, folder + "/" + kind.table())
        ? parquet(spark, folder, kind.table())
        : SparkContract.empty(spark, kind);
  }

  /**
   * The approved exceptions of an export, as the store's register holds them (an export made before
   * the register existed has none).
   */
  static List<ApprovedException> exceptions(SparkSession spark, String folder) {
    String path = folder + "/" + StoreExport.EXCEPTIONS;
    List<ApprovedException> out = new ArrayList<>();
    if (!HadoopFiles.isDirectory(spark, path)) {
      return out;
    }
    for (Row r : spark.read().parquet(path).collectAsList()) {
      out.add(
          new ApprovedException(
              r.getAs("exception_id"),
              texts(r, "measures"),
              r.getAs("scope"),
              texts(r, "items"),
              instant(r, "period_from_us"),
              instant(r, "period_to_us"),
              r.getAs("reason"),
              r.getAs("approved_by"),
              date(r, "approved_on"),
              date(r, "withdrawn_on"),
              r.getAs("withdrawn_reason")));
    }
    return out;
  }

  private static List<String> texts(Row r, String column) {
    int i = r.fieldIndex(column);
    List<String> out = new ArrayList<>();
    if (!r.isNullAt(i)) {
      for (Object o : r.getList(i)) {
        out.add(String.valueOf(o));
      }
    }
    return out;
  }

  private static java.time.Instant instant(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? null : ReportingMonth.fromMicros(r.getLong(i));
  }

  private static LocalDate date(Row r, String column) {
    int i = r.fieldIndex(column);
    if (r.isNullAt(i)) {
      return null;
    }
    Object v = r.get(i);
    return v instanceof LocalDate d ? d : ((java.sql.Date) v).toLocalDate();
  }

  private static Dataset<Row> parquet(SparkSession spark, String folder, String table) {
    return spark.read().parquet(folder + "/" + table);
  }
}
