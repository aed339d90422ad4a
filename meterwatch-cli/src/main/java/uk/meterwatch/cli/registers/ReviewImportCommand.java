package uk.meterwatch.cli.registers;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.ImportReport;
import uk.meterwatch.engine.registers.Registers;

/** Imports reviews from CSV or JSON: checked, all or nothing, audited. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Reads review versions from CSV or JSON; versions never change.",
      "A version held already must be equal. One bad row and nothing is imported."
    })
final class ReviewImportCommand extends ImportCommand {
  @Override
  ImportReport importFrom(Registers r, Path file, ExchangeFormat format, String who) {
    return r.reviews().importFrom(file, format, who);
  }
}
