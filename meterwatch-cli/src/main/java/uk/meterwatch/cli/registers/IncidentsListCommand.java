package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.meterwatch.cli.TextTable;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.IncidentStatus;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch incidents list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists incidents, oldest first, with their outcome.",
      "Each with its Target Resolution Time, duration and whether it was met."
    })
final class IncidentsListCommand extends StoreCommand {
  @Option(names = "--open", description = "Only incidents still open.")
  boolean open;

  @Option(names = "--major", description = "Only Major Incidents.")
  boolean major;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    List<IncidentStatus> rows = new ArrayList<>();
    for (Incident i : r.incidents().list()) {
      if ((open && !i.open()) || (major && !i.major())) {
        continue;
      }
      rows.add(r.incidents().status(i));
    }
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (IncidentStatus s : rows) {
        list.add(RegisterJson.incident(s));
      }
      out.println(Json.register(list));
      return 0;
    }
    TextTable table =
        TextTable.of(
            "INCIDENT",
            "CAT",
            "OPENED (UK)",
            "RESOLVED (UK)",
            "TARGET",
            "DURATION",
            "MET",
            "CAUSE",
            "MAJOR",
            "TITLE");
    for (IncidentStatus s : rows) {
      Incident i = s.incident();
      table.row(
          i.id(),
          i.category(),
          Text.uk(i.openedAt()),
          Text.uk(i.resolvedAt()),
          Text.duration(s.targetResolution()),
          Text.duration(s.duration()),
          s.outcome(),
          i.causeClass(),
          i.major() ? "yes" : "no",
          i.title());
    }
    table.print(out, "");
    out.printf("%d incident%s%n", rows.size(), rows.size() == 1 ? "" : "s");
    return 0;
  }
}
