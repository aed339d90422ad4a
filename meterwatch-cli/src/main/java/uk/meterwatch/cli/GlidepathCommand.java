package uk.meterwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.analysis.Counts;
import uk.meterwatch.engine.analysis.Glidepath;
import uk.meterwatch.engine.analysis.GlidepathStore;
import uk.meterwatch.engine.analysis.RegionalData;
import uk.meterwatch.engine.analysis.Scope;
import uk.meterwatch.engine.analysis.Subject;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;

/**
 * {@code meterwatch glidepath}: a fitted trajectory to a target, with its prediction interval;
 * saved, it judges later months against the forecast (docs/analysis.md).
 */
@Command(
    name = "glidepath",
    mixinStandardHelpOptions = true,
    description = {
      "The trajectory of a success rate to a target, month by month.",
      "A glidepath to a target: a least-squares line over the fit months with its 95 %% prediction"
          + " interval, when the target is expected, each month's actual against it; --save"
          + " keeps it, --saved judges later months against the kept forecast.",
      "Definitions: docs/analysis.md."
    })
public final class GlidepathCommand implements Callable<Integer> {
  /** The clock of saved times (tests fix it). */
  static Clock clock = Clock.systemUTC();

  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand parent;

  /** The series (its own group: picocli's processor refuses a group class shared with a mixin). */
  static final class What {
    @Option(names = "--process", paramLabel = "P", description = "A business process.")
    String process;

    @Option(names = "--measure", paramLabel = "M", description = "A measure of the rule set.")
    String measure;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  What what;

  @Mixin ScopeOptions scopeOptions;

  @Option(names = "--from", paramLabel = "YYYY-MM", description = "First month fitted.")
  String from;

  @Option(
      names = "--to",
      paramLabel = "YYYY-MM",
      description = "Last month fitted; with --saved, the last month judged.")
  String to;

  @Option(names = "--target", paramLabel = "PERCENT", description = "The target rate, e.g. 97.5.")
  Double target;

  @Option(names = "--by", paramLabel = "YYYY-MM", description = "The month the target is due.")
  String by;

  @Option(names = "--save", paramLabel = "NAME", description = "Keep this glidepath as NAME.")
  String save;

  @Option(
      names = "--saved",
      paramLabel = "NAME",
      description = "Judge months against the glidepath saved as NAME (no refit).")
  String saved;

  @Option(names = "--list", description = "List the saved glidepaths.")
  boolean list;

  @Option(
      names = "--chart",
      paramLabel = "FILE",
      description = "Also draw the glidepath as an SVG chart into FILE.")
  Path chart;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or csv (default: ${DEFAULT-VALUE}).")
  AnalysisOptions.Format format;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Extra rule set files (YAML), on top of the built-in and the store's rules/.")
  Path rulesDir;

