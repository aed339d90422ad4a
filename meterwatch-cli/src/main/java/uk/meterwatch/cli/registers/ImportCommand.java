package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.ImportReport;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/**
 * {@code meterwatch <register> import FILE}: every row checked first; one bad row and nothing is
 * imported.
 */
abstract class ImportCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "FILE")
  Path file;

  @Option(names = "--format", paramLabel = "csv|json", description = "Default: from the file name.")
  String format;

  @Override
  final int run(Registers r, Store store, PrintWriter out) {
    out.println(importFrom(r, file, ExchangeFormat.of(format, file), who()));
    return 0;
  }

  abstract ImportReport importFrom(Registers r, Path file, ExchangeFormat format, String who);
}
