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

/** {@code meterwatch risks rate ID --likelihood L --impact I --reason WHY}. */
@Command(
    name = "rate",
    mixinStandardHelpOptions = true,
    description = "Re-rates a risk; the rating is kept with date, who and why.")
final class RisksRateCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "RISK_ID")
  String id;

  @Option(names = "--likelihood", description = "1 to 5 (default: unchanged).")
  Integer likelihood;

  @Option(names = "--impact", description = "1 to 5 (default: unchanged).")
  Integer impact;

  @Option(names = "--reason", required = true, description = "Why the rating changed.")
  String reason;

  @Option(
      names = "--on",
      paramLabel = "YYYY-MM-DD",
      description = "Date of the rating (default today).")
  LocalDate on;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Risk before = r.risks().get(id);
    Risk after =
        r.risks()
            .rate(
                id,
                likelihood != null ? likelihood : before.likelihood(),
                impact != null ? impact : before.impact(),
                on,
                reason,
                who());
    RiskAssessment a = r.risks().assess(after);
    out.printf(
        "rated risk %s: severity %d -> %d (%s)%s%n",
        id,
        before.severity(),
        a.severity(),
        a.band(),
        a.escalated() ? ", escalated to the SEC Panel" : "");
    return 0;
  }
}
