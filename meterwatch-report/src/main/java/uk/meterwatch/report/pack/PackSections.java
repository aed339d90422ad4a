package uk.meterwatch.report.pack;

import static uk.meterwatch.report.pack.PackDocument.change;
import static uk.meterwatch.report.pack.PackDocument.count;
import static uk.meterwatch.report.pack.PackDocument.day;
import static uk.meterwatch.report.pack.PackDocument.monthName;
import static uk.meterwatch.report.pack.PackDocument.num;
import static uk.meterwatch.report.pack.PackDocument.pct;
import static uk.meterwatch.report.pack.PackDocument.points;
import static uk.meterwatch.report.pack.PackDocument.rate;
import static uk.meterwatch.report.pack.PackDocument.seconds;
import static uk.meterwatch.report.pack.PackDocument.shortMonth;
import static uk.meterwatch.report.pack.PackDocument.status;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.report.chart.Charts;
import uk.meterwatch.report.pack.Pack.ActionLine;
import uk.meterwatch.report.pack.Pack.BpiProcess;
import uk.meterwatch.report.pack.Pack.IncidentLine;
import uk.meterwatch.report.pack.Pack.MeasureLine;
import uk.meterwatch.report.pack.Pack.Miss;
import uk.meterwatch.report.pack.Pack.ReviewLine;
import uk.meterwatch.report.pack.Pack.RiskLine;
import uk.meterwatch.report.pack.Pack.SplitLine;
import uk.meterwatch.report.pack.Pack.Status;
import uk.meterwatch.report.pack.Pack.Trend;
import uk.meterwatch.report.pack.Pack.UserLine;

/** The sections Meterwatch writes (see {@link PackSection}). */
final class PackSections {
  private PackSections() {}

  static List<PackSection> all() {
    return List.of(
        new Actions(),
        new Reports(),
        new Performance(),
        new Bpi(),
        new RegionalView(),
        new RiskRegister(),
        new Reviews(),
        new Appendix());
  }

  private static void notInPack(PackDocument out) {
    out.p("note", "Not in this pack (see the cover).");
  }

  // ---- Actions outstanding ---------------------------------------------------------------------

  static final class Actions implements PackSection {
    @Override
    public String id() {
      return "actions";
    }

    @Override
    public String title(Pack pack) {
      return "Actions outstanding";
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      if (pack.actions() == null) {
        notInPack(out);
        return;
      }
      List<ActionLine> sorted = new ArrayList<>(pack.actions());
      sorted.sort(Comparator.comparing((ActionLine a) -> !a.overdue()));
      long open = sorted.stream().filter(a -> "OPEN".equals(a.status())).count();
      long overdue = sorted.stream().filter(ActionLine::overdue).count();
      long closed = sorted.size() - open;
      out.p(
          null,
          "As at "
              + day(pack.cover().asOf())
              + ": "
              + Names.count(open, "open action")
              + " ("
              + overdue
              + " overdue, listed first), and "
              + Names.count(closed, "action")
              + " closed since "
              + day(java.time.YearMonth.parse(pack.cover().month()).atDay(1))
              + ". Overdue: open after its revised target date, or its target date when not"
              + " revised.");
      if (sorted.isEmpty()) {
        return;
      }
      out.raw("<table class=\"wide\">\n")
          .raw(
              "<colgroup><col style=\"width:10%\"/><col style=\"width:44%\"/><col"
                  + " style=\"width:9%\"/><col style=\"width:10%\"/><col style=\"width:10%\"/>"
                  + "<col style=\"width:10%\"/><col style=\"width:7%\"/></colgroup>\n")
          .head("Ref", "Action", "Owner", "Raised", "Target", "Revised target", "Status");
      for (ActionLine a : sorted) {
        out.raw("<tr>")
            .td(a.ref())
            .td(a.text())
            .td(a.owner())
            .td(day(a.raised()))
            .td(day(a.target()))
            .td(day(a.revisedTarget()))
            .raw("<td>")
            .raw(a.overdue() ? PackDocument.label("Overdue", "#d4351c") + " " : "")
            .text(Names.words(a.status()))
            .raw("</td></tr>\n");
      }
      out.raw("</table>\n");
    }
  }

  // ---- SEC Panel reports -----------------------------------------------------------------------

  static final class Reports implements PackSection {
    @Override
    public String id() {
      return "reports";
    }

    @Override
    public String title(Pack pack) {
      return "SEC Panel reports";
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      out.h3("Registration Data Provider incidents, " + monthName(pack.cover().month()));
      Pack.RdpReport r = pack.rdp();
      if (r == null) {
        notInPack(out);
        return;
      }
      out.p(
          null,
          Names.count(r.opened().size(), "incident")
              + " opened and "
              + r.closed().size()
              + " closed in the month; "
              + r.openAtEnd().size()
              + " open at its end.");
      List<Pack.RdpLine> shown = new ArrayList<>(r.opened());
      r.closed().stream().filter(c -> !shown.contains(c)).forEach(shown::add);
      r.openAtEnd().stream().filter(c -> !shown.contains(c)).forEach(shown::add);
      if (shown.isEmpty()) {
        return;
      }
      out.raw("<table>\n")
          .head("Incident", "Provider", "Title", "Opened", "Resolved", "In the month");
      for (Pack.RdpLine i : shown) {
        List<String> what = new ArrayList<>();
        if (r.opened().contains(i)) {
          what.add("opened");
        }
        if (r.closed().contains(i)) {
          what.add("closed");
        }
        if (what.isEmpty()) {
          what.add("still open");
        }
        out.raw("<tr>")
            .td(i.id())
            .td(i.rdp())
            .td(i.title())
            .td(i.opened())
            .td(i.resolved().isEmpty() ? "open" : i.resolved())
            .td(String.join(" and ", what))
            .raw("</tr>\n");
      }
      out.raw("</table>\n");
    }
  }

  // ---- PMR -------------------------------------------------------------------------------------

  static final class Performance implements PackSection {
    @Override
    public String id() {
      return "pmr";
    }

