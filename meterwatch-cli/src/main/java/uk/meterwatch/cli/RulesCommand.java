package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
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
    description = {
      "Lists the rule sets and the settings and measures in force.",
      "Rule sets: the built-in default, the store's rules/ folder and --rules DIR (docs/rules.md)."
    })
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
    printSettings(out, inForce);
    for (MeasureDefinition d : inForce.measures()) {
      out.printf("%n%s  %s%n", d.id(), d.name());
      out.printf(
          "  calculation %s, target %s, minimum %s%s%n",
          d.calculation(),
          d.target().toPlainString(),
          d.minimum().toPlainString(),
          (d.perProvider() ? ", per provider" : "")
              + (d.onSuccess() ? ", on success (I0)" : "")
              + (d.srvs().isEmpty() ? "" : ", SRVs " + String.join(", ", d.srvs()))
              + (d.providers().isEmpty() ? "" : ", providers " + String.join(", ", d.providers()))
              + (d.categories().isEmpty() ? "" : ", categories " + join(d.categories()))
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

  /** The rule set's settings, one per line, as a person reads them (docs/rules.md). */
  static void printSettings(PrintWriter out, RuleSet rs) {
    TextTable settings = TextTable.of("", "");
    var t = rs.responseTimes();
    settings.row(
        "Target Response Times",
        String.format(
            Locale.ROOT,
            "on demand %d s, on demand critical %d s, future dated %d s, alerts %d s",
            t.onDemand(),
            t.onDemandCritical(),
            t.futureDated(),
            t.alert()));
    List<String> resolution = new ArrayList<>();
    new TreeMap<>(rs.resolutionHours())
        .forEach((category, hours) -> resolution.add("category " + category + " " + hours + " h"));
    settings.row("Target Resolution Times", String.join(", ", resolution));
    if (rs.smkiResponseTimes() != null) {
      settings.row(
          "SMKI Target Response Times",
          String.format(
              Locale.ROOT,
              "certificate signing %d s, SMKI Repository %d s",
              rs.smkiResponseTimes().certificateSigning(),
              rs.smkiResponseTimes().repository()));
    }
    settings.row(
        "Non-compliance",
        "after " + rs.persistenceThreshold() + " consecutive months below minimum");
    settings.row(
        "Rejected requests",
        "an error acknowledgement and no response: " + rs.rejectedRequests().word());
    if (rs.risks() != null) {
      List<String> bands = new ArrayList<>();
      int upper = 25; // likelihood and impact run 1 to 5
      for (var band : rs.risks().bands()) { // highest first
        bands.add(band.name() + " " + band.min() + (band.min() == upper ? "" : "-" + upper));
        upper = band.min() - 1;
      }
      settings.row("Risk bands (severity)", String.join(", ", bands));
      settings.row(
          "Risk escalation",
          "to the SEC Panel at severity " + rs.risks().escalationThreshold() + " or more");
    }
    if (rs.bpi() != null) {
      var b = rs.bpi();
      settings.row(
          "BPI transactions",
          "retry window "
              + b.retryWindowHours()
              + " h from a transaction's first request; a repeat up to "
              + b.duplicateWindowMinutes()
              + " min after a success is a duplicate");
      settings.row(
          "BPI device evidence",
          "a device communicates if it gave an I0 in the "
              + b.communicationEvidenceDays()
              + " days before");
      settings.row(
          "BPI flags",
          String.format(
              Locale.ROOT,
              "a User failing more than %s %% of at least %d transactions",
              new java.math.BigDecimal(Double.toString(b.flagFailureRate()))
                  .stripTrailingZeros()
                  .toPlainString(),
              b.flagMinTransactions()));
    }
    settings.print(out, "  ");
    if (!rs.processes().isEmpty()) {
      out.println("Business processes (BPI) and their SRVs:");
      TextTable processes = TextTable.of("", "");
      rs.processes().forEach((process, srvs) -> processes.row(process, String.join(", ", srvs)));
      processes.print(out, "  ");
    }
  }

  private static String join(List<?> values) {
    return values.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "));
  }
}
