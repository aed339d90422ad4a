package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch <register> export --format csv|json --out FILE}. */
abstract class ExportCommand extends StoreCommand {
  @Option(names = "--format", paramLabel = "csv|json", description = "Default: from the file name.")
  String format;

  @Option(names = "--out", required = true, paramLabel = "FILE")
  Path file;

  @Override
  final int run(Registers r, Store store, PrintWriter out) {
    ExchangeFormat f = ExchangeFormat.of(format, file);
    export(r, file, f);
    out.printf("wrote %s%n", file);
    return 0;
  }

  abstract void export(Registers r, Path file, ExchangeFormat format);
}
