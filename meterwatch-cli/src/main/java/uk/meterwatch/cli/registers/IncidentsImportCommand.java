package uk.meterwatch.cli.registers;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.ImportReport;
import uk.meterwatch.engine.registers.Registers;

/** Imports incidents from CSV or JSON: checked, all or nothing, audited. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Reads incidents from CSV or JSON; a known key updates its record.",
      "One bad row and nothing is imported."
    })
final class IncidentsImportCommand extends ImportCommand {
  @Override
  ImportReport importFrom(Registers r, Path file, ExchangeFormat format, String who) {
    return r.incidents().importFrom(file, format, who);
  }
}
