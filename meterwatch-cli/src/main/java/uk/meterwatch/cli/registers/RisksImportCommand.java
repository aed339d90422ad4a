package uk.meterwatch.cli.registers;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.ImportReport;
import uk.meterwatch.engine.registers.Registers;

/** Imports risks from CSV or JSON: checked, all or nothing, audited. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Reads risks from CSV or JSON; a known key updates its record.",
      "One bad row and nothing is imported."
    })
final class RisksImportCommand extends ImportCommand {
  @Override
  ImportReport importFrom(Registers r, Path file, ExchangeFormat format, String who) {
    return r.risks().importFrom(file, format, who);
  }
}
