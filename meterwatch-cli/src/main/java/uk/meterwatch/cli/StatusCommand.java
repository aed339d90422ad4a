package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.StatusJson;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.store.StoreStatus;

/** {@code meterwatch status}: what the store holds. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what the store holds: loads, rows per kind, months covered.",
      "And how many rows are quarantined."
    })
public final class StatusCommand implements Callable<Integer> {
  @ParentCommand MeterwatchCommand top;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    StoreStatus status;
    Map<String, Long> toEarlier = new LinkedHashMap<>();
    try (Store store = StoreOptions.openExisting(top)) {
      status = StoreStatus.of(store);
      status
          .months()
          .forEach(
              (month, counts) -> {
                if (!json
                    && counts.get("service_requests") == 0
                    && counts.get("service_responses") > 0) {
                  toEarlier.put(
                      month,
                      StoreStatus.responsesToEarlierRequests(store, ReportingMonth.parse(month)));
                }
              });
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
      TextTable months =
          TextTable.of("MONTH", "REQUESTS", "RESPONSES", "ALERTS").rightAligned(1, 2, 3);
      status
          .months()
          .forEach(
              (month, counts) ->
                  months.row(
                      month,
                      counts.get("service_requests"),
                      counts.get("service_responses"),
                      counts.get("alerts")));
      months.print(out, "");
      toEarlier.forEach(
          (month, earlier) -> {
            long responses = status.months().get(month).get("service_responses");
            out.printf(
                "%n%s has %d responses but no requests. A row counts in the month of its own time%n"
                    + "(a request when received, a response when sent): %s%n",
                month,
                responses,
                earlier == responses
                    ? "all " + responses + " answer requests received before " + month + "."
                    : earlier
                        + " answer requests received before "
                        + month
                        + ", the other "
                        + (responses - earlier)
                        + " requests not in the store (or received later).");
          });
    }
    return 0;
  }
}
