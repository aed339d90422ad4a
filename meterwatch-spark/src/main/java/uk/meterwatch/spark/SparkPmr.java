package uk.meterwatch.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import uk.meterwatch.core.rules.Calculation;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.pmr.CubeRow;
import uk.meterwatch.engine.pmr.DeviceQueries;
import uk.meterwatch.engine.pmr.OperationalRecords;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.pmr.PmrSource;

/**
 * The Performance Measurement Report on Spark (definitions: docs/measures.md). Each device
 * calculation's cube is the store engine's own statement ({@code DeviceQueries.cubeSql}: the
 * population, its outcome and the grouping, written once) run by Spark SQL on the tables of the
 * same names and columns; incidents and outages are small and read into Java. {@link
 * PerformanceMeasurement} then computes the report from them, the same code as on the store.
 */
public final class SparkPmr implements PmrSource {
  private final SparkSession spark;
  private final SparkTables tables;
  private final SrvCatalogue catalogue;

  public SparkPmr(SparkSession spark, SparkTables tables, SrvCatalogue catalogue) {
    this.spark = spark;
    this.tables = tables;
    this.catalogue = catalogue;
    tables.requests().createOrReplaceTempView("service_requests");
    tables.alerts().createOrReplaceTempView("alerts");
  }

  public PerformanceReport report(RuleBook rules, ReportingMonth month, Clock clock) {
    return new PerformanceMeasurement(this, rules, clock).report(month);
  }

  @Override
  public List<CubeRow> cube(Calculation calculation, RuleSet rules, ReportingMonth month) {
    DeviceQueries.Sql sql = DeviceQueries.cubeSql(calculation, rules, month, catalogue);
    List<CubeRow> out = new ArrayList<>();
    for (Row r :
        spark
            .sql(SparkDialect.translate(SparkDialect.bind(sql.text(), sql.params())))
            .collectAsList()) {
      out.add(
          new CubeRow(
              r.isNullAt(0) ? null : r.getString(0),
              r.isNullAt(1) ? null : r.getString(1),
              r.getBoolean(2),
              r.getBoolean(3),
              r.getLong(4)));
    }
    return out;
  }

  @Override
  public OperationalRecords records() {
    List<OperationalRecords.Incident> incidents = new ArrayList<>();
    for (Row r :
        tables
            .incidents()
            .withColumn(
                "mw_last",
                row_number()
                    .over(
                        Window.partitionBy("incident_id")
                            .orderBy(col("load_id").desc(), col("line").desc())))
            .where(col("mw_last").equalTo(1))
            .orderBy("opened_us", "incident_id")
            .select(
                "incident_id",
                "category",
                "title",
                "opened_us",
                "resolved_us",
                "services",
                "dcc_responsible")
            .collectAsList()) {
      List<String> services = new ArrayList<>();
      if (!r.isNullAt(5)) {
        for (Object o : r.getList(5)) {
          if (o != null) {
            services.add(o.toString());
          }
        }
      }
      incidents.add(
          new OperationalRecords.Incident(
              r.getString(0),
              r.getInt(1),
              r.getString(2),
              r.getLong(3),
              r.isNullAt(4) ? null : r.getLong(4),
              services,
              r.getBoolean(6)));
    }
    List<OperationalRecords.Outage> outages = new ArrayList<>();
    for (Row r :
        tables
            .outages()
            .orderBy("start_us")
            .select("service", "start_us", "end_us", "planned", "incident_id")
            .collectAsList()) {
      outages.add(
          new OperationalRecords.Outage(
              r.getString(0),
              r.getLong(1),
              r.getLong(2),
              r.getBoolean(3),
              r.isNullAt(4) ? null : r.getString(4)));
    }
    return OperationalRecords.of(incidents, outages);
  }
}
