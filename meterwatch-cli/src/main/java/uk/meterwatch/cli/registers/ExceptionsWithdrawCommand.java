package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch exceptions withdraw ID [--on DATE] [--reason T]}. */
@Command(
    name = "withdraw",
    mixinStandardHelpOptions = true,
    description = {
      "Withdraws an exception: reports as of that day on no longer apply it.",
      "It stays in the register (reports as of an earlier day still apply it)."
    })
final class ExceptionsWithdrawCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "ID")
  String id;

  @Option(names = "--on", paramLabel = "YYYY-MM-DD", description = "Default: today (UK time).")
  LocalDate on;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why it is withdrawn.")
  String reason;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    ApprovedException e = r.exceptions().withdraw(id, on, reason, who());
    out.printf("withdrew exception %s on %s%n", e.id(), e.withdrawnOn());
    return 0;
  }
}