    @Override
    public String title(Pack pack) {
      return "Performance Measurement Report, " + monthName(pack.cover().month());
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      Pack.Performance perf = pack.performance();
      if (perf != null) {
        summary(perf, out);
        local(perf, out);
        lines(perf, out);
        exceptions(pack, perf, out);
        trends(perf, out);
      } else {
        notInPack(out);
      }
      incidents(pack, out);
    }

    /**
     * Every approved exception applied in the month, with its reason and what it left out of each
     * line (docs/measures.md, "Approved exceptions").
     */
    private static void exceptions(Pack pack, Pack.Performance perf, PackDocument out) {
      if (perf.exceptions().isEmpty()) {
        out.p("note", "No approved exception left anything out of this month's measures.");
        return;
      }
      out.h3("Approved exceptions applied in " + monthName(pack.cover().month()));
      out.p(
          null,
          "Left out of the populations above, as the Performance Measurement Methodology allows"
              + " (the register as it stood on "
              + day(pack.cover().asOf())
              + ").");
      out.raw("<table class=\"wide\">\n").head("Exception", "Reason", "Approved", "Left out of");
      for (Pack.ExceptionApplied e : perf.exceptions()) {
        out.raw("<tr>")
            .td(e.id())
            .td(e.reason())
            .td(day(e.approvedOn()) + ", " + e.approvedBy())
            .td(String.join("; ", e.leftOut()))
            .raw("</tr>\n");
      }
      out.raw("</table>\n");
    }

    private static void summary(Pack.Performance perf, PackDocument out) {
      List<MeasureLine> code =
          perf.lines().stream().filter(l -> l.overall() && !l.local()).toList();
      long belowMinimum = code.stream().filter(l -> l.status() == Status.BELOW_MINIMUM).count();
      out.h3("Code Performance Measures");
      out.p(
          null,
          belowMinimum
              + " of the "
              + Names.count(code.size(), "measure")
              + " of the Code below the Minimum Service Level.");
      out.raw("<table>\n")
          .head(
              "Measure",
              "Name",
              "Value % #",
              "Target % #",
              "Minimum % #",
              "Status",
              "Change on last month #");
      for (MeasureLine l : code) {
        measureRow(l, true, out);
      }
      out.raw("</table>\n")
          .p(
              "note",
              "Status is decided on the exact fraction; values are rounded to 2 decimals. Change"
                  + " is in percentage points.");
      List<Miss> misses =
          perf.misses().stream()
              .filter(m -> code.stream().anyMatch(l -> l.id().equals(m.measureId())))
              .toList();
      if (!misses.isEmpty()) {
        out.h3("Where the misses came from").raw("<ul>\n");
        for (Miss m : misses) {
          out.raw("<li><strong>")
              .text(m.measureId())
              .raw(":</strong> ")
              .text(PackDocument.readable(m.sentence()))
              .raw("</li>\n");
        }
        out.raw("</ul>\n");
      }
      List<MeasureLine> nc =
          perf.lines().stream().filter(l -> l.nonCompliance() && !l.local()).toList();
      out.h3("Non-compliances");
      if (nc.isEmpty()) {
        out.p(null, "No Code measure has been below its minimum long enough to be one.");
      } else {
        out.raw("<ul>\n");
        for (MeasureLine l : nc) {
          out.raw("<li>")
              .text(
                  l.label()
                      + ": below minimum for "
                      + l.consecutiveBelowMinimum()
                      + " consecutive months")
              .raw("</li>\n");
        }
        out.raw("</ul>\n");
      }
    }

    /** Meterwatch's own measures, apart from the Code's and never among its non-compliances. */
    private static void local(Pack.Performance perf, PackDocument out) {
      List<MeasureLine> own = perf.lines().stream().filter(MeasureLine::local).toList();
      if (own.isEmpty()) {
        return;
      }
      out.raw("<div class=\"keep\">\n").h3("Meterwatch's own measures (not the Code's)");
      out.p(
          "note",
          "Defined by Meterwatch (source: local in the rule set), for information: not Code"
              + " Performance Measures, never counted among the Code's measures below minimum or"
              + " its non-compliances.");
      out.raw("<table>\n")
          .head(
              "Line",
              "Name",
              "Value % #",
              "Target % #",
              "Minimum % #",
              "Status",
              "Change on last month #");
      for (MeasureLine l : own) {
        measureRow(l, true, out);
      }
      out.raw("</table>\n</div>\n");
    }

    private static void measureRow(MeasureLine l, boolean withName, PackDocument out) {
      out.raw("<tr>").td(l.label());
      if (withName) {
        out.td(l.name());
      }
      out.tdn(pct(l.value()))
          .tdn(num(l.target()))
          .tdn(num(l.minimum()))
          .raw("<td>")
          .raw(status(l.status()))
          .raw("</td>")
          .tdn(change(l.value(), l.previousValue()))
          .raw("</tr>\n");
    }

    private static void lines(Pack.Performance perf, PackDocument out) {
      out.h3("Every line of the report");
      // Fixed widths: nine columns with a status label that does not wrap ran past the right
      // margin ("Change" cut off) at the tables' usual size.
      out.raw(
              "<table class=\"wide\">\n<colgroup><col style=\"width:21%\"/><col"
                  + " style=\"width:9%\"/><col style=\"width:9%\"/><col style=\"width:11%\"/>"
                  + "<col style=\"width:8%\"/><col style=\"width:8%\"/><col style=\"width:9%\"/>"
                  + "<col style=\"width:16%\"/><col style=\"width:9%\"/></colgroup>\n")
          .head(
              "Line",
              "Unit",
              "Within #",
              "Population #",
              "Value % #",
              "Target % #",
              "Minimum % #",
              "Status",
              "Change #");
      for (MeasureLine l : perf.lines()) {
        out.raw("<tr>")
            .td(l.label() + (l.local() ? " (Meterwatch's own)" : ""))
            .td(l.unit())
            .tdn(count(l.within()))
            .tdn(count(l.population()))
            .tdn(pct(l.value()))
            .tdn(num(l.target()))
            .tdn(num(l.minimum()))
            .raw("<td>")
            .raw(status(l.status()))
            .raw("</td>")
            .tdn(change(l.value(), l.previousValue()))
            .raw("</tr>\n");
      }
      out.raw("</table>\n");
      rejected(perf, out);
    }

