package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.StatusJson;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.store.StoreStatus;

/** {@code meterwatch status}: what the store holds. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Shows what the store holds: loads, rows per kind, months covered, quarantine.")
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand MeterwatchCommand top;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StoreStatus status;
    try (Store store = StoreOptions.openExisting(top)) {
      status = StoreStatus.of(store);
    }
    if (json) {
      out.println(
          Json.pretty(StatusJson.status(top.storePath().toAbsolutePath().toString(), status)));
      return 0;
    }
    out.println("Store:        " + top.storePath().toAbsolutePath());
    out.println("Schema:       version " + status.schemaVersion());
    out.println("Loads:        " + status.loads() + " files loaded");
    out.println("Quarantined:  " + status.quarantined() + " rows (see 'meterwatch quarantine')");
    out.println();
    out.printf("%-20s %14s%n", "KIND", "ROWS");
    status.rows().forEach((kind, n) -> out.printf("%-20s %14d%n", kind, n));
    out.println();
    if (status.months().isEmpty()) {
      out.println("Months covered: none (no service requests, responses or alerts loaded)");
    } else {
      out.printf("%-9s %14s %14s %14s%n", "MONTH", "REQUESTS", "RESPONSES", "ALERTS");
      status
          .months()
          .forEach(
              (month, counts) ->
                  out.printf(
                      "%-9s %14d %14d %14d%n",
                      month,
                      counts.get("service_requests"),
                      counts.get("service_responses"),
                      counts.get("alerts")));
    }
    return 0;
  }
}
