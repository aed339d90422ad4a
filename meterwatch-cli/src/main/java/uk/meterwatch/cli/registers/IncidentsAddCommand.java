package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch incidents add ID ...}. */
@Command(name = "add", mixinStandardHelpOptions = true, description = "Adds an incident.")
final class IncidentsAddCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Option(names = "--category", required = true, description = "1 (most severe) to 5.")
  int category;

  @Option(names = "--title", required = true)
  String title;

  @Option(
      names = "--opened",
      required = true,
      converter = Text.InstantConverter.class,
      description = "When it opened, with an offset: 2023-08-20T06:10+01:00.")
  Instant opened;

  @Option(names = "--resolved", converter = Text.InstantConverter.class)
  Instant resolved;

  @Option(names = "--components", split = "[;,]", description = "e.g. DSP_ROUTER;DSP")
  List<String> components = new ArrayList<>();

  @Option(names = "--services", split = "[;,]", description = "e.g. DUIS;SSI")
  List<String> services = new ArrayList<>();

  @Option(
      names = "--cause",
      description = "ARCHITECTURE, OPERATIONAL, HUMAN_ERROR, THIRD_PARTY or UNKNOWN (default).")
  String cause;

  @Option(names = "--root-cause")
  String rootCause;

  @Option(names = "--major", description = "A Major Incident.")
  boolean major;

  @Option(names = "--not-dcc-responsible", description = "Not counted in CPM4/CPM5.")
  boolean notDcc;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Incident i =
        new Incident(
            id,
            category,
            title,
            opened,
            resolved,
            components,
            services,
            cause == null ? CauseClass.UNKNOWN : CauseClass.parse(cause),
            rootCause,
            major,
            !notDcc);
    r.incidents().add(i, who());
    out.printf("added incident %s%n", id);
    IncidentsShowCommand.print(r.incidents().status(i), out);
    return 0;
  }
}
