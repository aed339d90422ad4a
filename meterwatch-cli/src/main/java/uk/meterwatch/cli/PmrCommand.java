package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.rules.RejectedRequests;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.external.ExternalRun;
import uk.meterwatch.engine.json.PmrJson;
import uk.meterwatch.engine.json.RowsCsv;
import uk.meterwatch.engine.pmr.Explanation;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch pmr}: the Performance Measurement Report of a month. */
@Command(
    name = "pmr",
    mixinStandardHelpOptions = true,
    description = {
      "The Performance Measurement Report of a month.",
      "Every measure of the rule set in force, overall and per provider, against its Target and"
          + " Minimum Service Levels; --explain shows where a measure's misses came from."
    })
public final class PmrCommand implements Callable<Integer> {
  /** Output formats. */
  enum Format {
    table,
    json,
    csv
  }

  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand top;

  @Option(
      names = "--month",
      required = true,
      paramLabel = "YYYY-MM",
      description = "The month (UK time).")
  String month;

  @Option(
      names = "--format",
      defaultValue = "table",
      paramLabel = "FORMAT",
      description = "table (default), json or csv.")
  Format format;

  @Option(
      names = "--explain",
      paramLabel = "MEASURE",
      description = "Show where the misses of a measure came from (e.g. CPM1).")
  String explain;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "A folder of rule set files (*.yaml) added to the default and the store's.")
  Path rules;

  @Option(
      names = "--rows",
      paramLabel = "MEASURE",
      description =
          "Write the population of one measure line as CSV: each request, alert, incident or"
              + " minute with its times and why it was within, missed or excepted.")
  String rowsOf;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      description = "With --rows: the line, ALL (default) or a provider such as CSP-N.")
  String scope;

  @Option(names = "--missed", description = "With --rows: only the misses.")
  boolean missed;

  @Option(
      names = "--out",
      paramLabel = "FILE.csv",
      description = "With --rows: write the CSV to this file instead of standard output.")
  Path outFile;

  /** The clock deciding "now" for open incidents; tests replace it. */
  static Clock clock = Clock.systemUTC();

  @Mixin EngineOptions engineOptions;

  @Override
  public Integer call() throws Exception {
    ReportingMonth m = ReportingMonth.parse(month);
    if (rowsOf == null && (scope != null || missed || outFile != null)) {
      throw new MeterwatchException(ErrorCode.USAGE, "--scope, --missed and --out go with --rows");
    }
    if (rowsOf != null && explain != null) {
      throw new MeterwatchException(ErrorCode.USAGE, "give --rows or --explain, not both");
    }
    if (engineOptions.external()) {
      if (explain != null || rowsOf != null) {
        throw new MeterwatchException(
            ErrorCode.USAGE,
            (explain != null ? "--explain" : "--rows") + " needs the store engine");
      }
      var book = RuleFiles.load(null, rules);
      try (ExternalRun run = engineOptions.open(spec.commandLine().getErr())) {
        print(spec.commandLine().getOut(), run.pmr(book, m, clock));
      }
      return 0;
    }
    Path folder = top.storePath();
    if (!Files.exists(folder.resolve(Store.DATABASE_FILE))) {
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND, "no store at " + folder + " (load a drop first, or give --store)");
    }
    var book = RuleFiles.load(folder, rules);
    PrintWriter out = spec.commandLine().getOut();
    try (Store store = Store.open(folder)) {
      NoData.warn(
          store, m, spec.commandLine().getErr(), "every measure of requests or alerts is NO_DATA");
      PerformanceMeasurement pmr =
          new PerformanceMeasurement(store, book, SrvCatalogue.standard(), clock);
      if (rowsOf != null) {
        String line = scope == null ? MeasureResult.ALL : scope;
        List<PopulationRow> rows = pmr.rows(m, rowsOf, line, missed);
        if (outFile == null) {
          writeRows(out, m, line, rows);
        } else {
          try (Writer file = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            writeRows(file, m, line, rows);
          }
          out.printf("Wrote %d rows of %s %s (%s) to %s%n", rows.size(), rowsOf, line, m, outFile);
        }
        return 0;
      }
      if (explain != null) {
        Explanation e = pmr.explain(m, explain);
        if (format == Format.json) {
          out.println(PmrJson.write(e));
        } else if (format == Format.csv) {
          printExplanationCsv(out, e);
        } else {
          printExplanation(out, e);
        }
        return 0;
      }
      print(out, pmr.report(m));
    }
    return 0;
  }

  private void print(PrintWriter out, PerformanceReport report) {
    switch (format) {
      case json -> out.println(PmrJson.write(report));
      case csv -> printCsv(out, report);
      case table -> printTable(out, report);
    }
  }

  private static final String[] CSV_FIELDS = {
    "id",
    "scope",
    "name",
    "value",
    "target",
    "minimum",
    "status",
    "within",
    "population",
    "consecutive_below_minimum",
    "non_compliance",
    "previous_value",
    "definition",
    "calculation",
    "unit",
    "rejected",
    "source",
    "excepted",
    "exceptions"
  };

  private static void printCsv(PrintWriter out, PerformanceReport report) {
    out.print("month,rule_set," + String.join(",", CSV_FIELDS) + "\r\n");
    for (MeasureResult r : report.measures()) {
      Map<String, Object> m = PmrJson.measure(r);
      List<String> cells = new ArrayList<>();
      cells.add(csv(report.month().toString()));
      cells.add(csv(report.ruleSet().name()));
      for (String f : CSV_FIELDS) {
        cells.add(csv(m.get(f)));
      }
      out.print(String.join(",", cells) + "\r\n");
    }
  }

  static String csv(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof List<?> list) {
      return csv(String.join(";", list.stream().map(String::valueOf).toList()));
    }
    String s = value instanceof BigDecimal b ? b.toPlainString() : value.toString();
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return "\"" + s.replace("\"", "\"\"") + "\"";
    }
    return s;
  }

  private static String plain(BigDecimal b) {
    return b == null ? "-" : b.toPlainString();
  }

  private static void printTable(PrintWriter out, PerformanceReport report) {
    out.printf(
        "Performance Measurement Report %s (UK time), %d minutes%n",
        report.month(), report.month().minutes());
    out.printf(
        "Rule set: %s, in force from %s (%s)%n%n",
        report.ruleSet().name(), report.ruleSet().effectiveFrom(), report.ruleSet().source());
    String fmt = "%-14s %-9s %7s %7s %7s  %-13s %21s %8s %9s%n";
    out.printf(
        fmt,
        "MEASURE",
        "SCOPE",
        "VALUE",
        "TARGET",
        "MINIMUM",
        "STATUS",
        "WITHIN / POPULATION",
        "PREVIOUS",
        "BELOW-MIN");
    for (MeasureResult r : report.measures()) {
      out.printf(
          fmt,
          r.id(),
          r.scope(),
          plain(r.value()),
          plain(r.target()),
          plain(r.minimum()),
          r.status().name(),
          plain(r.within()) + " / " + plain(r.population()),
          plain(r.previousValue()),
          r.consecutiveBelowMinimum() == 0 ? "" : r.consecutiveBelowMinimum() + " mo");
    }
    printRejected(out, report);
    printExcepted(out, report);
    List<MeasureResult> nc = report.nonCompliances();
    out.println();
    if (nc.isEmpty()) {
      out.printf(
          "Non-compliance list: none (a measure goes on it after %d consecutive months below minimum).%n",
          report.ruleSet().persistenceThreshold());
    } else {
      out.printf(
          "Non-compliance list (%d or more consecutive months below minimum):%n",
          report.ruleSet().persistenceThreshold());
      for (MeasureResult r : nc) {
        out.printf(
            "  %s: %d consecutive months below minimum%n", r.label(), r.consecutiveBelowMinimum());
      }
    }
    out.println(
        "Definitions: meterwatch rules --month " + report.month() + "; misses: --explain MEASURE");
  }

  /** The requests the DCC rejected that each request measure left out (docs/measures.md). */
  private static void printRejected(PrintWriter out, PerformanceReport report) {
    List<MeasureResult> lines =
        report.measures().stream().filter(r -> r.rejected() != null).toList();
    if (lines.isEmpty()) {
      return;
    }
    out.println();
    if (report.ruleSet().rejectedRequests() == RejectedRequests.COUNT_AS_MISS) {
      out.println(
          "Requests rejected by the DCC (an error acknowledgement and no response) count as misses"
              + " (rejected_requests: count_as_miss).");
      return;
    }
    out.println(
        "Left out of the population (rejected_requests: exclude): requests answered only by an"
            + " error acknowledgement.");
    for (MeasureResult r : lines) {
      out.printf("  %s: rejected by the DCC: %d%n", r.label(), r.rejected());
    }
  }

  /** What approved exceptions left out of each line (docs/measures.md, "Approved exceptions"). */
  private static void printExcepted(PrintWriter out, PerformanceReport report) {
    List<MeasureResult> lines =
        report.measures().stream().filter(r -> !r.exceptions().isEmpty()).toList();
    if (lines.isEmpty()) {
      return;
    }
    out.println();
    out.println("Left out of the population by approved exceptions (meterwatch exceptions list):");
    for (MeasureResult r : lines) {
      out.printf("  %s: %s%n", r.label(), exceptedText(r));
    }
  }

  /** "left out by approved exception: 2 (EXC-1, EXC-2)", minutes for availability. */
  static String exceptedText(MeasureResult r) {
    return "left out by approved exception: "
        + r.excepted().toPlainString()
        + ("minutes".equals(r.unit()) ? " min" : "")
        + (r.exceptions().isEmpty() ? "" : " (" + String.join(", ", r.exceptions()) + ")");
  }

  /** The rows behind a figure as CSV (docs/measures.md, "The rows behind a figure"). */
  private void writeRows(Writer to, ReportingMonth m, String line, List<PopulationRow> rows) {
    RowsCsv.write(to, m, rowsOf, line, rows);
  }

  /**
   * The misses' breakdowns as CSV: {@code breakdown,key,misses}, largest first within each, then
   * the misses inside incident windows (breakdown {@code incident_windows}, key {@code inside}).
   */
  private static void printExplanationCsv(PrintWriter out, Explanation e) {
    out.println("breakdown,key,misses");
    for (Explanation.Breakdown b : e.breakdowns()) {
      for (Explanation.Count c : b.counts()) {
        out.println(csv(b.by()) + "," + csv(c.key()) + "," + c.misses());
      }
    }
    if (e.missesInIncidentWindows() != null) {
      out.println("incident_windows,inside," + e.missesInIncidentWindows());
    }
  }

  private static String capitalised(String s) {
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static void printExplanation(PrintWriter out, Explanation e) {
    MeasureResult r = e.result();
    out.printf(
        "%s %s, %s: %s (%s), %s of %s %s within; %s missed%n",
        r.id(),
        r.name(),
        e.month(),
        plain(r.value()),
        r.status().name(),
        plain(r.within()),
        plain(r.population()),
        r.unit(),
        plain(e.misses()));
    if (r.rejected() != null) {
      out.printf("Rejected by the DCC: %d (left out of the population)%n", r.rejected());
    }
    if (!r.exceptions().isEmpty()) {
      out.printf("%s%n", capitalised(exceptedText(r)));
    }
    for (Explanation.Breakdown b : e.breakdowns()) {
      printBreakdown(out, e.month(), b);
    }
    if (e.missesInIncidentWindows() != null) {
      out.printf(
          "%nMisses inside incident windows: %d (%s%%)%n",
          e.missesInIncidentWindows(),
          e.incidentWindowShare() == null ? "-" : e.incidentWindowShare().toPlainString());
    }
    if (!e.details().isEmpty()) {
      out.println();
      e.details().forEach(d -> out.println("  " + d));
    }
  }

  /**
   * One breakdown of the misses as a person reads it: providers and SRVs most first (SRVs with
   * their names), hours of the day and days of the month in time order with every one shown, so the
   * table reads as a profile. JSON and CSV keep the engine's order (largest first).
   */
  private static void printBreakdown(
      PrintWriter out, ReportingMonth month, Explanation.Breakdown b) {
    Map<String, Long> counts = new LinkedHashMap<>();
    b.counts().forEach(c -> counts.put(c.key(), c.misses()));
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    String title =
        switch (b.by()) {
          case "srv" -> "SRV (most first)";
          case "provider" -> "provider (most first)";
          case "hour_of_day" -> "hour of day (UK time; 08 is 08:00 to 08:59)";
          case "day" -> "day (UK time)";
          default -> b.by().replace('_', ' ');
        };
    out.printf("%nMisses by %s:%n", title);
    if (total == 0) {
      out.println("  (none)");
      return;
    }
    List<String> keys = new ArrayList<>(counts.keySet());
    if (b.by().equals("hour_of_day")) {
      keys = new ArrayList<>();
      for (int h = 0; h < 24; h++) {
        keys.add(String.format(java.util.Locale.ROOT, "%02d", h));
      }
    } else if (b.by().equals("day")) {
      keys = new ArrayList<>();
      for (var d = month.month().atDay(1);
          !d.isAfter(month.month().atEndOfMonth());
          d = d.plusDays(1)) {
        keys.add(d.toString());
      }
    }
    boolean srv = b.by().equals("srv");
    TextTable table =
        srv
            ? TextTable.of("", "", "", "").rightAligned(1, 2)
            : TextTable.of("", "", "").rightAligned(1, 2);
    for (String key : keys) {
      long n = counts.getOrDefault(key, 0L);
      String share =
          BigDecimal.valueOf(n * 100)
                  .divide(BigDecimal.valueOf(total), 1, java.math.RoundingMode.HALF_UP)
                  .toPlainString()
              + " %";
      if (srv) {
        table.row(
            key,
            n,
            share,
            SrvCatalogue.standard().find(key).map(x -> x.name()).orElse("(unknown SRV)"));
      } else {
        table.row(key, n, share);
      }
    }
    table.print(out, "  ");
  }
}
