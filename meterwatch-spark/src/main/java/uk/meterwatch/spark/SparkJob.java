package uk.meterwatch.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.MonthOnMonth;
import uk.meterwatch.engine.external.InputCheck;
import uk.meterwatch.engine.json.PmrJson;
import uk.meterwatch.engine.rules.RuleFiles;

/**
 * The job jar's main class, for {@code spark-submit} (docs/spark.md):
 *
 * <pre>
 * spark-submit --class uk.meterwatch.spark.SparkJob meterwatch-spark-job.jar \
 *     pmr|bpi --month YYYY-MM --drop PATH [--out PATH] [--process P] [--rules DIR]
 *     [--quarantine PATH]
 * </pre>
 *
 * Writes exactly the JSON of {@code meterwatch pmr|bpi --format json} to {@code --out} (any path
 * Spark writes: local, HDFS, S3) or to standard output; the input's check goes to standard error.
 * The session is the one spark-submit configured ({@code --master}).
 */
public final class SparkJob {
  private SparkJob() {}

  public static void main(String[] args) {
    try {
      System.exit(run(args, SparkSessions.open(null), System.out, System.err));
    } catch (MeterwatchException e) {
      System.err.println("meterwatch: " + e.getMessage() + " [" + e.code() + "]");
      System.exit(2);
    }
  }

  /** Runs the job on a session (tests give theirs) and returns the exit code. */
  static int run(String[] args, SparkSession spark, PrintStream out, PrintStream err) {
    if (args.length == 0 || !(args[0].equals("pmr") || args[0].equals("bpi"))) {
      throw usage("the first argument is pmr or bpi");
    }
    String report = args[0];
    String month = null;
    String drop = null;
    String outPath = null;
    String rules = null;
    String quarantine = null;
    List<String> processes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw usage(name + " needs a value");
      }
      String value = args[++i];
      switch (name) {
        case "--month" -> month = value;
        case "--drop" -> drop = value;
        case "--out" -> outPath = value;
        case "--rules" -> rules = value;
        case "--quarantine" -> quarantine = value;
        case "--process" -> processes.add(value);
        default -> throw usage("unknown option " + name);
      }
    }
    if (month == null || drop == null) {
      throw usage("give --month YYYY-MM and --drop PATH");
    }
    ReportingMonth m = ReportingMonth.parse(month);
    RuleBook book = RuleFiles.load(null, rules == null ? null : Path.of(rules));
    String json;
    try (SparkRun run = new SparkRun(spark, drop, false)) {
      InputCheck check = run.check().orElse(null);
      if (check != null) {
        err.println("meterwatch: " + drop + ": " + check.summary());
        if (check.quarantined() > 0) {
          String folder = quarantine == null ? drop + "-quarantine" : quarantine;
          run.writeQuarantine(folder)
              .ifPresent(f -> err.println("meterwatch: quarantined rows written to " + f));
        }
      }
      if (report.equals("pmr")) {
        json = PmrJson.write(run.pmr(book, m, Clock.systemUTC()));
      } else {
        BpiReport bpi = run.bpi(book.inForce(m), m, processes);
        // Month on month as the store's bpi gives it: last month on the same engine.
        json = BpiJson.text(bpi, book.inForce(m), MonthOnMonth.of(book, bpi, run::bpi));
      }
    }
    if (outPath == null) {
      out.println(json);
    } else {
      write(spark, outPath, json + System.lineSeparator());
      err.println("meterwatch: " + report + " of " + m + " written to " + outPath);
    }
    return 0;
  }

  private static void write(SparkSession spark, String path, String text) {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try {
      FileSystem fs = p.getFileSystem(HadoopFiles.conf(spark));
      try (OutputStream o = fs.create(p, true)) {
        o.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, "cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private static MeterwatchException usage(String message) {
    return new MeterwatchException(
        ErrorCode.USAGE,
        message
            + " (usage: pmr|bpi --month YYYY-MM --drop PATH [--out PATH] [--process P]"
            + " [--rules DIR] [--quarantine PATH])");
  }
}
