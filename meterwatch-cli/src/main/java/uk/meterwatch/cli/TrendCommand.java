package uk.meterwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.engine.analysis.MannKendall;
import uk.meterwatch.engine.analysis.RegionalData;
import uk.meterwatch.engine.analysis.Scope;
import uk.meterwatch.engine.analysis.TrendAnalysis;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch trend}: consecutive monthly declines and a sustained downward trend. */
@Command(
    name = "trend",
    mixinStandardHelpOptions = true,
    description = {
      "Monthly declines and a sustained downward trend in a success rate.",
      "Consecutive monthly declines and a sustained downward trend (Mann-Kendall) in a process's"
          + " or measure's monthly success rate, nationally or in one area, region or provider.",
      "Definitions: docs/analysis.md."
    })
public final class TrendCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand parent;
  @Mixin AnalysisOptions options;
  @Mixin ScopeOptions scopeOptions;

  @Option(names = "--explain", description = "Show the series: each month's counts and change.")
  boolean explain;

  @Option(
      names = "--chart",
      paramLabel = "FILE",
      description = "Also draw the series as an SVG chart into FILE.")
  java.nio.file.Path chart;

  @Override
  public Integer call() throws Exception {
    TrendAnalysis.Result r;
    try (Store store = StoreOptions.openExisting(parent)) {
      RegionalData data =
          RegionalData.read(
              store,
              options.rules(parent),
              options.subject(),
              options.fromMonth(),
              options.toMonth());
      Scope scope = ScopeOptions.checked(scopeOptions.scope(), data);
      r = analyse(data, scope);
    }
    if (chart != null) {
      java.nio.file.Files.writeString(chart, chartSvg(r), java.nio.charset.StandardCharsets.UTF_8);
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (options.format) {
      case json ->
          out.println(
              Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(r, explain)));
      case csv -> csv(r, explain, out);
      case table -> table(r, explain, out);
    }
    out.flush();
    return 0;
  }

  static TrendAnalysis.Result analyse(RegionalData data, Scope scope) {
    return TrendAnalysis.of(
        data.subject(), scope.toString(), data.months(), data.series(scope.level(), scope.key()));
  }

  /** The series through the report module's one chart path, flags in the title. */
  static String chartSvg(TrendAnalysis.Result r) {
    return uk.meterwatch.report.chart.Charts.trend(
        r.subject()
            + ", "
            + r.scope()
            + (r.flags().isEmpty() ? "" : " (" + String.join(", ", r.flags()) + ")"),
        r.points().stream().map(p -> p.month().toString()).toList(),
        r.points().stream().map(TrendAnalysis.Point::rate).toList(),
        null,
        null,
        760,
        340);
  }

  static ObjectNode json(TrendAnalysis.Result r, boolean explain) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put(r.subject().kind().name().toLowerCase(Locale.ROOT), r.subject().name());
    root.put("scope", r.scope());
    root.put("from", r.points().get(0).month().toString());
    root.put("to", r.points().get(r.points().size() - 1).month().toString());
    ArrayNode flags = root.putArray("flags");
    r.flags().forEach(flags::add);
    root.put("consecutive_declines", r.consecutiveDeclines());
    root.put("downward_trend", r.downwardTrend());
    ArrayNode runs = root.putArray("decline_runs");
    for (TrendAnalysis.Run run : r.runs()) {
      ObjectNode o = runs.addObject();
      o.put("from", run.from().toString());
      o.put("to", run.to().toString());
      o.put("months", run.months());
    }
    ObjectNode test = root.putObject("trend_test");
    test.put("name", r.test());
    MannKendall mk = r.mannKendall();
    if (mk != null) {
      test.put("n", mk.n());
      test.put("s", mk.s());
      test.put("variance", AnalysisOptions.round(mk.variance(), 4));
      test.put("z", AnalysisOptions.round(mk.z(), 4));
      test.put("p_value_downward", AnalysisOptions.roundP(mk.pDown()));
      test.put("p_value_two_sided", AnalysisOptions.roundP(mk.pTwoSided()));
      test.put("sen_slope_points_per_month", AnalysisOptions.round(mk.senSlope(), 4));
    }
    if (explain) {
      ArrayNode series = root.putArray("series");
      for (TrendAnalysis.Point p : r.points()) {
        ObjectNode o = series.addObject();
        o.put("month", p.month().toString());
        o.put(r.subject().totalWord(), p.counts().total());
        o.put(r.subject().successWord(), p.counts().successes());
        o.put("success_rate", AnalysisOptions.round(p.rate(), 2));
        o.put("change_points", AnalysisOptions.round(p.change(), 4));
        o.put("p_decline", AnalysisOptions.roundP(p.pDecline()));
        o.put("declined", p.declined());
        o.put("run", p.run());
      }
    }
    return root;
  }

  static void csv(TrendAnalysis.Result r, boolean explain, PrintWriter out) {
    LongCsv csv = new LongCsv(out, "section", "month", "measure", "value");
    csv.row("flag", "", "consecutive_declines", r.consecutiveDeclines());
    csv.row("flag", "", "downward_trend", r.downwardTrend());
    MannKendall mk = r.mannKendall();
    if (mk != null) {
      csv.row("trend_test", "", "s", mk.s());
      csv.row("trend_test", "", "z", AnalysisOptions.round(mk.z(), 4));
      csv.row("trend_test", "", "p_value_downward", AnalysisOptions.roundP(mk.pDown()));
      csv.row(
          "trend_test", "", "sen_slope_points_per_month", AnalysisOptions.round(mk.senSlope(), 4));
    }
    for (TrendAnalysis.Run run : r.runs()) {
      csv.row("decline_run", run.from(), "months", run.months());
    }
    if (explain) {
      for (TrendAnalysis.Point p : r.points()) {
        csv.row("series", p.month(), r.subject().totalWord(), p.counts().total());
        csv.row("series", p.month(), r.subject().successWord(), p.counts().successes());
        csv.row("series", p.month(), "success_rate", AnalysisOptions.round(p.rate(), 2));
        csv.row("series", p.month(), "change_points", AnalysisOptions.round(p.change(), 4));
        csv.row("series", p.month(), "p_decline", AnalysisOptions.roundP(p.pDecline()));
        csv.row("series", p.month(), "declined", p.declined());
      }
    }
  }

  static void table(TrendAnalysis.Result r, boolean explain, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "%s, %s, %s to %s%n",
        r.subject(),
        r.scope(),
        r.points().get(0).month(),
        r.points().get(r.points().size() - 1).month());
    out.println("Flags: " + (r.flags().isEmpty() ? "none" : String.join(", ", r.flags())));
    if (r.runs().isEmpty()) {
      out.println("Consecutive declines: none (a decline: a fall with one-sided p < 0.05).");
    }
    for (TrendAnalysis.Run run : r.runs()) {
      out.printf(
          Locale.ROOT,
          "Consecutive declines: %d months, %s to %s%n",
          run.months(),
          run.from(),
          run.to());
    }
    MannKendall mk = r.mannKendall();
    if (mk == null) {
      out.println("Trend: fewer than three months with data, no test.");
    } else {
      out.printf(
          Locale.ROOT,
          "Trend: %s: S = %d, z = %.3f, p (downward) = %s, p (two-sided) = %s;"
              + " Sen's slope %+.3f points a month%s%n",
          r.test(),
          mk.s(),
          mk.z(),
          p(mk.pDown()),
          p(mk.pTwoSided()),
          mk.senSlope(),
          r.downwardTrend() ? ": a sustained downward trend" : ": no sustained downward trend");
    }
    if (explain) {
      out.println();
      out.printf(
          Locale.ROOT,
          "%-8s %12s %12s %8s %8s %10s %9s%n",
          "month",
          r.subject().totalWord(),
          r.subject().successWord(),
          "rate",
          "change",
          "p decline",
          "declined");
      for (TrendAnalysis.Point p : r.points()) {
        out.printf(
            Locale.ROOT,
            "%-8s %12d %12d %8s %8s %10s %9s%n",
            p.month(),
            p.counts().total(),
            p.counts().successes(),
            p.rate() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.rate()),
            p.change() == null ? "-" : String.format(Locale.ROOT, "%+.2f", p.change()),
            p.change() == null ? "-" : p(p.pDecline()),
            p.declined() ? "yes" : "");
      }
    }
  }

  static String p(double p) {
    return p < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", p);
  }
}
