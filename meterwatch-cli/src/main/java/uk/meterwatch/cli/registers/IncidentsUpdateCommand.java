package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch incidents update ID ...}: changes the fields given, keeps the others. */
@Command(
    name = "update",
    mixinStandardHelpOptions = true,
    description = "Changes the fields given of an incident; the others are kept.")
final class IncidentsUpdateCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Option(names = "--category")
  Integer category;

  @Option(names = "--title")
  String title;

  @Option(names = "--opened", converter = Text.InstantConverter.class)
  Instant opened;

  @Option(names = "--resolved", converter = Text.InstantConverter.class)
  Instant resolved;

  @Option(names = "--components", split = "[;,]", description = "Replaces the list.")
  List<String> components;

  @Option(names = "--services", split = "[;,]", description = "Replaces the list.")
  List<String> services;

  @Option(names = "--cause")
  String cause;

  @Option(names = "--root-cause")
  String rootCause;

  @Option(names = "--major", arity = "1", paramLabel = "true|false")
  Boolean major;

  @Option(names = "--dcc-responsible", arity = "1", paramLabel = "true|false")
  Boolean dccResponsible;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Incident o = r.incidents().get(id);
    Incident changed =
        new Incident(
            id,
            category != null ? category : o.category(),
            title != null ? title : o.title(),
            opened != null ? opened : o.openedAt(),
            resolved != null ? resolved : o.resolvedAt(),
            components != null ? components : o.components(),
            services != null ? services : o.services(),
            cause != null ? CauseClass.parse(cause) : o.causeClass(),
            rootCause != null ? rootCause : o.rootCause(),
            major != null ? major : o.major(),
            dccResponsible != null ? dccResponsible : o.dccResponsible());
    r.incidents().update(changed, who());
    out.printf("updated incident %s%n", id);
    IncidentsShowCommand.print(r.incidents().status(changed), out);
    return 0;
  }
}