    /**
     * How many requests the DCC rejected each request measure left out of its population (an error
     * acknowledgement and no response: docs/measures.md), when any measure counts them.
     */
    private static void rejected(Pack.Performance perf, PackDocument out) {
      List<String> counts = new ArrayList<>();
      for (MeasureLine l : perf.lines()) {
        if (l.rejected() != null && l.overall()) {
          counts.add(l.id() + ": rejected by the DCC: " + l.rejected());
        }
      }
      if (!counts.isEmpty()) {
        out.p(
            "note",
            "Requests the DCC rejected (answered only by an error acknowledgement), left out of the"
                + " populations above: "
                + String.join("; ", counts)
                + ".");
      }
    }

    /**
     * The trends as small multiples: one figure per measure with a panel per scope, all panels of a
     * measure on one scale.
     */
    private static void trends(Pack.Performance perf, PackDocument out) {
      Map<String, List<Trend>> byMeasure = new LinkedHashMap<>();
      for (Trend t : perf.trends()) {
        byMeasure.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
      }
      if (byMeasure.isEmpty()) {
        return;
      }
      out.raw("<section class=\"page\">\n")
          .h3("Trends over 12 months")
          .p(
              "note",
              "Each measure overall and per provider on one shared scale; Target solid green,"
                  + " Minimum dashed red, their levels above each figure. A month without data is a grey band marked \"no"
                  + " data\", never a point at zero; months before the first with data are left"
                  + " out, and the figure says so.");
      for (Map.Entry<String, List<Trend>> e : byMeasure.entrySet()) {
        Trend any = e.getValue().get(0);
        List<String> months = any.points().stream().map(p -> shortMonth(p.month())).toList();
        Map<String, List<? extends Number>> panels = new LinkedHashMap<>();
        for (Trend t : e.getValue()) {
          panels.put(
              "ALL".equals(t.scope()) ? "Overall" : Names.provider(t.scope()),
              t.points().stream().map(Pack.Point::value).toList());
        }
        // Three panels a row in the width of one full-width chart (720 px): 960 px printed their
        // ticks at 6 pt; a figure taller than about 400 px is shrunk by the PDF renderer.
        int columns = Math.min(panels.size(), 3);
        out.raw("<div class=\"keep\">\n")
            .chart(
                Charts.smallMultiples(
                    e.getKey() + ": 12-month trend",
                    months,
                    panels,
                    any.target(),
                    any.minimum(),
                    columns,
                    720 / columns,
                    170))
            .raw("</div>\n");
      }
      out.raw("</section>\n");
    }

    private static void incidents(Pack pack, PackDocument out) {
      Pack.Incidents inc = pack.incidents();
      out.raw("<section class=\"page\">\n").h3("Incidents in " + monthName(pack.cover().month()));
      if (inc == null) {
        notInPack(out);
        out.raw("</section>\n");
        return;
      }
      List<IncidentLine> lines = inc.lines();
      if (lines.isEmpty()) {
        out.p(null, "No incident opened or open in the month.");
      } else {
        // Widths so that no word is broken (an incident id, a date and "Against" each fit their
        // column at the table's 8 pt) and the status label stays in its cell.
        out.raw(
                "<table class=\"wide\">\n<colgroup><col style=\"width:17%\"/><col"
                    + " style=\"width:5%\"/><col style=\"width:13%\"/><col style=\"width:12%\"/>"
                    + "<col style=\"width:12%\"/><col style=\"width:8%\"/><col style=\"width:9%\"/>"
                    + "<col style=\"width:14%\"/><col style=\"width:10%\"/></colgroup>\n")
            .head(
                "Incident",
                "Cat.",
                "Title",
                "Opened",
                "Resolved",
                "Hours",
                "Against target",
                "Components",
                "Cause");
        for (IncidentLine i : lines) {
          out.raw("<tr><td class=\"id\">")
              .text(i.id())
              .raw(i.major() ? "<br/>major" : "")
              .raw("</td>")
              .td(String.valueOf(i.category()))
              .td(i.title())
              .td(i.opened())
              .td(i.resolved() == null ? "open" : i.resolved())
              .tdn(
                  String.format(Locale.UK, "%.1f", i.hours())
                      + (i.targetHours() == null
                          ? ""
                          : String.format(Locale.UK, " of %.0f", i.targetHours())))
              .raw("<td>")
              .raw(
                  i.withinTarget()
                      ? PackDocument.label("Within", Status.TARGET_MET.colour())
                      : PackDocument.label("Over", Status.BELOW_MINIMUM.colour()))
              .raw("</td>")
              .td(i.components())
              .td(i.cause())
              .raw("</tr>\n");
        }
        out.raw("</table>\n")
            .p(
                "note",
                "Hours: to resolution, or to the end of the pack's as-of day while open, of the"
                    + " Target Resolution Time of its category (\"6.5 of 4\": over target). A major"
                    + " incident whose review is not published by then has its cause \"Not yet"
                    + " established\".");
      }
      if (!inc.trendMonths().isEmpty()) {
        Map<String, List<Long>> series = new LinkedHashMap<>();
        inc.trendByCategory().forEach((cat, n) -> series.put("Category " + cat, n));
        out.raw("<div class=\"keep\">\n")
            .h3(
                "Incidents opened each month, "
                    + monthName(inc.trendMonths().get(0))
                    + " to "
                    + monthName(inc.trendMonths().get(inc.trendMonths().size() - 1)));
        if (series.isEmpty()) {
          out.p(null, "No incident was opened in these months.");
        } else {
          out.chart(
              Charts.stackedBars(
                  "Incidents opened, by category",
                  "Incidents",
                  inc.trendMonths().stream().map(PackDocument::shortMonth).toList(),
                  series,
                  720,
                  300));
          out.raw("<table>\n<tr><th>Category</th>");
          for (String m : inc.trendMonths()) {
            out.raw("<th class=\"n\">").text(shortMonth(m)).raw("</th>");
          }
          out.raw("</tr>\n");
          series.forEach(
              (cat, n) -> {
                out.raw("<tr>").td(cat);
                n.forEach(out::td);
                out.raw("</tr>\n");
              });
          out.raw("</table>\n");
        }
        out.raw("</div>\n");
      }
      if (inc.mapSvg() != null) {
        out.raw("<section class=\"page\">\n")
            .h3("Where incidents occurred, " + inc.mapPeriod())
            .chart(inc.mapSvg());
        out.h3("Problem areas and next steps");
        if (inc.hotspots().isEmpty()) {
          out.p(null, "No incident or unplanned outage in the period.");
        } else {
          out.raw("<table>\n")
              .head(
                  "Component",
                  "Incidents #",
                  "Outage minutes #",
                  "Causes",
                  "Next steps (open actions)");
          for (Pack.Hotspot s : inc.hotspots()) {
            out.raw("<tr>")
                .td(s.component())
                .td(s.incidents())
                .td(s.outageMinutes())
                .td(s.causes())
                .td(s.nextSteps().isEmpty() ? "none recorded" : String.join("; ", s.nextSteps()))
                .raw("</tr>\n");
          }
          out.raw("</table>\n")
              .p(
                  "note",
                  "Next steps: the actions open at the pack's date that name one of the"
                      + " component's incidents in their text, or that its major incident review"
                      + " lists as follow-up.");
        }
        out.raw("</section>\n");
      }
      out.raw("</section>\n");
    }
  }

