package uk.meterwatch.cli.registers;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.ImportReport;
import uk.meterwatch.engine.registers.Registers;

/** Imports approved exceptions from CSV or JSON: checked, all or nothing, audited. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Reads approved exceptions from CSV or JSON; a known key updates its record.",
      "One bad row and nothing is imported."
    })
final class ExceptionsImportCommand extends ImportCommand {
  @Override
  ImportReport importFrom(Registers r, Path file, ExchangeFormat format, String who) {
    return r.exceptions().importFrom(file, format, who);
  }
}
