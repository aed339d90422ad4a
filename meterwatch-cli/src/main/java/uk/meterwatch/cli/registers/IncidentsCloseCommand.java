package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch incidents close ID --resolved TIME}. */
@Command(
    name = "close",
    mixinStandardHelpOptions = true,
    description = "Records an incident's resolution.")
final class IncidentsCloseCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Option(
      names = "--resolved",
      required = true,
      converter = Text.InstantConverter.class,
      description = "When service was restored, with an offset.")
  Instant resolved;

  @Option(names = "--root-cause")
  String rootCause;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Incident i = r.incidents().close(id, resolved, rootCause, who());
    out.printf("closed incident %s%n", id);
    IncidentsShowCommand.print(r.incidents().status(i), out);
    return 0;
  }
}
