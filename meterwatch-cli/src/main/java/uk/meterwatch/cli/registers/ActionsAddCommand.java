package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch actions add REF ...}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Adds an action to the log.")
final class ActionsAddCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "REF", description = "meeting/number, e.g. 105/01.")
  String ref;

  @Option(names = "--text", required = true)
  String text;

  @Option(names = "--owner", required = true)
  String owner;

  @Option(names = "--raised", required = true, paramLabel = "YYYY-MM-DD")
  LocalDate raised;

  @Option(names = "--target", paramLabel = "YYYY-MM-DD")
  LocalDate target;

  @Option(names = "--revised-target", paramLabel = "YYYY-MM-DD")
  LocalDate revisedTarget;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    r.actions()
        .add(new Action(ref, text, owner, raised, target, revisedTarget, Action.OPEN, null), who());
    out.printf("added action %s%n", ref);
    return 0;
  }
}