  // ---- BPIs ------------------------------------------------------------------------------------

  static final class Bpi implements PackSection {
    @Override
    public String id() {
      return "bpi";
    }

    @Override
    public String title(Pack pack) {
      return "Business Process Indicators, " + monthName(pack.cover().month());
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      if (pack.bpi() == null) {
        notInPack(out);
        return;
      }
      int hours = pack.bpi().isEmpty() ? 24 : pack.bpi().get(0).slowSuccessHours();
      out.raw("<table>\n")
          .head(
              "Process",
              "Transactions #",
              "Successes #",
              "Success % #",
              "Within " + hours + " h % #",
              "Per request % #",
              "Change on last month #",
              "Flagged Users #");
      for (BpiProcess p : pack.bpi()) {
        out.raw("<tr>")
            .td(Names.process(p.process()))
            .td(p.transactions())
            .td(p.successes())
            .tdn(rate(p.successRate()))
            .tdn(rate(p.timelySuccessRate()))
            .tdn(rate(p.requestSuccessRate()))
            .tdn(p.change() == null ? "n/a" : points(p.change().changePoints()))
            .td(p.users().stream().filter(UserLine::flagged).count())
            .raw("</tr>\n");
      }
      out.raw("</table>\n")
          .p(
              "note",
              "Success %: successful transactions / transactions (a transaction is a User's first"
                  + " request for a process on a device and its retries). Within "
                  + hours
                  + " h: successes no later than "
                  + hours
                  + " h after the request was due. Per request: requests answered I0 / requests,"
                  + " which retries and duplicates drag down. Change in percentage points.");
      glidepaths(pack, out);
      for (BpiProcess p : pack.bpi()) {
        process(p, out);
      }
    }

    /**
     * Each glidepath: its line with the 95 % prediction interval, the target and each month's
     * actual (the glidepath command's figures), and how it is calculated.
     */
    private static void glidepaths(Pack pack, PackDocument out) {
      for (Pack.GlidepathFigure g : pack.glidepaths()) {
        String target = PackDocument.plain(g.target());
        String title =
            "Glidepath: "
                + g.subject()
                + ", "
                + g.scope()
                + ", to "
                + target
                + " % by "
                + monthName(g.by());
        List<Pack.GlidePoint> points = g.points();
        out.raw("<div class=\"keep\">\n")
            .h3(title)
            .p(null, PackDocument.readable(g.sentence()))
            .chart(
                Charts.glidepath(
                    title,
                    points.stream().map(x -> shortMonth(x.month())).toList(),
                    points.stream().map(Pack.GlidePoint::actual).toList(),
                    points.stream().map(x -> (Double) x.expected()).toList(),
                    points.stream().map(x -> (Double) x.lower()).toList(),
                    points.stream().map(x -> (Double) x.upper()).toList(),
                    g.target(),
                    720,
                    330))
            .raw("</div>\n");
        out.raw("<table class=\"glide\">\n")
            .head(
                "Month",
                "Actual % (transactions) #",
                "Glidepath % #",
                "95 % interval #",
                "Against the glidepath");
        for (Pack.GlidePoint x : points) {
          boolean after = x.month().compareTo(pack.cover().month()) > 0;
          out.raw("<tr>")
              .td(shortMonth(x.month()) + (x.fitted() ? " (fitted)" : ""))
              .tdn(
                  x.actual() == null
                      ? (after ? "" : "no data")
                      : PackDocument.two(x.actual())
                          + " ("
                          + String.format(Locale.UK, "%,d", x.total())
                          + ")")
              .tdn(PackDocument.two(x.expected()))
              .tdn(PackDocument.two(x.lower()) + " to " + PackDocument.two(x.upper()))
              .td(after ? "after this pack's month" : x.standing())
              .raw("</tr>\n");
        }
        out.raw("</table>\n")
            .raw("<p class=\"note\"><strong>How this is calculated.</strong> ")
            .text(
                "An ordinary least-squares line of the monthly success rate (successful"
                    + " transactions / transactions) on the month, fitted to the "
                    + g.monthsFitted()
                    + " months with data from "
                    + monthName(g.fitFrom())
                    + " to "
                    + monthName(g.fitTo())
                    + "; the dashed lines are its 95 % prediction interval, yhat +- t(n - 2,"
                    + " 0.975) x s x sqrt(1 + 1/n + (x - mean x)^2 / Sxx), s the residual standard"
                    + " error (Montgomery, Peck and Vining, Introduction to Linear Regression"
                    + " Analysis, 2.5); the chance is the line's predictive t distribution's at or"
                    + " above the target in the target month. Each month's actual is judged"
                    + " against the line: below the interval is a miss the forecast did not"
                    + " allow for. "
                    + (g.name() == null
                        ? "No glidepath is saved, so this is the pack's default: "
                            + target
                            + " % by December, fitted to the pack's month and the five before"
                            + " (meterwatch glidepath --save NAME keeps one, docs/analysis.md)."
                        : "Saved as "
                            + g.name()
                            + ": every month is judged against the forecast as saved, never a"
                            + " refit (meterwatch glidepath --saved "
                            + g.name()
                            + ")."))
            .raw("</p>\n");
      }
    }

