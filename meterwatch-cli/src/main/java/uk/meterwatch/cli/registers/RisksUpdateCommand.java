package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Risk;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch risks update ID}: title, owner, status (ratings go through rate). */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Changes a risk's title, owner or status; re-rate with rate.",
      "Status is OPEN or CLOSED."
    })
final class RisksUpdateCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "RISK_ID")
  String id;

  @Option(names = "--title")
  String title;

  @Option(names = "--owner")
  String owner;

  @Option(names = "--status", description = "OPEN or CLOSED.")
  String status;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Risk o = r.risks().get(id);
    r.risks()
        .update(
            new Risk(
                id,
                title != null ? title : o.title(),
                o.likelihood(),
                o.impact(),
                owner != null ? owner : o.owner(),
                status != null ? status : o.status()),
            who());
    out.printf("updated risk %s%n", id);
    return 0;
  }
}
