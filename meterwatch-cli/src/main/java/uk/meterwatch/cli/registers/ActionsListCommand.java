package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.meterwatch.cli.TextTable;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch actions list [--overdue] [--today DATE]}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the action log, with which actions are overdue.",
      "Overdue: open past its revised target date, else its target date."
    })
final class ActionsListCommand extends StoreCommand {
  @Option(names = "--overdue", description = "Only overdue actions.")
  boolean overdue;

  @Option(names = "--open", description = "Only open actions.")
  boolean open;

  @Option(
      names = "--today",
      paramLabel = "YYYY-MM-DD",
      description = "The day to judge overdue on (default: today in UK time).")
  LocalDate today;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    LocalDate day = today != null ? today : LocalDate.now(ReportingMonth.UK);
    List<Action> rows = new ArrayList<>();
    for (Action a : r.actions().list()) {
      if ((overdue && !a.overdue(day)) || (open && !a.open())) {
        continue;
      }
      rows.add(a);
    }
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Action a : rows) {
        list.add(RegisterJson.action(a, day));
      }
      out.println(Json.register(list));
      return 0;
    }
    TextTable table =
        TextTable.of(
            "REF", "OWNER", "RAISED", "TARGET", "REVISED", "STATUS", "CLOSED", "OVERDUE", "ACTION");
    for (Action a : rows) {
      table.row(
          a.ref(),
          a.owner(),
          a.raisedOn(),
          Text.or(a.targetOn()),
          Text.or(a.revisedTargetOn()),
          a.status(),
          Text.or(a.closedOn()),
          a.overdue(day) ? "yes" : "no",
          a.text());
    }
    table.print(out, "");
    out.printf(
        "%d action%s (overdue judged on %s)%n", rows.size(), rows.size() == 1 ? "" : "s", day);
    return 0;
  }
}
