package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.store.StoreExport;

/** {@code meterwatch export}: the store's data as Parquet, partitioned by month for Spark. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the store's month as Parquet for Apache Spark.",
      "The store's traffic (by month), inventory and registers, as Parquet for Apache Spark"
          + " (meterwatch pmr|bpi --engine spark --drop DIR, or the job jar).",
      "Definitions: docs/spark.md."
    })
public final class ExportCommand implements Callable<Integer> {
  @ParentCommand MeterwatchCommand top;
  @Spec CommandSpec spec;

  @Option(
      names = "--month",
      paramLabel = "YYYY-MM",
      description = "The month whose traffic to write (UK time); the first of a range with --to.")
  String month;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM",
      description = "The last month of a range starting at --month (both included).")
  String to;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder.")
  Path out;

  @Override
  public Integer call() {
    if (month == null) {
      throw new MeterwatchException(ErrorCode.USAGE, "give --month YYYY-MM (and --to for a range)");
    }
    ReportingMonth first = ReportingMonth.parse(month);
    ReportingMonth last = to == null ? first : ReportingMonth.parse(to);
    PrintWriter out = spec.commandLine().getOut();
    StoreExport.Result result;
    try (Store store = StoreOptions.openExisting(top)) {
      result = StoreExport.export(store, first, last, this.out);
    }
    out.println(
        "Exported "
            + (first.equals(last) ? first : first + " to " + last)
            + " to "
            + this.out.toAbsolutePath()
            + ":");
    result.lines().forEach(l -> out.println("  " + l));
    return 0;
  }
}
