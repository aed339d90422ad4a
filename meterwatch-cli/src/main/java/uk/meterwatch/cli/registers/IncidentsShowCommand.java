package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.IncidentStatus;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch incidents show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one incident.")
final class IncidentsShowCommand extends StoreCommand {
  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    IncidentStatus s = r.incidents().status(r.incidents().get(id));
    if (json) {
      out.println(Json.register(RegisterJson.incident(s)));
      return 0;
    }
    print(s, out);
    return 0;
  }

  static void print(IncidentStatus s, PrintWriter out) {
    Incident i = s.incident();
    out.printf("Incident        %s%n", i.id());
    out.printf("Title           %s%n", i.title());
    out.printf(
        "Category        %d (Target Resolution Time %s)%n",
        i.category(), Text.duration(s.targetResolution()));
    out.printf("Opened          %s%n", Text.uk(i.openedAt()));
    out.printf("Resolved        %s%n", i.open() ? "open" : Text.uk(i.resolvedAt()));
    out.printf("Deadline        %s%n", Text.uk(s.deadline()));
    out.printf("Duration        %s%n", Text.duration(s.duration()));
    out.printf("Target met      %s%n", s.outcome());
    out.printf("Components      %s%n", Text.list(i.components()));
    out.printf("Services        %s%n", Text.list(i.services()));
    out.printf("Cause class     %s%n", i.causeClass());
    out.printf("Root cause      %s%n", Text.or(i.rootCause()));
    out.printf("Major           %s%n", i.major() ? "yes" : "no");
    out.printf("DCC responsible %s%n", i.dccResponsible() ? "yes" : "no (not in CPM4/CPM5)");
  }
}
