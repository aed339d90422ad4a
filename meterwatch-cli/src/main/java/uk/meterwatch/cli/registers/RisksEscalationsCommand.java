package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch risks escalations}: open risks for the SEC Panel. */
@Command(
    name = "escalations",
    mixinStandardHelpOptions = true,
    description = "Lists the open risks at or above the SEC Panel's threshold.")
final class RisksEscalationsCommand extends StoreCommand {
  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    if (!json) {
      out.printf(
          "Escalated to the SEC Panel: open risks of severity %d or more%n",
          r.risks().settings().escalationThreshold());
    }
    return RisksListCommand.print(r.risks().escalations(), json, out);
  }
}
