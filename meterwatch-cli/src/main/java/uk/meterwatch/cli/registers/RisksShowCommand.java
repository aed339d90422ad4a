package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.RiskAssessment;
import uk.meterwatch.engine.registers.RiskRating;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch risks show ID}: the risk and every rating it had. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Shows a risk and its rating history (date, who, why).")
final class RisksShowCommand extends StoreCommand {
  @Parameters(paramLabel = "RISK_ID")
  String id;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    RiskAssessment a = r.risks().assess(r.risks().get(id));
    List<RiskRating> history = r.risks().history(id);
    if (json) {
      out.println(Json.register(RegisterJson.risk(a, history)));
      return 0;
    }
    out.printf("Risk        %s%n", a.risk().id());
    out.printf("Title       %s%n", a.risk().title());
    out.printf("Owner       %s%n", Text.or(a.risk().owner()));
    out.printf("Status      %s%n", a.risk().status());
    out.printf("Likelihood  %d%n", a.risk().likelihood());
    out.printf("Impact      %d%n", a.risk().impact());
    out.printf("Severity    %d (%s)%n", a.severity(), a.band());
    out.printf("Escalated   %s%n", a.escalated() ? "yes, to the SEC Panel" : "no");
    out.println("Ratings:");
    out.printf("  %-3s %-10s %-12s %-2s %-2s %-3s %s%n", "#", "ON", "BY", "L", "I", "SEV", "WHY");
    for (RiskRating h : history) {
      out.printf(
          "  %-3d %-10s %-12s %-2d %-2d %-3d %s%n",
          h.seq(), h.ratedOn(), h.ratedBy(), h.likelihood(), h.impact(), h.severity(), h.reason());
    }
    return 0;
  }
}
