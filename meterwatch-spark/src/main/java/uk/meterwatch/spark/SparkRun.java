package uk.meterwatch.spark;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.external.ExternalRun;
import uk.meterwatch.engine.external.InputCheck;
import uk.meterwatch.engine.pmr.PerformanceReport;

/** One input (an export, or a drop checked as a load checks it) on a Spark session. */
public final class SparkRun implements ExternalRun {
  private final SparkSession spark;
  private final boolean stopOnClose;
  private final SparkTables tables;
  private final SparkDrop drop;

  public SparkRun(SparkSession spark, String input, boolean stopOnClose) {
    this.spark = spark;
    this.stopOnClose = stopOnClose;
    if (SparkTables.isExport(spark, input)) {
      this.drop = null;
      this.tables = SparkTables.fromExport(spark, input);
    } else {
      this.drop = SparkDrop.read(spark, input, SrvCatalogue.standard());
      this.tables = drop.tables();
    }
  }

  public SparkTables tables() {
    return tables;
  }

  @Override
  public Optional<InputCheck> check() {
    return drop == null ? Optional.empty() : Optional.of(drop.check());
  }

  @Override
  public Optional<String> writeQuarantine(String folder) {
    return drop == null ? Optional.empty() : drop.writeQuarantine(folder);
  }

  @Override
  public BpiReport bpi(RuleSet rules, ReportingMonth month, List<String> processes) {
    SparkBpi bpi = new SparkBpi(spark, tables, rules, SrvCatalogue.standard());
    return processes.isEmpty() ? bpi.compute(month) : bpi.compute(month, processes);
  }

  @Override
  public PerformanceReport pmr(RuleBook rules, ReportingMonth month, Clock clock) {
    return new SparkPmr(spark, tables, SrvCatalogue.standard()).report(rules, month, clock);
  }

  @Override
  public void close() {
    if (stopOnClose) {
      spark.stop();
    }
  }

  static MeterwatchException usage(String message) {
    return new MeterwatchException(ErrorCode.USAGE, message);
  }
}