    private static void process(BpiProcess p, PackDocument out) {
      String name = Names.process(p.process());
      out.raw("<section class=\"page\">\n").h3(name);
      if (p.transactions() == 0) {
        out.p(null, "No transactions this month.").raw("</section>\n");
        return;
      }
      out.p(
          null,
          Names.count(p.transactions(), "transaction")
              + " ("
              + Names.count(p.requests(), "request")
              + ", of which "
              + Names.count(p.retries(), "retry", "retries")
              + " and "
              + Names.count(p.duplicates(), "duplicate")
              + "). Transaction success "
              + rate(p.successRate())
              + " %, "
              + rate(p.timelySuccessRate())
              + " % within "
              + p.slowSuccessHours()
              + " h of being due; counted per request "
              + rate(p.requestSuccessRate())
              + " %.");
      Map<String, Long> bars = waterfallBars(p);
      out.chart(
          Charts.waterfall(
              name + ": success waterfall (transactions)", bars, 720, 90 + 30 * (bars.size() + 1)));
      // A bucket a row: one row per bucket always fits the page (a column per bucket did not).
      long total = bars.values().stream().mapToLong(Long::longValue).sum();
      out.raw("<table class=\"buckets\">\n").head("Bucket", "Transactions #", "Share % #");
      bars.forEach(
          (k, v) ->
              out.raw("<tr>")
                  .td(k)
                  .td(v)
                  .tdn(total == 0 ? "" : String.format(Locale.UK, "%.1f", 100.0 * v / total))
                  .raw("</tr>\n"));
      out.raw("<tr><th>Total</th>")
          .td(total)
          .tdn(total == 0 ? "" : "100.0")
          .raw("</tr>\n</table>\n");
      if (!p.otherFailureCodes().isEmpty()) {
        List<String> parts = new ArrayList<>();
        p.otherFailureCodes().forEach((k, v) -> parts.add(k + " " + v));
        out.p("note", "Other failures by code: " + String.join(", ", parts) + ".");
      }
      change(p, out);
      splits(p, out);
      Map<String, Long> dist = distribution(p.timeToSuccess());
      Map<String, Double> rates = new LinkedHashMap<>();
      rates.put("Per request", p.requestSuccessRate());
      rates.put("Transactions", p.successRate());
      rates.put("Within " + p.slowSuccessHours() + " h", p.timelySuccessRate());
      // Full width, one under the other: side by side their text printed at 6 pt.
      out.chart(
          Charts.bars(
              name + ": time to success",
              "From when the request was due",
              "Transactions",
              dist,
              720,
              300));
      out.chart(Charts.percentBars(name + ": success rate", "% successful", rates, 720, 220));
      Pack.TimeToSuccess t = p.timeToSuccess();
      out.p(
          "note",
          "Median time to success "
              + seconds(t.medianS())
              + ", 95th percentile "
              + seconds(t.p95S())
              + ", from when the request was due.");
      List<UserLine> flagged = p.users().stream().filter(UserLine::flagged).toList();
      out.h3("Flagged Users");
      if (flagged.isEmpty()) {
        out.p(null, "No User flagged.");
      } else {
        out.raw("<table>\n")
            .head(
                "User",
                "Transactions #",
                "Successes #",
                "Success % #",
                "Requests #",
                "Duplicates #");
        for (UserLine u : flagged) {
          out.raw("<tr>")
              .td(u.user())
              .td(u.transactions())
              .td(u.successes())
              .tdn(rate(u.successRate()))
              .td(u.requests())
              .td(u.duplicates())
              .raw("</tr>\n");
        }
        out.raw("</table>\n");
      }
      out.raw("</section>\n");
    }

    /**
     * The waterfall's bars: each success bucket less its slow successes, then the slow successes
     * together as a bar of their own, then the failures: they still add up to the transactions.
     */
    static Map<String, Long> waterfallBars(BpiProcess p) {
      return p.waterfallBars();
    }

    private static void change(BpiProcess p, PackDocument out) {
      Pack.Change c = p.change();
      if (c == null) {
        return;
      }
      out.raw("<div class=\"keep\">\n").h3("On " + monthName(c.previousMonth()));
      if (c.changePoints() == null) {
        out.p(null, "No transactions in one of the two months: no change to explain.");
        out.raw("</div>\n");
        return;
      }
      out.p(
          null,
          "Success "
              + rate(c.previousSuccessRate())
              + " % in "
              + monthName(c.previousMonth())
              + " ("
              + Names.count(c.previousTransactions(), "transaction")
              + "), "
              + rate(p.successRate())
              + " % now: "
              + points(c.changePoints())
              + " percentage points. What moved it most (contributions in percentage points;"
              + " each list adds up to the change):");
      out.raw("<table>\n").head("Users", "Last month", "This month", "Contribution #");
      for (Pack.Mover m : c.users()) {
        out.raw("<tr>")
            .td(m.name())
            .td(m.before())
            .td(m.now())
            .tdn(points(m.contributionPoints()))
            .raw("</tr>\n");
      }
      out.raw("</table>\n<table>\n")
          .head("Failure causes", "Last month", "This month", "Contribution #");
      for (Pack.Mover m : c.causes()) {
        out.raw("<tr>")
            .td(m.name())
            .td(m.before())
            .td(m.now())
            .tdn(points(m.contributionPoints()))
            .raw("</tr>\n");
      }
      out.raw("</table>\n</div>\n");
    }

