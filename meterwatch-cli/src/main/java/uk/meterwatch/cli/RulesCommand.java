package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.rules.RuleFiles;

/** {@code meterwatch rules}: the rule sets known and the measures in force for a month. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Lists the rule sets (built-in, the store's, --rules) and the measures in force.")
public final class RulesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand top;

  @Option(
      names = "--month",
      paramLabel = "YYYY-MM",
      description = "The month whose rules to show (default: the current month, UK time).")
  String month;

  @Option(names = "--rules", paramLabel = "DIR", description = "A folder of rule set files.")
  Path rules;

  static Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    ReportingMonth m =
        month == null
            ? new ReportingMonth(YearMonth.now(clock.withZone(ReportingMonth.UK)))
            : ReportingMonth.parse(month);
    RuleBook book = RuleFiles.load(top.storePath(), rules);
    RuleSet inForce = book.inForce(m);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Rule sets (a month is measured by the one in force on its first day):");
    for (RuleSet rs : book.ruleSets()) {
      out.printf(
          "%s %-20s from %s  %s%n",
          rs == inForce ? "*" : " ", rs.name(), rs.effectiveFrom(), rs.source());
    }
    out.printf("%nIn force for %s: %s (from %s)%n", m, inForce.name(), inForce.effectiveFrom());
    var t = inForce.responseTimes();
    out.printf(
        "Target Response Times: on demand %d s, critical %d s, future dated %d s, alerts %d s%n",
        t.onDemand(), t.onDemandCritical(), t.futureDated(), t.alert());
    out.printf(
        "Target Resolution Times (hours by category): %s%n",
        new java.util.TreeMap<>(inForce.resolutionHours()));
    out.printf(
        "Persistence threshold: %d consecutive months below minimum%n",
        inForce.persistenceThreshold());
    out.printf(
        "Rejected requests (an error acknowledgement and no response): %s%n",
        inForce.rejectedRequests().word());
    for (MeasureDefinition d : inForce.measures()) {
      out.printf("%n%s  %s%n", d.id(), d.name());
      out.printf(
          "  calculation %s, target %s, minimum %s%s%n",
          d.calculation(),
          d.target().toPlainString(),
          d.minimum().toPlainString(),
          (d.perProvider() ? ", per provider" : "")
              + (d.onSuccess() ? ", on success (I0)" : "")
              + (d.srvs().isEmpty() ? "" : ", SRVs " + d.srvs())
              + (d.providers().isEmpty() ? "" : ", providers " + d.providers())
              + (d.categories().isEmpty() ? "" : ", categories " + d.categories())
              + (d.service() == null ? "" : ", service " + d.service()));
      out.println(
          "  source: "
              + (d.local()
                  ? "local (no public text defines it; its definition says what is assumed)"
                  : d.source()));
      if (d.definition() != null) {
        out.println("  " + d.definition());
      }
    }
    return 0;
  }
}
