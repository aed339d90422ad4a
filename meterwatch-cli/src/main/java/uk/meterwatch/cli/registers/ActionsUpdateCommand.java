package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch actions update REF ...}: changes the fields given. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = {
      "Changes the fields given of an action; the others are kept.",
      "For example --revised-target DATE."
    })
final class ActionsUpdateCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "REF")
  String ref;

  @Option(names = "--text")
  String text;

  @Option(names = "--owner")
  String owner;

  @Option(names = "--raised", paramLabel = "YYYY-MM-DD")
  LocalDate raised;

  @Option(names = "--target", paramLabel = "YYYY-MM-DD")
  LocalDate target;

  @Option(names = "--revised-target", paramLabel = "YYYY-MM-DD")
  LocalDate revisedTarget;

  @Option(names = "--status", description = "OPEN or CLOSED (closing: prefer close).")
  String status;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Action o = r.actions().get(ref);
    r.actions()
        .update(
            new Action(
                ref,
                text != null ? text : o.text(),
                owner != null ? owner : o.owner(),
                raised != null ? raised : o.raisedOn(),
                target != null ? target : o.targetOn(),
                revisedTarget != null ? revisedTarget : o.revisedTargetOn(),
                status != null ? status : o.status(),
                o.closedOn()),
            who());
    out.printf("updated action %s%n", ref);
    return 0;
  }
}
