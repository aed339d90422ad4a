package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.Bucket;
import uk.meterwatch.engine.bpi.MonthOnMonth;
import uk.meterwatch.engine.bpi.ProcessIndicators;
import uk.meterwatch.engine.bpi.SplitBy;
import uk.meterwatch.engine.bpi.TimeToSuccess;
import uk.meterwatch.engine.bpi.UseCase;
import uk.meterwatch.engine.bpi.UserIndicators;
import uk.meterwatch.engine.external.ExternalRun;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch bpi}: Business Process Indicators and the success waterfall of a month. */
@Command(
    name = "bpi",
    mixinStandardHelpOptions = true,
    description = {
      "Business Process Indicators of a month and their waterfall.",
      "Transactions, the success waterfall, time to success, duplicates, per-User rates and"
          + " flags, change-of-supply use cases. Definitions: docs/bpi.md."
    })
public final class BpiCommand implements Callable<Integer> {
  enum Format {
    table,
    json,
    csv
  }

  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand parent;

  @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "UK month.")
  String month;

  @Option(
      names = "--process",
      paramLabel = "P",
      description = "One process (default: every process of the rule set).")
  String process;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Extra rule set files (YAML), on top of the built-in and the store's rules/.")
  Path rulesDir;

  @Option(
      names = "--publish",
      description = "For publication: Users are named \"User A\", \"User B\", ... never by id.")
  boolean publish;

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    ReportingMonth m = ReportingMonth.parse(month);
    if (engineOptions.external()) {
      RuleBook book = RuleFiles.load(null, rulesDir);
      RuleSet rules = book.inForce(m);
      BpiReport report;
      Map<String, MonthOnMonth> changes;
      try (ExternalRun run = engineOptions.open(spec.commandLine().getErr())) {
        report = run.bpi(rules, m, process == null ? List.of() : List.of(process));
        changes = MonthOnMonth.of(book, report, run::bpi); // last month on the same engine
      }
      printPublished(report, rules, changes);
      return 0;
    }
    Path folder = parent.storePath();
    if (!Files.exists(folder.resolve(Store.DATABASE_FILE))) {
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND, "no store at " + folder + " (load a drop first, or give --store)");
    }
    RuleBook book = RuleFiles.load(folder, rulesDir);
    RuleSet rules = book.inForce(m);
    BpiReport report;
    Map<String, MonthOnMonth> changes;
    try (Store store = Store.open(folder)) {
      NoData.warn(store, m, spec.commandLine().getErr(), "every process has 0 transactions");
      BpiCalculator calculator = new BpiCalculator(store, rules);
      report = process == null ? calculator.compute(m) : calculator.compute(m, List.of(process));
      changes = MonthOnMonth.of(store, book, report);
    }
    printPublished(report, rules, changes);
    return 0;
  }

  /**
   * Prints the report; with --publish, its Users renamed first (their letters as report.published()
   * gives them, then those only in last month's), the aliases computed once for both.
   */
  private void printPublished(BpiReport report, RuleSet rules, Map<String, MonthOnMonth> changes) {
    if (!publish) {
      print(report, rules, changes);
      return;
    }
    Map<String, String> aliases = MonthOnMonth.aliases(report, changes);
    print(report.renamingUsers(aliases::get), rules, MonthOnMonth.renamed(changes, aliases));
  }

  private void print(BpiReport report, RuleSet rules, Map<String, MonthOnMonth> changes) {
    PrintWriter out = spec.commandLine().getOut();
    switch (format) {
      case json -> out.println(BpiJson.text(report, rules, changes));
      case csv -> csv(report, changes, out);
      case table -> table(report, rules, changes, out);
    }
    out.flush();
  }

  static void csv(BpiReport report, PrintWriter out) {
    csv(report, Map.of(), out);
  }

  static void csv(BpiReport report, Map<String, MonthOnMonth> changes, PrintWriter out) {
    out.println("month,process,section,item,measure,value");
    String month = report.month().toString();
    for (ProcessIndicators p : report.processes()) {
      CsvRow row =
          (section, item, measure, value) -> {
            out.println(
                String.join(
                    ",",
                    month,
                    p.process(),
                    section,
                    quote(item),
                    measure,
                    value == null ? "" : value.toString()));
          };
      row.add("summary", "", "transactions", p.transactions());
      row.add("summary", "", "requests", p.requests());
      row.add("summary", "", "retries", p.retries());
      row.add("summary", "", "duplicates", p.duplicates());
      row.add("summary", "", "successes", p.successes());
      row.add("summary", "", "success_rate", round(p.successRate(), 2));
      row.add("summary", "", "request_success_rate", round(p.requestSuccessRate(), 2));
      for (Bucket b : Bucket.values()) {
        row.add("bucket", b.name(), "transactions", p.bucket(b));
      }
      p.otherFailureCodes()
          .forEach((code, n) -> row.add("other_failure_code", code, "transactions", n));
      TimeToSuccess t = p.timeToSuccess();
      row.add("time_to_success", "", "median_s", round(t.medianS(), 3));
      row.add("time_to_success", "", "p95_s", round(t.p95S(), 3));
      row.add("time_to_success", "", "within_target", t.withinTarget());
      row.add("time_to_success", "", "within_1h", t.within1h());
      row.add("time_to_success", "", "within_24h", t.within24h());
      row.add("time_to_success", "", "over_24h", t.over24h());
      for (UserIndicators u : p.users()) {
        row.add("user", u.userId(), "transactions", u.transactions());
        row.add("user", u.userId(), "success_rate", round(u.successRate(), 2));
        row.add("user", u.userId(), "duplicates", u.duplicates());
        row.add("user", u.userId(), "flagged", u.flagged());
      }
      for (UseCase c : UseCase.values()) {
        row.add("use_case", c.name(), "transactions", p.useCases().getOrDefault(c, 0L));
      }
      p.slowSuccesses().forEach((b, v) -> row.add("slow_success", b.name(), "transactions", v));
      for (SplitBy by : SplitBy.values()) {
        p.split(by)
            .forEach(
                (part, v) -> {
                  row.add("split_" + by.key(), part, "transactions", v.transactions());
                  row.add("split_" + by.key(), part, "successes", v.successes());
                  row.add("split_" + by.key(), part, "success_rate", round(v.successRate(), 2));
                  row.add("split_" + by.key(), part, "slow_successes", v.slowSuccesses());
                });
      }
      MonthOnMonth c = changes.get(p.process());
      if (c != null) {
        row.add("month_on_month", "", "previous_transactions", c.previousTransactions());
        row.add("month_on_month", "", "previous_success_rate", round(c.previousSuccessRate(), 2));
        row.add("month_on_month", "", "change_points", round(c.changePoints(), 2));
        c.users().stream()
            .limit(MOVERS)
            .forEach(
                u ->
                    row.add(
                        "month_on_month",
                        u.userId(),
                        "contribution_points",
                        round(u.contributionPoints(), 2)));
        c.causes().stream()
            .limit(MOVERS)
            .forEach(
                k ->
                    row.add(
                        "month_on_month",
                        k.cause(),
                        "contribution_points",
                        round(k.contributionPoints(), 2)));
      }
    }
  }

  /** The most Users and causes the CSV gives as moving a process (as the JSON). */
  static final int MOVERS = BpiJson.MOVERS;

  private interface CsvRow {
    void add(String section, String item, String measure, Object value);
  }

  private static String quote(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  static void table(BpiReport report, RuleSet rules, PrintWriter out) {
    table(report, rules, Map.of(), out);
  }

  static void table(
      BpiReport report, RuleSet rules, Map<String, MonthOnMonth> changes, PrintWriter out) {
    out.printf(
        "Business Process Indicators, %s (UK time), rule set %s%n", report.month(), rules.name());
    for (ProcessIndicators p : report.processes()) {
      out.println();
      out.printf(
          "%s: %d transactions, %d requests (%d retries, %d duplicates)%n",
          p.process(), p.transactions(), p.requests(), p.retries(), p.duplicates());
      out.printf(
          "  success rate %s %%   per request %s %%%n",
          text(round(p.successRate(), 2)), text(round(p.requestSuccessRate(), 2)));
      for (Bucket b : Bucket.values()) {
        long n = p.bucket(b);
        String share =
            p.transactions() == 0
                ? ""
                : String.format(Locale.ROOT, "%6.2f %%", 100.0 * n / p.transactions());
        out.printf(Locale.ROOT, "  %-22s %10d  %s%n", b.name(), n, share);
        Long slow = p.slowSuccesses().get(b);
        if (slow != null && slow > 0) {
          out.printf(Locale.ROOT, "    of which after %d h %10d%n", p.slowSuccessHours(), slow);
        }
      }
      out.printf(
          Locale.ROOT,
          "  success within %d h: %s %%%n",
          p.slowSuccessHours(),
          text(round(p.timelySuccessRate(), 2)));
      p.otherFailureCodes()
          .forEach((code, n) -> out.printf(Locale.ROOT, "    %-20s %10d%n", code, n));
      TimeToSuccess t = p.timeToSuccess();
      out.printf(
          Locale.ROOT,
          "  time to success: median %s s, p95 %s s; within target %d, within 1 h %d,"
              + " within 24 h %d, over 24 h %d%n",
          text(round(t.medianS(), 3)),
          text(round(t.p95S(), 3)),
          t.withinTarget(),
          t.within1h(),
          t.within24h(),
          t.over24h());
      if (!p.users().isEmpty()) {
        out.printf(
            Locale.ROOT,
            "  %-24s %12s %9s %12s  %s%n",
            "user",
            "transactions",
            "success",
            "duplicates",
            "flag");
        for (UserIndicators u : p.users()) {
          out.printf(
              Locale.ROOT,
              "  %-24s %12d %8.2f%% %12d  %s%n",
              u.userId(),
              u.transactions(),
              u.successRate(),
              u.duplicates(),
              u.flagged() ? "FLAGGED" : "");
        }
      }
      if (BpiCalculator.CHANGE_OF_SUPPLY.equals(p.process())) {
        out.printf(
            "  use cases: SUPPLIER_SWITCH %d, INTERNAL_MIGRATION %d, UNKNOWN %d%n",
            p.useCases().get(UseCase.SUPPLIER_SWITCH),
            p.useCases().get(UseCase.INTERNAL_MIGRATION),
            p.useCases().get(UseCase.UNKNOWN));
      }
      for (SplitBy by : SplitBy.values()) {
        if (p.split(by).isEmpty()) {
          continue;
        }
        StringBuilder line = new StringBuilder("  by " + by.key() + ":");
        p.split(by)
            .forEach(
                (part, v) ->
                    line.append(
                        String.format(
                            Locale.ROOT,
                            " %s %d (%s %%)",
                            part,
                            v.transactions(),
                            text(round(v.successRate(), 2)))));
        out.println(line);
      }
      MonthOnMonth c = changes.get(p.process());
      if (c != null && c.changePoints() != null) {
        out.printf(
            Locale.ROOT,
            "  on %s: %s %% -> %s %% (%+.2f points)%n",
            report.month().previous(),
            text(round(c.previousSuccessRate(), 2)),
            text(round(c.successRate(), 2)),
            c.changePoints());
        c.users().stream()
            .limit(3)
            .forEach(
                u ->
                    out.printf(
                        Locale.ROOT,
                        "    %-24s %+.2f points (%d -> %d transactions)%n",
                        u.userId(),
                        u.contributionPoints(),
                        u.previousTransactions(),
                        u.transactions()));
        c.causes().stream()
            .limit(3)
            .forEach(
                k ->
                    out.printf(
                        Locale.ROOT,
                        "    %-24s %+.2f points (%.2f %% -> %.2f %% of transactions)%n",
                        k.cause(),
                        k.contributionPoints(),
                        k.previousShare(),
                        k.share()));
      }
    }
  }

  private static String text(BigDecimal value) {
    return value == null ? "-" : value.toPlainString();
  }

  private static BigDecimal round(Double value, int places) {
    return BpiJson.round(value, places);
  }
}
