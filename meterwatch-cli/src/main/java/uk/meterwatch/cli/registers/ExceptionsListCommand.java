package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.meterwatch.cli.TextTable;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch exceptions list [--in-force] [--json]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists the approved exceptions, withdrawn ones too (--in-force: not those).")
final class ExceptionsListCommand extends StoreCommand {
  @Option(names = "--in-force", description = "Only exceptions not withdrawn.")
  boolean inForce;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    List<ApprovedException> rows = new ArrayList<>();
    for (ApprovedException e : r.exceptions().list()) {
      if (!inForce || !e.withdrawn()) {
        rows.add(e);
      }
    }
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      rows.forEach(e -> list.add(RegisterJson.exception(e)));
      out.println(Json.register(list));
      return 0;
    }
    TextTable table =
        TextTable.of("ID", "MEASURES", "SCOPE", "COVERS", "APPROVED", "BY", "STATUS", "REASON");
    for (ApprovedException e : rows) {
      table.row(
          e.id(),
          String.join(", ", e.measures()),
          e.scope(),
          ExceptionsShowCommand.covers(e),
          e.approvedOn(),
          e.approvedBy(),
          e.withdrawn() ? "withdrawn " + e.withdrawnOn() : "in force",
          e.reason());
    }
    table.print(out, "");
    out.printf("%d exception%s%n", rows.size(), rows.size() == 1 ? "" : "s");
    return 0;
  }
}