  /** A glidepath with the months judged against it. */
  record View(Glidepath glidepath, List<Glidepath.Point> points) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      try (Store store = StoreOptions.openExisting(parent)) {
        for (Glidepath g : new GlidepathStore(store).all()) {
          out.printf(
              Locale.ROOT,
              "%-20s %s, %s: %.2f %% by %s, fitted %s to %s, saved %s%n",
              g.name(),
              g.subject(),
              g.scope(),
              g.target(),
              g.by(),
              g.fitFrom(),
              g.fitTo(),
              g.savedAt());
        }
      }
      out.flush();
      return 0;
    }
    View view;
    try (Store store =
        save != null ? StoreOptions.open(parent) : StoreOptions.openExisting(parent)) {
      view = saved != null ? judgeSaved(store) : fitNew(store);
    }
    if (chart != null) {
      java.nio.file.Files.writeString(
          chart, chartSvg(view), java.nio.charset.StandardCharsets.UTF_8);
    }
    switch (format) {
      case json ->
          out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(view)));
      case csv -> csv(view, out);
      case table -> table(view, out);
    }
    out.flush();
    return 0;
  }

  private View fitNew(Store store) {
    if (what == null || from == null || to == null || target == null || by == null) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "a glidepath needs --process or --measure, --from, --to, --target and --by (or"
              + " --saved NAME, or --list)");
    }
    if (target <= 0 || target > 100) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "--target is a percentage above 0 and at most 100");
    }
    ReportingMonth fitTo = ReportingMonth.parse(to);
    ReportingMonth due = ReportingMonth.parse(by);
    if (due.compareTo(fitTo) < 0) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "--by " + due + " is before the last month fitted " + fitTo);
    }
    Subject subject =
        what.process != null ? Subject.process(what.process) : Subject.measure(what.measure);
    RegionalData data =
        RegionalData.read(
            store,
            RuleFiles.load(parent.storePath(), rulesDir),
            subject,
            ReportingMonth.parse(from),
            fitTo);
    Scope scope = ScopeOptions.checked(scopeOptions.scope(), data);
    List<Counts> series = data.series(scope.level(), scope.key());
    Glidepath g = Glidepath.fit(subject, scope, data.months(), series, target, due);
    if (save != null) {
      g = new GlidepathStore(store).save(g, save, clock.instant());
    }
    return new View(g, g.points(data.months(), series, fitTo));
  }

  private View judgeSaved(Store store) {
    if (what != null || from != null || target != null || by != null || save != null) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "--saved takes the saved glidepath as it is: only --to (the last month to judge) and"
              + " --format go with it");
    }
    Glidepath g =
        new GlidepathStore(store)
            .find(saved)
            .orElseThrow(
                () ->
                    new MeterwatchException(
                        ErrorCode.NOT_FOUND,
                        "no glidepath saved as " + saved + " (meterwatch glidepath --list)"));
    ReportingMonth through = to == null ? g.by() : ReportingMonth.parse(to);
    if (through.compareTo(g.fitFrom()) < 0) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "--to " + through + " is before the glidepath's first month");
    }
    return new View(
        g,
        new GlidepathStore(store).judge(g, RuleFiles.load(parent.storePath(), rulesDir), through));
  }

  static ObjectNode json(View v) {
    Glidepath g = v.glidepath();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("name", g.name());
    root.put(g.subject().kind().name().toLowerCase(Locale.ROOT), g.subject().name());
    root.put("scope", g.scope().toString());
    root.put("target", g.target());
    root.put("by", g.by().toString());
    root.put("fit_from", g.fitFrom().toString());
    root.put("fit_to", g.fitTo().toString());
    root.put("method", Glidepath.METHOD);
    root.put("saved_at", g.savedAt() == null ? null : g.savedAt().toString());
    ObjectNode fit = root.putObject("fit");
    fit.put("months_fitted", g.fit().n());
    fit.put("value_at_fit_from", AnalysisOptions.round(g.fit().intercept(), 4));
    fit.put("slope_points_per_month", AnalysisOptions.round(g.fit().slope(), 4));
    fit.put("slope_p_value", AnalysisOptions.roundP(g.fit().slopePValue()));
    fit.put("residual_sd_points", AnalysisOptions.round(g.fit().residualSd(), 4));
    ReportingMonth reach = g.expectedToReach();
    root.put("expected_to_reach_target", reach == null ? null : reach.toString());
    ReportingMonth below = g.expectedBelowTargetFrom();
    root.put("expected_below_target_from", below == null ? null : below.toString());
    root.put("on_course", reach != null && reach.compareTo(g.by()) <= 0);
    root.put("chance_of_target_by", AnalysisOptions.round(100 * g.chanceByTarget(), 1));
    root.put("sentence", sentence(g));
    ArrayNode months = root.putArray("months");
    for (Glidepath.Point p : v.points()) {
      ObjectNode o = months.addObject();
      o.put("month", p.month().toString());
      o.put("fitted", p.fitted());
      o.put(g.subject().totalWord(), p.actual().total());
      o.put(g.subject().successWord(), p.actual().successes());
      o.put("actual", AnalysisOptions.round(p.actual().rate(), 2));
      o.put("expected", AnalysisOptions.round(p.expected(), 2));
      o.put("lower", AnalysisOptions.round(p.lower(), 2));
      o.put("upper", AnalysisOptions.round(p.upper(), 2));
      o.put("standing", p.standing().name());
    }
    return root;
  }

  /** The glidepath through the report module's one chart path (JFreeChart onto SVG). */
  static String chartSvg(View v) {
    Glidepath g = v.glidepath();
    List<Glidepath.Point> points = v.points();
    return uk.meterwatch.report.chart.Charts.glidepath(
        "Glidepath: " + g.subject() + ", " + g.scope(),
        points.stream().map(p -> p.month().toString()).toList(),
        points.stream().map(p -> p.actual().rate()).toList(),
        points.stream().map(p -> (Double) p.expected()).toList(),
        points.stream().map(p -> (Double) p.lower()).toList(),
        points.stream().map(p -> (Double) p.upper()).toList(),
        g.target(),
        760,
        380);
  }

  static String sentence(Glidepath g) {
    return g.sentence();
  }

  static void csv(View v, PrintWriter out) {
    LongCsv csv =
        new LongCsv(out, "month", "fitted", "actual", "expected", "lower", "upper", "standing");
    for (Glidepath.Point p : v.points()) {
      csv.row(
          p.month(),
          p.fitted(),
          AnalysisOptions.round(p.actual().rate(), 2),
          AnalysisOptions.round(p.expected(), 2),
          AnalysisOptions.round(p.lower(), 2),
          AnalysisOptions.round(p.upper(), 2),
          p.standing());
    }
  }

  static void table(View v, PrintWriter out) {
    Glidepath g = v.glidepath();
    out.printf(
        Locale.ROOT,
        "Glidepath%s: %s, %s, to %.2f %% by %s%n",
        g.name() == null ? "" : " " + g.name(),
        g.subject(),
        g.scope(),
        g.target(),
        g.by());
    out.printf(
        Locale.ROOT,
        "Fitted %s to %s (%d months with data): %s; slope %+.3f points a month (p = %s)%s%n",
        g.fitFrom(),
        g.fitTo(),
        g.fit().n(),
        Glidepath.METHOD,
        g.fit().slope(),
        TrendCommand.p(g.fit().slopePValue()),
        g.savedAt() == null ? "" : "; saved " + g.savedAt());
    out.println(sentence(g));
    out.printf(
        Locale.ROOT,
        "%-8s %-6s %16s %9s %17s  %s%n",
        "month",
        "",
        "actual",
        "expected",
        "95 % interval",
        "against the glidepath");
    for (Glidepath.Point p : v.points()) {
      out.printf(
          Locale.ROOT,
          "%-8s %-6s %16s %9.2f %8.2f-%-8.2f  %s%n",
          p.month(),
          p.fitted() ? "fitted" : "",
          p.actual().rate() == null
              ? "-"
              : String.format(Locale.ROOT, "%.2f (%d)", p.actual().rate(), p.actual().total()),
          p.expected(),
          p.lower(),
          p.upper(),
          words(p.standing()));
    }
  }

  private static String words(Glidepath.Standing s) {
    return switch (s) {
      case ON_OR_ABOVE -> "on or above";
      case BELOW_LINE -> "below, within the interval";
      case BELOW_INTERVAL -> "BELOW the interval";
      case ABOVE_INTERVAL -> "above the interval";
      case NO_DATA -> "no data";
    };
  }
}