    private static void splits(BpiProcess p, PackDocument out) {
      if (p.splits().isEmpty()) {
        return;
      }
      out.raw("<div class=\"keep\">\n").h3("Split by device, region and use");
      out.raw("<table class=\"splits\">\n")
          .head(
              "Split",
              "Part",
              "Transactions #",
              "Successes #",
              "Success % #",
              "After " + p.slowSuccessHours() + " h #");
      for (Map.Entry<String, List<SplitLine>> e : p.splits().entrySet()) {
        boolean first = true;
        for (SplitLine l : e.getValue()) {
          out.raw("<tr>")
              .td(first ? e.getKey() : "")
              .td(l.part())
              .td(l.transactions())
              .td(l.successes())
              .tdn(rate(l.successRate()))
              .td(l.slowSuccesses())
              .raw("</tr>\n");
          first = false;
        }
      }
      out.raw("</table>\n")
          .p(
              "note",
              "Each transaction by its first request's device and SRV. The parts of each split"
                  + " add up to the process, but the cohorts add up to SMETS1 and the use cases"
                  + " to change of supply.")
          .raw("</div>\n");
    }

    /** The engine's cumulative counts as exclusive bands that add up to the successes. */
    static Map<String, Long> distribution(Pack.TimeToSuccess t) {
      Map<String, Long> d = new LinkedHashMap<>();
      d.put("Within target", t.withinTarget());
      d.put("Target to 1 h", t.within1h() - t.withinTarget());
      d.put("1 h to 24 h", t.within24h() - t.within1h());
      d.put("Over 24 h", t.over24h());
      return d;
    }
  }

  // ---- Regional --------------------------------------------------------------------------------

  static final class RegionalView implements PackSection {
    @Override
    public String id() {
      return "regional";
    }

    @Override
    public String title(Pack pack) {
      return "Regional view";
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      Pack.Regional r = pack.regional();
      if (r == null) {
        notInPack(out);
        return;
      }
      out.p(
          null,
          "Share of service requests answered with success (I0), by region (the provider serving"
              + " the device), month by month.");
      Map<String, List<Double>> named = new LinkedHashMap<>();
      r.successByRegion().forEach((k, v) -> named.put(Names.region(k), v));
      // The table starts where the chart does, at the first month with data: six columns of "no
      // data" before it said nothing.
      int first = firstWithData(r.months().size(), named.values());
      out.chart(
          Charts.lines(
              "Success by region",
              "% of requests successful",
              r.months().stream().map(PackDocument::shortMonth).toList(),
              named,
              720,
              330));
      out.raw("<table>\n<tr><th>Region, % #</th>");
      for (String m : r.months().subList(first, r.months().size())) {
        out.raw("<th class=\"n\">").text(shortMonth(m)).raw("</th>");
      }
      out.raw("</tr>\n");
      named.forEach(
          (region, values) -> {
            out.raw("<tr>").td(region);
            values
                .subList(first, values.size())
                .forEach(v -> out.tdn(v == null ? "no data" : String.format(Locale.UK, "%.1f", v)));
            out.raw("</tr>\n");
          });
      out.raw("</table>\n");
      areas(r.months(), r.areas(), out);
    }

