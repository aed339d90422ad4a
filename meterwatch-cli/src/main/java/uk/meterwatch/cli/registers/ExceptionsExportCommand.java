package uk.meterwatch.cli.registers;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.Registers;

/** Exports the exceptions register to CSV or JSON. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Writes the exceptions register to CSV or JSON.")
final class ExceptionsExportCommand extends ExportCommand {
  @Override
  void export(Registers r, Path file, ExchangeFormat format) {
    r.exceptions().exportTo(file, format);
  }
}
