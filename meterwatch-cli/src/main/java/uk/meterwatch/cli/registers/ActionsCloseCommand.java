package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch actions close REF [--on DATE]}. */
@Command(name = "close", mixinStandardHelpOptions = true, description = "Closes an open action.")
final class ActionsCloseCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "REF")
  String ref;

  @Option(names = "--on", paramLabel = "YYYY-MM-DD", description = "Closing date (default today).")
  LocalDate on;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    LocalDate day = on != null ? on : LocalDate.now(ReportingMonth.UK);
    r.actions().close(ref, day, who());
    out.printf("closed action %s on %s%n", ref, day);
    return 0;
  }
}
