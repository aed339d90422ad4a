package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.LocalDate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Risk;
import uk.meterwatch.engine.registers.RiskAssessment;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch risks add ID ...}. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Adds a risk with its first rating.")
final class RisksAddCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "RISK_ID")
  String id;

  @Option(names = "--title", required = true)
  String title;

  @Option(names = "--likelihood", required = true, description = "1 to 5.")
  int likelihood;

  @Option(names = "--impact", required = true, description = "1 to 5.")
  int impact;

  @Option(names = "--owner")
  String owner;

  @Option(
      names = "--on",
      paramLabel = "YYYY-MM-DD",
      description = "Date of the rating (default today).")
  LocalDate on;

  @Option(names = "--reason", description = "Why this rating (default: first rating).")
  String reason;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Risk risk =
        r.risks().add(new Risk(id, title, likelihood, impact, owner, null), on, reason, who());
    RiskAssessment a = r.risks().assess(risk);
    out.printf(
        "added risk %s: severity %d (%s)%s%n",
        id, a.severity(), a.band(), a.escalated() ? ", escalated to the SEC Panel" : "");
    return 0;
  }
}
