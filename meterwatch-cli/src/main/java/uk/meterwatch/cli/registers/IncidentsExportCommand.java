package uk.meterwatch.cli.registers;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.Registers;

/** Exports the incidents register to CSV or JSON. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Writes the incidents register to CSV or JSON.")
final class IncidentsExportCommand extends ExportCommand {
  @Override
  void export(Registers r, Path file, ExchangeFormat format) {
    r.incidents().exportTo(file, format);
  }
}
