package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch exceptions show ID}. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Shows one exception.")
final class ExceptionsShowCommand extends StoreCommand {
  @Parameters(paramLabel = "ID")
  String id;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    ApprovedException e = r.exceptions().get(id);
    if (json) {
      out.println(Json.register(RegisterJson.exception(e)));
      return 0;
    }
    out.printf("Exception     %s%n", e.id());
    out.printf("Measures      %s%n", String.join(", ", e.measures()));
    out.printf("Scope         %s%n", e.scope());
    out.printf("Covers        %s%n", covers(e));
    if (!e.items().isEmpty()) {
      out.printf("Items         %s%n", String.join(", ", e.items()));
    }
    out.printf("Reason        %s%n", e.reason());
    out.printf("Approved      %s by %s%n", e.approvedOn(), e.approvedBy());
    out.printf(
        "Status        %s%n",
        e.withdrawn()
            ? "withdrawn on "
                + e.withdrawnOn()
                + (e.withdrawnReason() == null ? "" : " (" + e.withdrawnReason() + ")")
            : "in force");
    return 0;
  }

  /** What an exception covers, in words: "3 items" or a period in UK time. */
  static String covers(ApprovedException e) {
    if (e.coversPeriod()) {
      return Text.uk(e.periodFrom()) + " to " + Text.uk(e.periodTo());
    }
    return e.items().size() + (e.items().size() == 1 ? " item" : " items");
  }
}
