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
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.RiskAssessment;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch risks list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists risks, most severe first, with severity and band.",
      "And whether each is escalated to the SEC Panel."
    })
final class RisksListCommand extends StoreCommand {
  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    return print(r.risks().list(), json, out);
  }

  static int print(List<RiskAssessment> rows, boolean json, PrintWriter out) throws Exception {
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (RiskAssessment a : rows) {
        list.add(RegisterJson.risk(a));
      }
      out.println(Json.register(list));
      return 0;
    }
    TextTable table =
        TextTable.of("RISK", "L", "I", "SEV", "BAND", "ESCALATED", "STATUS", "OWNER", "TITLE")
            .rightAligned(1, 2, 3);
    for (RiskAssessment a : rows) {
      table.row(
          a.risk().id(),
          a.risk().likelihood(),
          a.risk().impact(),
          a.severity(),
          a.band(),
          a.escalated() ? "yes" : "no",
          a.risk().status(),
          Text.or(a.risk().owner()),
          a.risk().title());
    }
    table.print(out, "");
    out.printf("%d risk%s%n", rows.size(), rows.size() == 1 ? "" : "s");
    return 0;
  }
}
