package uk.meterwatch.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.external.ExternalEngines;
import uk.meterwatch.engine.external.ExternalRun;
import uk.meterwatch.engine.external.InputCheck;

/**
 * {@code --engine spark [--master URL] --drop PATH [--quarantine DIR]} of {@code pmr} and {@code
 * bpi}: the report computed by another engine from a drop or an export instead of the store
 * (docs/spark.md). The engine is found at run time ({@link ExternalEngines}): the {@code
 * meterwatch} command neither depends on Spark nor loads any of its classes unless {@code --engine
 * spark} is given.
 */
final class EngineOptions {
  @Option(
      names = "--engine",
      paramLabel = "ENGINE",
      defaultValue = "store",
      description = "store (default: the embedded store) or spark (with --drop).")
  String engine;

  @Option(
      names = "--master",
      paramLabel = "URL",
      description = "The Spark master (default local[*]: this machine's cores).")
  String master;

  @Option(
      names = "--drop",
      paramLabel = "PATH",
      description =
          "With --engine spark: the drop or the export (meterwatch export) to compute from; any"
              + " path Spark reads.")
  String drop;

  @Option(
      names = "--quarantine",
      paramLabel = "DIR",
      description =
          "With --engine spark and a drop: where the rows that break the contract are written"
              + " (default: DROP-quarantine).")
  String quarantine;

  boolean external() {
    if (engine.equalsIgnoreCase("store")) {
      if (drop != null || master != null || quarantine != null) {
        throw new MeterwatchException(
            ErrorCode.USAGE, "--drop, --master and --quarantine go with --engine spark");
      }
      return false;
    }
    if (!engine.equalsIgnoreCase("spark")) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "--engine must be store or spark, got " + engine);
    }
    if (drop == null) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "--engine spark needs --drop PATH (a drop or an export)");
    }
    return true;
  }

  /** Opens the run and reports its check of the input on {@code err}. */
  ExternalRun open(PrintWriter err) {
    ExternalRun run = ExternalEngines.find(engine).open(master, drop);
    try {
      InputCheck check = run.check().orElse(null);
      if (check != null) {
        err.println("meterwatch: " + drop + ": " + check.summary());
        if (check.quarantined() > 0) {
          String folder = quarantine == null ? drop + "-quarantine" : quarantine;
          run.writeQuarantine(folder)
              .ifPresent(f -> err.println("meterwatch: quarantined rows written to " + f));
        }
        err.flush();
      }
      return run;
    } catch (RuntimeException e) {
      run.close();
      throw e;
    }
  }
}
