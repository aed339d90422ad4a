package uk.meterwatch.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.time.LocalDate;
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
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.analysis.AreaEvents;
import uk.meterwatch.engine.analysis.Counts;
import uk.meterwatch.engine.analysis.EventStudy;
import uk.meterwatch.engine.analysis.Interval;
import uk.meterwatch.engine.analysis.Level;
import uk.meterwatch.engine.analysis.RegionalData;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.store.Store;

/**
 * {@code meterwatch regional}: success by area, region and provider month by month, and with {@code
 * --event} whether a network event lowered success where it happened (docs/analysis.md).
 */
@Command(
    name = "regional",
    mixinStandardHelpOptions = true,
    description = {
      "Success by area, region and provider; --event: local or national?",
      "Success by area, region and provider, month by month; with --event, whether an area event"
          + " (e.g. 3G_SUNSET) lowered success locally or nationally.",
      "Definitions: docs/analysis.md."
    })
public final class RegionalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand parent;
  @Mixin AnalysisOptions options;

  @Option(
      names = "--event",
      paramLabel = "EVENT",
      description = "An area event of the area_events file, e.g. 3G_SUNSET.")
  String event;

  @Option(
      names = "--by",
      defaultValue = "area",
      paramLabel = "LEVEL",
      description = "The table's split: area, region or provider (default: ${DEFAULT-VALUE}).")
  String by;

  /** The analysis of a store (also used by the pack). */
  record Analysis(RegionalData data, EventStudy.Result study) {}

  @Override
  public Integer call() throws Exception {
    Level level = level(by);
    Analysis a;
    try (Store store = StoreOptions.openExisting(parent)) {
      RegionalData data =
          RegionalData.read(
              store,
              options.rules(parent),
              options.subject(),
              options.fromMonth(),
              options.toMonth());
      EventStudy.Result study = null;
      if (event != null) {
        Map<String, LocalDate> events = AreaEvents.read(store, event);
        study = EventStudy.run(data, event.toUpperCase(Locale.ROOT), events);
      }
      a = new Analysis(data, study);
    }
    PrintWriter out = spec.commandLine().getOut();
    switch (options.format) {
      case json ->
          out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json(a)));
      case csv -> csv(a, out);
      case table -> table(a, level, out);
    }
    out.flush();
    return 0;
  }

  private static Level level(String word) {
    for (Level l : List.of(Level.AREA, Level.REGION, Level.PROVIDER)) {
      if (l.word().equalsIgnoreCase(word)) {
        return l;
      }
    }
    throw new uk.meterwatch.core.error.MeterwatchException(
        uk.meterwatch.core.error.ErrorCode.USAGE,
        "--by must be area, region or provider, not '" + word + "'");
  }

  static ObjectNode json(Analysis a) {
    RegionalData d = a.data();
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put(d.subject().kind().name().toLowerCase(Locale.ROOT), d.subject().name());
    root.put("from", d.months().get(0).toString());
    root.put("to", d.months().get(d.months().size() - 1).toString());
    ArrayNode rows = root.putArray("breakdown");
    for (Level level : Level.values()) {
      for (ReportingMonth m : d.months()) {
        for (Map.Entry<String, Counts> e : d.by(level, m).entrySet()) {
          ObjectNode r = rows.addObject();
          r.put("month", m.toString());
          r.put("level", level.word());
          r.put("key", e.getKey());
          if (level == Level.AREA) {
            r.put("region", d.geography().region(e.getKey()));
          }
          counts(r, d, e.getValue());
        }
      }
    }
    if (a.study() != null) {
      root.set("event_study", json(a.study(), d));
    }
    return root;
  }

  private static void counts(ObjectNode r, RegionalData d, Counts c) {
    r.put(d.subject().totalWord(), c.total());
    r.put(d.subject().successWord(), c.successes());
    r.put("success_rate", AnalysisOptions.round(c.rate(), 2));
  }

  private static ObjectNode json(EventStudy.Result s, RegionalData d) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("event", s.event());
    o.put("verdict", s.verdict().name());
    o.put("sentence", s.sentence());
    o.put("test", s.test());
    o.set("effect_points", interval(s.effect()));
    o.set("national_change_points", interval(s.national()));
    o.put("affected_change_points", AnalysisOptions.round(s.affectedChange(), 4));
    ArrayNode affected = o.putArray("affected");
    for (EventStudy.AffectedArea x : s.affected()) {
      ObjectNode r = affected.addObject();
      r.put("area", x.area());
      r.put("region", x.region());
      r.put("effective_on", x.effectiveOn().toString());
      r.put("first_month_after", x.firstAfter() == null ? null : x.firstAfter().toString());
      ObjectNode before = r.putObject("before");
      counts(before, d, x.before());
      ObjectNode after = r.putObject("after");
      counts(after, d, x.after());
      r.put("change_points", AnalysisOptions.round(x.change(), 4));
      r.put("comparison_change_points", AnalysisOptions.round(x.comparisonChange(), 4));
      r.put("difference_points", AnalysisOptions.round(x.difference(), 4));
      r.put("left_out", x.excludedWhy());
      r.put("decline_continued", x.continued());
      r.put("sentence", x.sentence());
      ArrayNode steps = r.putArray("months");
      for (EventStudy.Step st : x.steps()) {
        ObjectNode m = steps.addObject();
        m.put("month", st.month().toString());
        counts(m, d, st.counts());
        m.put("change_points", AnalysisOptions.round(st.change(), 4));
        m.put("p_below_before", AnalysisOptions.roundP(st.pBelowBefore()));
        m.put("declined", st.declined());
        m.put("continued", st.continued());
      }
    }
    ArrayNode unaffected = o.putArray("unaffected");
    for (String u : s.unaffected()) {
      ObjectNode r = unaffected.addObject();
      r.put("area", u);
      r.put("region", d.geography().region(u));
      r.put("placebo_points", AnalysisOptions.round(s.placebo().get(u), 4));
    }
    return o;
  }

  static ObjectNode interval(Interval i) {
    if (i == null) {
      return null;
    }
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("estimate", AnalysisOptions.round(i.estimate(), 4));
    o.put("lower", AnalysisOptions.round(i.lower(), 4));
    o.put("upper", AnalysisOptions.round(i.upper(), 4));
    o.put("level", i.level());
    o.put("standard_error", AnalysisOptions.round(i.standardError(), 4));
    o.put("degrees_of_freedom", AnalysisOptions.round(i.degreesOfFreedom(), 3));
    o.put("t", AnalysisOptions.round(i.statistic(), 4));
    o.put("p_value", AnalysisOptions.roundP(i.pValue()));
    return o;
  }

  static void csv(Analysis a, PrintWriter out) {
    RegionalData d = a.data();
    LongCsv csv = new LongCsv(out, "section", "level", "key", "month", "measure", "value");
    for (Level level : Level.values()) {
      for (ReportingMonth m : d.months()) {
        for (Map.Entry<String, Counts> e : d.by(level, m).entrySet()) {
          String k = e.getKey();
          Counts c = e.getValue();
          csv.row("breakdown", level.word(), k, m, d.subject().totalWord(), c.total());
          csv.row("breakdown", level.word(), k, m, d.subject().successWord(), c.successes());
          csv.row(
              "breakdown", level.word(), k, m, "success_rate", AnalysisOptions.round(c.rate(), 2));
        }
      }
    }
    EventStudy.Result s = a.study();
    if (s == null) {
      return;
    }
    csv.row("event", "", s.event(), "", "verdict", s.verdict().name());
    intervalCsv(csv, "effect", s.effect());
    intervalCsv(csv, "national_change", s.national());
    for (EventStudy.AffectedArea x : s.affected()) {
      String k = x.area();
      csv.row("affected", "area", k, "", "effective_on", x.effectiveOn());
      csv.row(
          "affected", "area", k, "", "before_rate", AnalysisOptions.round(x.before().rate(), 2));
      csv.row("affected", "area", k, "", "after_rate", AnalysisOptions.round(x.after().rate(), 2));
      csv.row("affected", "area", k, "", "change_points", AnalysisOptions.round(x.change(), 4));
      csv.row(
          "affected", "area", k, "", "difference_points", AnalysisOptions.round(x.difference(), 4));
      csv.row("affected", "area", k, "", "decline_continued", x.continued());
      csv.row("affected", "area", k, "", "left_out", x.excludedWhy());
      for (EventStudy.Step st : x.steps()) {
        csv.row(
            "affected_month",
            "area",
            k,
            st.month(),
            "success_rate",
            AnalysisOptions.round(st.rate(), 2));
        csv.row(
            "affected_month",
            "area",
            k,
            st.month(),
            "change_points",
            AnalysisOptions.round(st.change(), 4));
        csv.row(
            "affected_month",
            "area",
            k,
            st.month(),
            "p_below_before",
            AnalysisOptions.roundP(st.pBelowBefore()));
        csv.row("affected_month", "area", k, st.month(), "declined", st.declined());
        csv.row("affected_month", "area", k, st.month(), "continued", st.continued());
      }
    }
    for (String u : s.unaffected()) {
      csv.row(
          "unaffected",
          "area",
          u,
          "",
          "placebo_points",
          AnalysisOptions.round(s.placebo().get(u), 4));
    }
  }

  private static void intervalCsv(LongCsv csv, String section, Interval i) {
    if (i == null) {
      return;
    }
    csv.row(section, "", "", "", "estimate", AnalysisOptions.round(i.estimate(), 4));
    csv.row(section, "", "", "", "lower", AnalysisOptions.round(i.lower(), 4));
    csv.row(section, "", "", "", "upper", AnalysisOptions.round(i.upper(), 4));
    csv.row(
        section, "", "", "", "degrees_of_freedom", AnalysisOptions.round(i.degreesOfFreedom(), 3));
    csv.row(section, "", "", "", "p_value", AnalysisOptions.roundP(i.pValue()));
  }

  static void table(Analysis a, Level level, PrintWriter out) {
    RegionalData d = a.data();
    out.printf(
        Locale.ROOT,
        "%s, %s to %s: success rate %% by %s (%s)%n",
        d.subject(),
        d.months().get(0),
        d.months().get(d.months().size() - 1),
        level.word(),
        d.subject().totalWord());
    StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-12s", level.word()));
    if (level == Level.AREA) {
      head.append(String.format(Locale.ROOT, " %-9s", "region"));
    }
    for (ReportingMonth m : d.months()) {
      head.append(String.format(Locale.ROOT, " %17s", m));
    }
    out.println(head);
    List<String> keys = new java.util.ArrayList<>(d.keys(level));
    keys.add("national");
    for (String k : keys) {
      Level l = k.equals("national") && !d.keys(level).contains(k) ? Level.NATIONAL : level;
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-12s", k));
      if (level == Level.AREA) {
        line.append(
            String.format(
                Locale.ROOT, " %-9s", l == Level.NATIONAL ? "" : d.geography().region(k)));
      }
      for (ReportingMonth m : d.months()) {
        Counts c = d.counts(l, k, m);
        line.append(
            String.format(
                Locale.ROOT,
                " %17s",
                c.total() == 0
                    ? "-"
                    : String.format(Locale.ROOT, "%6.2f (%d)", c.rate(), c.total())));
      }
      out.println(line);
    }
    EventStudy.Result s = a.study();
    if (s == null) {
      return;
    }
    out.println();
    out.println(s.event() + ": " + s.verdict());
    out.println(s.sentence());
    out.println("Test: " + s.test() + "; 95 % confidence intervals.");
    out.println();
    out.printf(
        Locale.ROOT,
        "%-8s %-9s %-11s %8s %8s %8s %11s %10s%n",
        "area",
        "region",
        "event on",
        "before",
        "after",
        "change",
        "vs others",
        "continued");
    for (EventStudy.AffectedArea x : s.affected()) {
      out.printf(
          Locale.ROOT,
          "%-8s %-9s %-11s %8s %8s %8s %11s %10s%n",
          x.area(),
          x.region(),
          x.effectiveOn(),
          fmt(x.before().rate()),
          fmt(x.after().rate()),
          signed(x.change()),
          signed(x.difference()),
          x.excludedWhy() != null ? "left out" : x.continued() ? "yes" : "no");
    }
    for (EventStudy.AffectedArea x : s.affected()) {
      out.println(
          "  "
              + (x.excludedWhy() != null
                  ? x.area() + ": left out, " + x.excludedWhy()
                  : x.sentence()));
    }
    out.println(
        "Unaffected areas (" + s.unaffected().size() + "): " + String.join(", ", s.unaffected()));
  }

  private static String fmt(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%.2f", v);
  }

  private static String signed(Double v) {
    return v == null ? "-" : String.format(Locale.ROOT, "%+.2f", v);
  }
}