    /** Small multiples of success by area, the event study's verdict and how it is calculated. */
    private static void areas(List<String> months, Pack.Areas a, PackDocument out) {
      if (a == null) {
        return;
      }
      out.h3("By area: " + a.subject());
      String event = a.event() == null ? null : Names.event(a.event());
      if (a.sentence() != null) {
        out.raw("<p><strong>")
            .text(event)
            .raw(":</strong> ")
            .text(named(a.sentence(), a.event()))
            .raw("</p>\n");
        if (!a.areaSentences().isEmpty()) {
          out.raw("<ul>\n");
          a.areaSentences().forEach(x -> out.raw("<li>").text(named(x, a.event())).raw("</li>\n"));
          out.raw("</ul>\n");
        }
      }
      double lo = Double.POSITIVE_INFINITY;
      double hi = Double.NEGATIVE_INFINITY;
      for (List<Double> values : a.successByArea().values()) {
        for (Double v : values) {
          if (v != null) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
      // From the first month any area has data, as the other figures: panels half blank before
      // it said nothing.
      int first = firstWithData(months.size(), a.successByArea().values());
      List<String> shortMonths =
          months.subList(first, months.size()).stream().map(PackDocument::shortMonth).toList();
      if (first > 0 && first < months.size()) {
        out.p("note", "Data from " + shortMonths.get(0) + ": there is none before it.");
      }
      out.raw("<div class=\"multiples\">\n");
      for (Map.Entry<String, List<Double>> e : a.successByArea().entrySet()) {
        String eventMonth = a.eventMonthOfArea().get(e.getKey());
        String title =
            e.getKey()
                + " ("
                + Names.words(a.regionOfArea().getOrDefault(e.getKey(), ""))
                + ")"
                + (eventMonth == null ? "" : ": " + event + " " + shortMonth(eventMonth));
        List<Double> values = e.getValue();
        out.raw("<div class=\"multiple\">")
            .raw(
                PackDocument.inline(
                    Charts.panel(
                        title,
                        shortMonths,
                        values.subList(Math.min(first, values.size()), values.size()),
                        lo,
                        hi,
                        eventMonth == null ? null : shortMonth(eventMonth),
                        240,
                        170)))
            .raw("</div>\n");
      }
      out.raw("</div>\n")
          .raw("<p class=\"note\"><strong>How this is calculated.</strong> ")
          .text(named(a.howCalculated(), a.event()))
          .raw("</p>\n");
    }
  }

  /** The first month index where any series has a value (the size when none has one). */
  static int firstWithData(int months, java.util.Collection<? extends List<Double>> all) {
    int first = months;
    for (List<Double> values : all) {
      for (int m = 0; m < values.size() && m < first; m++) {
        if (values.get(m) != null) {
          first = m;
          break;
        }
      }
    }
    return first == months ? 0 : first;
  }

  /** An engine's sentence with the event by its name and months as words. */
  static String named(String sentence, String event) {
    String s = event == null ? sentence : sentence.replace(event, Names.event(event));
    return PackDocument.readable(s);
  }

  // ---- Risks -----------------------------------------------------------------------------------

  static final class RiskRegister implements PackSection {
    @Override
    public String id() {
      return "risks";
    }

    @Override
    public String title(Pack pack) {
      return "Risk register";
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      if (pack.risks() == null) {
        notInPack(out);
        return;
      }
      List<RiskLine> risks = pack.risks().lines();
      int threshold = pack.risks().escalationThreshold();
      Map<Integer, List<String>> cells = new TreeMap<>();
      for (RiskLine r : risks) {
        cells.computeIfAbsent(r.likelihood() * 10 + r.impact(), k -> new ArrayList<>()).add(r.id());
      }
      out.p(
          null,
          "Open risks as at "
              + day(pack.cover().asOf())
              + ", rated as then. Severity = likelihood x impact. Cells at "
              + threshold
              + " and above (bold border) are escalated to the SEC Panel.");
      out.raw("<table class=\"heat\">\n");
      for (int l = 5; l >= 1; l--) {
        out.raw("<tr><th>").text(l == 5 ? "Likelihood 5" : String.valueOf(l)).raw("</th>");
        for (int i = 1; i <= 5; i++) {
          int sev = l * i;
          out.raw("<td style=\"background:")
              .raw(heat(sev))
              .raw(";")
              .raw(sev >= threshold ? "border:3px solid #0b0c0c;" : "")
              .raw("\"><span class=\"note\">")
              .raw(String.valueOf(sev))
              .raw("</span><br/>")
              .text(String.join(", ", cells.getOrDefault(l * 10 + i, List.of())))
              .raw("</td>");
        }
        out.raw("</tr>\n");
      }
      out.raw("<tr><th></th>");
      for (int i = 1; i <= 5; i++) {
        out.raw("<th>").text(i == 1 ? "Impact 1" : String.valueOf(i)).raw("</th>");
      }
      out.raw("</tr>\n</table>\n");
      List<RiskLine> escalated =
          risks.stream()
              .filter(r -> r.severity() >= threshold)
              .sorted(
                  Comparator.comparingInt(RiskLine::severity)
                      .reversed()
                      .thenComparing(RiskLine::id))
              .toList();
      out.h3("Escalated risks");
      if (escalated.isEmpty()) {
        out.p(null, "No risk at or above the escalation threshold.");
        return;
      }
      out.raw("<table>\n")
          .head("Risk", "Title", "Likelihood #", "Impact #", "Severity #", "Band", "Owner");
      for (RiskLine r : escalated) {
        out.raw("<tr>")
            .td(r.id())
            .td(r.title())
            .td(r.likelihood())
            .td(r.impact())
            .td(r.severity())
            .td(r.band())
            .td(r.owner())
            .raw("</tr>\n");
      }
      out.raw("</table>\n");
    }

    static String heat(int severity) {
      if (severity >= 20) {
        return "#f4b5ab";
      }
      if (severity >= 15) {
        return "#fbd3b0";
      }
      if (severity >= 8) {
        return "#fff2a8";
      }
      return "#cce2d8";
    }
  }

  // ---- Major incident reviews ------------------------------------------------------------------

  static final class Reviews implements PackSection {
    @Override
    public String id() {
      return "reviews";
    }

    @Override
    public String title(Pack pack) {
      return "Major incident reviews";
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      if (pack.incidents() == null || pack.incidents().reviews() == null) {
        notInPack(out);
        return;
      }
      List<ReviewLine> reviews = pack.incidents().reviews();
      if (reviews.isEmpty()) {
        out.p(null, "No major incident opened or open in the month.");
        return;
      }
      out.p(
          null,
          "The month's major incidents and their reviews as at "
              + day(pack.cover().asOf())
              + ": the latest published version, or where the review stands.");
      for (ReviewLine r : reviews) {
        out.raw("<div class=\"keep\"><h3>").text(r.incidentId()).raw("</h3>\n");
        out.p(null, r.status());
        if (r.version() > 0) {
          out.raw("<table>\n");
          r.rag()
              .forEach(
                  (area, rag) ->
                      out.raw("<tr><th>")
                          .text(area)
                          .raw("</th><td>")
                          .raw(rag(rag))
                          .raw("</td></tr>\n"));
          out.row("Root cause", r.rootCause())
              .row("Summary", r.summary())
              .row("Follow-up actions", String.join(", ", r.actions()))
              .raw("</table>\n");
        }
        out.raw("</div>\n");
      }
    }

    static String rag(String rag) {
      if (rag == null) {
        return "not rated";
      }
      String colour =
          switch (rag.toUpperCase(Locale.ROOT)) {
            case "RED" -> "#d4351c";
            case "AMBER" -> "#b35900";
            case "GREEN" -> "#00703c";
            default -> "#505a5f";
          };
      return PackDocument.label(Names.words(rag), colour);
    }
  }

  // ---- Appendix --------------------------------------------------------------------------------

  static final class Appendix implements PackSection {
    @Override
    public String id() {
      return "appendix";
    }

    @Override
    public String title(Pack pack) {
      return "Appendix: how these are calculated";
    }

    @Override
    public void write(Pack pack, PackDocument out) {
      RuleSet rules = pack.ruleSet();
      out.raw("<p>Generated from the rule set in force for the month: <strong>")
          .text(PackHtml.ruleSetName(rules))
          .raw("</strong>. ")
          .text(rules.description() == null ? "" : rules.description())
          .raw("</p>\n");
      out.h3("The pack's date")
          .p(
              null,
              "The pack is as of "
                  + day(pack.cover().asOf())
                  + ": the registers as they stood at the end of that day (UK time). An action"
                  + " raised later is not in it, one closed later is shown open, overdue is judged"
                  + " on that day; incidents, risk ratings and reviews likewise; changes recorded"
                  + " in the registers after it are undone. Made again with the same date and"
                  + " data, the pack says the same.");
      out.h3("Service measures");
      for (MeasureDefinition m : rules.measures()) {
        out.raw("<div class=\"definition keep\"><strong>")
            .text(m.id() + " " + m.name())
            .raw("</strong> (target ")
            .text(num(m.target()))
            .raw(" %, minimum ")
            .text(num(m.minimum()))
            .raw(" %")
            .text(m.perProvider() ? ", also per provider" : "")
            .text(PackHtml.isLocal(m) ? "; Meterwatch's own measure, not the Code's" : "")
            .raw(")<br/>")
            .text(m.definition() == null ? "" : m.definition())
            .raw("<br/><em>Source: ")
            .text(
                m.local()
                    ? "local (Meterwatch's own reading: no public text defines this measure)"
                    : m.source())
            .raw("</em></div>\n");
      }
      out.h3("Target Response Times").raw("<table>\n");
      out.row("On-demand, non-critical", rules.responseTimes().onDemand() + " s")
          .row("On-demand, critical", rules.responseTimes().onDemandCritical() + " s")
          .row(
              "Future-dated (after the scheduled execution)",
              rules.responseTimes().futureDated() + " s")
          .row("Alerts", rules.responseTimes().alert() + " s")
          .raw("</table>\n");
      out.h3("Target Resolution Times").raw("<table>\n");
      new TreeMap<>(rules.resolutionHours())
          .forEach((cat, h) -> out.row("Category " + cat, h + " h"));
      out.raw("</table>\n")
          .p(
              null,
              "An incident is held to the Target Resolution Time of the rule set in force on the"
                  + " day it opened (UK time), in the incident table and in CPM4/CPM5.")
          .p(
              null,
              "A measure below its minimum for "
                  + rules.persistenceThreshold()
                  + " consecutive months goes on the list of non-compliances (the Code's measures"
                  + " only).");
      out.h3("Incidents over time")
          .p(
              null,
              "The monthly count is of incidents opened in each month (UK time), by category. The"
                  + " map counts every incident open at some time in its period on each component"
                  + " and service it touched, with the minutes of unplanned outage; a major"
                  + " incident whose review is not published by the pack's date has its cause"
                  + " \"Not yet established\" whatever class the register gives it for now.");
      out.h3("Business Process Indicators").raw("<table>\n").head("Process", "SRVs");
      rules
          .processes()
          .forEach(
              (p, srvs) ->
                  out.raw("<tr>")
                      .td(Names.process(p))
                      .td(String.join(", ", srvs.stream().map(Names::srv).toList()))
                      .raw("</tr>\n"));
      out.raw("</table>\n");
      var b = rules.bpi();
      out.raw("<ul>\n<li>")
          .text(
              "A business transaction is a User's first request for a process on a device plus its"
                  + " retries: a request more than "
                  + b.retryWindowHours()
                  + " h after the transaction's first starts a new transaction.")
          .raw("</li>\n<li>")
          .text(
              "A repeat within "
                  + b.duplicateWindowMinutes()
                  + " minutes of a success, or sent while the previous attempt had no final"
                  + " response yet, is a duplicate, not a new transaction.")
          .raw("</li>\n<li>")
          .text(
              "Waterfall buckets, exclusive and tested in this order, so they add up to the"
                  + " transactions: first-time success (the first attempt's final response is I0);"
                  + " re-try success (a later attempt succeeded); subsequent success (a late I0"
                  + " after a failure was reported); pending (no response yet); incorrect"
                  + " certificate (E4, or the device's certificate belongs to another User, except"
                  + " in a change of supply, where it does by design); communicating (E20/E21"
                  + " although the device answered I0 in the last "
                  + b.communicationEvidenceDays()
                  + " days); non-communicating (E20/E21 without that evidence); other failure (any"
                  + " other code).")
          .raw("</li>\n<li>")
          .text(
              "Time to success: from when the first request was due (its execute_at for a"
                  + " future-dated request, else its receipt) to the first I0. Within target: no"
                  + " later than the request's Target Response Time (the future-dated time for a"
                  + " future-dated request).")
          .raw("</li>\n<li>")
          .text(
              "Success after "
                  + b.slowSuccessHours()
                  + " h (a slow success): a success more than "
                  + b.slowSuccessHours()
                  + " h after the request was due. It stays a success of its bucket but the"
                  + " waterfall shows it as a bar of its own, so a success and a success after a"
                  + " day are never one number; \"within "
                  + b.slowSuccessHours()
                  + " h\" = successes less slow successes, over transactions.")
          .raw("</li>\n<li>")
          .text(
              "Transaction success rate = successful transactions / transactions. Naive (per"
                  + " request) success rate = requests answered I0 / requests: retries and"
                  + " duplicates inflate its failures.")
          .raw("</li>\n<li>")
          .text(
              "Splits: each transaction by its first request: SMETS generation and SMETS1"
                  + " cohort (IOC, MOC, FOC) from the devices file, region (the provider serving the"
                  + " device), change of supply use case and SRV.")
          .raw("</li>\n<li>")
          .text(
              "On last month: a User's contribution is (t1 / T1) x (r1 - R0) - (t0 / T0) x (r0 -"
                  + " R0) percentage points, t and r its transactions and success rate this month"
                  + " (1) and last (0), T the process's transactions, R0 last month's rate: a User"
                  + " at last month's rate adds nothing whatever its volume. A failure cause's is"
                  + " the fall in its share of the transactions. Each list adds up to the change.")
          .raw("</li>\n<li>")
          .text(
              "A User is flagged when its failure rate exceeds "
                  + String.format(Locale.UK, "%.0f", b.flagFailureRate())
                  + " % with at least "
                  + b.flagMinTransactions()
                  + " transactions.")
          .raw("</li>\n<li>")
          .text(
              "Change of supply use cases: supplier switch (the certificate owner is another"
                  + " organisation), internal migration (same organisation), not known.")
          .raw("</li>\n</ul>\n");
      List<String> bands = new ArrayList<>();
      rules.risks().bands().forEach(x -> bands.add(x.name() + " from " + x.min()));
      out.h3("Risks")
          .p(
              null,
              "Severity = likelihood x impact (1 to 5 each); bands: "
                  + String.join(", ", bands)
                  + "; escalated to the SEC Panel from "
                  + rules.risks().escalationThreshold()
                  + ".");
      out.h3("Publication")
          .p(
              null,
              "A pack classified CLEAR never names a User: Users appear as \"User A\", \"User"
                  + " B\", ... in order of user_id.");
    }
  }
}
