package uk.meterwatch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RiskSettings;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.MonthOnMonth;
import uk.meterwatch.engine.bpi.ProcessIndicators;
import uk.meterwatch.engine.pmr.Explanation;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.AuditEntry;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.IncidentStatus;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.registers.RiskAssessment;
import uk.meterwatch.engine.store.LoadHistory;
import uk.meterwatch.engine.store.Quarantine;
import uk.meterwatch.engine.store.StoreStatus;
import uk.meterwatch.report.chart.Charts;
import uk.meterwatch.report.chart.Sparkline;
import uk.meterwatch.report.pack.Names;
import uk.meterwatch.report.pack.Pack;
import uk.meterwatch.report.pack.PackAssembler;
import uk.meterwatch.report.pack.PackDocument;
import uk.meterwatch.web.auth.Account;
import uk.meterwatch.web.auth.Sessions;

/** The HTML pages: each reads the request, asks the engine, and fills a {@link Page}. */
final class Pages {
  private final WebServer server;

  Pages(WebServer server) {
    this.server = server;
  }

  void routes(RoutesConfig r) {
    r.get("/login", this::loginForm);
    r.post("/login", this::login);
    r.post("/logout", this::logout);
    r.get("/", this::overview);
    r.get("/measures/{id}", this::measure);
    r.get("/bpi", this::bpi);
    r.get("/incidents", this::incidents);
    r.get("/incidents/{id}", this::incident);
    r.get("/risks", this::risks);
    r.get("/risks/{id}", this::risk);
    r.get("/actions", this::actions);
    r.get("/action", this::action);
    r.get("/exceptions", this::exceptions);
    r.get("/loads", this::loads);
    r.get("/quarantine", this::quarantine);
    r.get("/audit", this::audit);
    r.get("/map", this::map);
    r.get("/accounts", this::accounts);
  }

  // ---- login -----------------------------------------------------------------------------------

  private void loginForm(Context ctx) {
    Sessions.Session s = server.session(ctx).orElseGet(() -> server.sessions().create(null));
    server.setSessionCookie(ctx, s);
    if (s.account() != null) {
      ctx.redirect("/");
      return;
    }
    server.renderAnonymous(ctx, loginPage(null, ctx.queryParam("next")), s.csrf());
  }

  private Page loginPage(String problem, String next) {
    Page page = new Page("Sign in", "");
    if (problem != null) {
      page.add(new Page.Notice("error", problem, List.of()));
    }
    List<Page.Field> fields = new ArrayList<>();
    fields.add(Page.Field.text("name", "Account name", ""));
    fields.add(new Page.Field("password", "Password", "password", "", List.of(), null));
    fields.add(new Page.Field("next", "", "hidden", safeNext(next), List.of(), null));
    page.add(new Page.Form("/login", "post", "Sign in", fields));
    return page;
  }

  /** Only a path on this site (never another site: an open redirect). */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")) {
      return "/";
    }
    return next;
  }

  private void login(Context ctx) {
    String name = ctx.formParam("name");
    String password = ctx.formParam("password");
    String next = safeNext(ctx.formParam("next"));
    Sessions.Session anonymous = server.session(ctx).orElseThrow();
    var locked = server.throttle().lockedFor(name);
    if (!locked.isZero()) {
      ctx.status(429);
      server.renderAnonymous(
          ctx,
          loginPage(
              "Too many wrong passwords for this account: try again in "
                  + Math.max(1, (locked.toSeconds() + 59) / 60)
                  + " minute(s).",
              next),
          anonymous.csrf());
      return;
    }
    var account = server.accounts().authenticate(name, password);
    if (account.isEmpty()) {
      server.throttle().failed(name);
      ctx.status(401);
      server.renderAnonymous(
          ctx, loginPage("The account name or password is wrong.", next), anonymous.csrf());
      return;
    }
    server.throttle().succeeded(name);
    server.sessions().end(anonymous.id());
    Sessions.Session s = server.sessions().create(account.get().name());
    server.setSessionCookie(ctx, s);
    ctx.redirect(next);
  }

  private void logout(Context ctx) {
    server.session(ctx).ifPresent(s -> server.sessions().end(s.id()));
    server.clearSessionCookie(ctx);
    ctx.redirect("/login");
  }

  // ---- the month -------------------------------------------------------------------------------

  /** The month asked for, else the latest month with traffic, else this month (UK). */
  ReportingMonth month(Context ctx) {
    String m = ctx.queryParam("month");
    if (m != null && !m.isBlank()) {
      try {
        return ReportingMonth.parse(m.strip());
      } catch (MeterwatchException | IllegalArgumentException e) {
        throw ApiError.badRequest("month must be YYYY-MM, got '" + m + "'");
      }
    }
    StoreStatus status = server.access().cached("status", StoreStatus::of);
    if (!status.months().isEmpty()) {
      String last =
          ((java.util.TreeMap<String, ?>) new java.util.TreeMap<>(status.months())).lastKey();
      return ReportingMonth.parse(last);
    }
    return new ReportingMonth(YearMonth.now(server.access().clock().withZone(ReportingMonth.UK)));
  }

  private static Page.Form monthForm(String action, ReportingMonth month) {
    return new Page.Form(
        action,
        "get",
        "Show",
        List.of(Page.Field.text("month", "Month (YYYY-MM)", month.toString())));
  }

  PerformanceReport pmr(ReportingMonth month) {
    return server
        .access()
        .cached(
            "pmr|" + month,
            store ->
                new PerformanceMeasurement(
                        store,
                        server.access().rules(),
                        SrvCatalogue.standard(),
                        server.access().clock())
                    .report(month));
  }

  Pack.Performance performance(ReportingMonth month) {
    return server
        .access()
        .cached(
            "performance|" + month,
            store ->
                new PackAssembler(store, server.access().rules(), server.access().clock())
                    .performance(month));
  }

  BpiReport bpiReport(ReportingMonth month) {
    RuleSet rules = server.access().rules().inForce(month);
    return server
        .access()
        .cached("bpi|" + month, store -> new BpiCalculator(store, rules).compute(month));
  }

  Registers registers(uk.meterwatch.engine.store.Store store) {
    return new Registers(store, server.access().rules(), server.access().clock());
  }

  // ---- PMR -------------------------------------------------------------------------------------

  private void overview(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = month(ctx);
    server.render(ctx, cachedPage("overview|" + month, v, () -> overviewPage(v, month)));
  }

  /**
   * A page whose figures cannot change until the store does, built once per version of the store
   * and kind of viewer (what anonymisation it needs), and copied for each request.
   */
  private Page cachedPage(String key, Viewer v, java.util.function.Supplier<Page> build) {
    return server.access().cached("page|" + key + "|" + v.key(), store -> build.get()).copy();
  }

  private Page overviewPage(Viewer v, ReportingMonth month) {
    PerformanceReport report = pmr(month);
    Pack.Performance perf = performance(month);
    Page page = new Page("Performance, " + Names.month(month.toString()), "Overview");
    page.add(monthForm("/", month));
    page.p(
        "Rule set: "
            + Names.ruleSet(report.ruleSet())
            + ". A Code Performance Measure goes on the non-compliance list after "
            + report.ruleSet().persistenceThreshold()
            + " consecutive months below its minimum.");
    // The Code's measures and Meterwatch's own (source: local) apart, as in the pack: a local
    // measure is never among the Code's non-compliances.
    page.add(measureTable("Measures, whole network", report, perf, month, false));
    if (report.measures().stream().anyMatch(MeasureResult::local)) {
      page.add(
          measureTable("Meterwatch's own measures (not the Code's)", report, perf, month, true));
    }
    List<List<Page.Cell>> nc = new ArrayList<>();
    for (MeasureResult r : report.nonCompliances()) {
      nc.add(
          List.of(
              Page.Cell.link(scopeLabel(r), "/measures/" + r.id() + "?month=" + month),
              Page.Cell.num(r.consecutiveBelowMinimum())));
    }
    page.add(
        new Page.Table(
            "Non-compliance list", List.of("Measure", "Consecutive months below minimum"), nc));
    if (nc.isEmpty()) {
      page.p("No Code Performance Measure is on the non-compliance list.");
    }
    if (!perf.misses().isEmpty()) {
      page.h2("Where the misses came from");
      for (Pack.Miss m : perf.misses()) {
        page.p(m.measureId() + ": " + v.text(m.sentence()));
      }
    }
    return page;
  }

  /** A measure line as a reader names it: "CPM3 CSP North"; the whole network by its id alone. */
  static String scopeLabel(MeasureResult r) {
    return MeasureResult.ALL.equals(r.scope()) ? r.id() : r.id() + " " + Names.provider(r.scope());
  }

  /** A scope as words: "Whole network", "CSP North". */
  static String scopeName(String scope) {
    return MeasureResult.ALL.equals(scope) ? "Whole network" : Names.provider(scope);
  }

  /** The whole-network line of each measure, the Code's or Meterwatch's own. */
  private static Page.Table measureTable(
      String caption,
      PerformanceReport report,
      Pack.Performance perf,
      ReportingMonth month,
      boolean local) {
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (MeasureResult r : report.measures()) {
      if (!MeasureResult.ALL.equals(r.scope()) || r.local() != local) {
        continue;
      }
      Pack.Trend trend =
          perf.trends().stream()
              .filter(t -> t.id().equals(r.id()) && t.scope().equals(r.scope()))
              .findFirst()
              .orElse(null);
      List<BigDecimal> values =
          trend == null ? List.of() : trend.points().stream().map(Pack.Point::value).toList();
      rows.add(
          List.of(
              Page.Cell.link(r.id(), "/measures/" + r.id() + "?month=" + month),
              Page.Cell.of(r.name()),
              Page.Cell.num(plain(r.value())),
              Page.Cell.num(plain(r.target())),
              Page.Cell.num(plain(r.minimum())),
              status(r),
              Page.Cell.svg(
                  Sparkline.svg(
                      values,
                      r.target(),
                      r.id() + ", the 12 months to " + month + ", against target"))));
    }
    return new Page.Table(
        caption,
        List.of("Measure", "Name", "Value", "Target", "Minimum", "Status", "12 months"),
        rows);
  }

  static Page.Cell status(MeasureResult r) {
    return switch (r.status()) {
      case TARGET_MET -> Page.Cell.tag("Target met", "green");
      case BELOW_TARGET -> Page.Cell.tag("Below target", "yellow");
      case BELOW_MINIMUM -> Page.Cell.tag("Below minimum", "red");
      case NO_DATA -> Page.Cell.tag("No data", "grey");
    };
  }

  static String plain(BigDecimal b) {
    return b == null ? "-" : b.toPlainString();
  }

  private void measure(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = month(ctx);
    String id = ctx.pathParam("id");
    server.render(
        ctx, cachedPage("measure|" + month + "|" + id, v, () -> measurePage(v, month, id)));
  }

  private Page measurePage(Viewer v, ReportingMonth month, String id) {
    PerformanceReport report = pmr(month);
    List<MeasureResult> lines = report.measures().stream().filter(r -> r.id().equals(id)).toList();
    if (lines.isEmpty()) {
      throw ApiError.notFound("no measure " + id + " in the rule set in force for " + month);
    }
    MeasureResult all = lines.get(0);
    Page page = new Page(id + ": " + all.name() + ", " + Names.month(month.toString()), "Overview");
    page.add(monthForm("/measures/" + id, month));
    if (all.local()) {
      page.p("Meterwatch's own measure, not one of the Code's: never on the non-compliance list.");
    }
    Pack.Performance perf = performance(month);
    List<Pack.Trend> trends = perf.trends().stream().filter(t -> t.id().equals(id)).toList();
    if (!trends.isEmpty()) {
      page.add(trendChart(month, id, trends));
    }
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (MeasureResult r : lines) {
      rows.add(
          List.of(
              Page.Cell.of(scopeName(r.scope())),
              Page.Cell.num(plain(r.value())),
              Page.Cell.num(plain(r.target())),
              Page.Cell.num(plain(r.minimum())),
              status(r),
              Page.Cell.num(plain(r.within()) + " / " + plain(r.population())),
              Page.Cell.num(plain(r.previousValue()))));
    }
    page.add(
        new Page.Table(
            "Overall and per provider",
            List.of(
                "Scope",
                "Value",
                "Target",
                "Minimum",
                "Status",
                "Within / population",
                "Last month"),
            rows));
    exceptionsOf(v, lines, page);
    List<Page.Cell> downloads = new ArrayList<>();
    for (MeasureResult r : lines) {
      downloads.add(
          Page.Cell.link(r.label() + ": every row (CSV)", rowsPath(month, id, r.scope(), false)));
      downloads.add(
          Page.Cell.link(r.label() + ": the misses (CSV)", rowsPath(month, id, r.scope(), true)));
    }
    page.h2("The rows behind the figures");
    page.p(
        "Each "
            + ("minutes".equals(all.unit()) ? "minute" : all.unit().replaceAll("s$", ""))
            + " of a line with its times and why it was within, missed or excepted, as meterwatch"
            + " pmr --rows writes them.");
    page.add(new Page.Links(downloads));
    Explanation e =
        server
            .access()
            .cached(
                "explain|" + month + "|" + id,
                store ->
                    new PerformanceMeasurement(
                            store,
                            server.access().rules(),
                            SrvCatalogue.standard(),
                            server.access().clock())
                        .explain(month, id));
    page.h2("Where the misses came from");
    page.p(plain(e.misses()) + " " + all.unit() + " missed.");
    for (Explanation.Breakdown b : e.breakdowns()) {
      List<List<Page.Cell>> counts = new ArrayList<>();
      for (Explanation.Count c : inReadingOrder(b)) {
        counts.add(
            List.of(
                Page.Cell.of(v.text(breakdownKey(b.by(), c.key()))), Page.Cell.num(c.misses())));
      }
      String by = breakdownLabel(b.by());
      page.add(
          new Page.Table(
              "Misses by "
                  + (by.equals(by.toUpperCase(java.util.Locale.ROOT))
                      ? by
                      : by.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + by.substring(1)),
              List.of(by, "Misses"),
              counts));
    }
    if (e.missesInIncidentWindows() != null) {
      page.p(
          "Misses inside incident windows: "
              + e.missesInIncidentWindows()
              + (e.incidentWindowShare() == null
                  ? ""
                  : " (" + e.incidentWindowShare().toPlainString() + " %)")
              + ".");
    }
    for (String d : e.details()) {
      page.p(v.text(d));
    }
    page.h2("Definition");
    RuleSet rules = server.access().rules().inForce(month);
    for (MeasureDefinition d : rules.measures()) {
      if (d.id().equals(id) && d.definition() != null) {
        page.p(d.definition());
      }
    }
    page.p("From the rule set " + Names.ruleSet(rules) + ".");
    return page;
  }

  /**
   * A breakdown's lines as a reader scans them: hours of the day and days in time order (a profile
   * over the day or the month); providers and SRVs most misses first, as the explanation gives
   * them.
   */
  static List<Explanation.Count> inReadingOrder(Explanation.Breakdown b) {
    return switch (b.by()) {
      case "hour_of_day", "day" ->
          b.counts().stream().sorted(java.util.Comparator.comparing(Pages::timeKey)).toList();
      default -> b.counts();
    };
  }

  private static String timeKey(Explanation.Count c) {
    String k = c.key();
    return k.length() == 1 ? "0" + k : k; // hour "9" before "10"
  }

  /** A breakdown's key by name: an SRV with its number and name, a provider as the minutes say. */
  static String breakdownKey(String by, String key) {
    return switch (by) {
      case "srv" -> Names.srv(key);
      case "provider" -> Names.provider(key);
      default -> key;
    };
  }

  /** The API's download of a line's rows ({@code pmr --rows}). */
  static String rowsPath(ReportingMonth month, String id, String scope, boolean missed) {
    return "/api/v1/pmr/rows.csv?month="
        + month
        + "&measure="
        + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)
        + "&scope="
        + java.net.URLEncoder.encode(scope, java.nio.charset.StandardCharsets.UTF_8)
        + (missed ? "&missed=true" : "");
  }

  /**
   * What approved exceptions left out of a measure's lines, and those exceptions with their reasons
   * (docs/measures.md); nothing when none applied.
   */
  private void exceptionsOf(Viewer v, List<MeasureResult> lines, Page page) {
    java.util.Set<String> ids = new java.util.TreeSet<>();
    List<String> said = new ArrayList<>();
    for (MeasureResult r : lines) {
      if (!r.exceptions().isEmpty()) {
        ids.addAll(r.exceptions());
        said.add(
            r.label()
                + ": left out by approved exception: "
                + plain(r.excepted())
                + ("minutes".equals(r.unit()) ? " min" : "")
                + " ("
                + String.join(", ", r.exceptions())
                + ")");
      }
    }
    if (ids.isEmpty()) {
      return;
    }
    page.h2("Approved exceptions");
    said.forEach(page::p);
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (ApprovedException e :
        server.access().read(store -> registers(store).exceptions().list())) {
      if (ids.contains(e.id())) {
        rows.add(
            List.of(
                Page.Cell.of(e.id()),
                Page.Cell.of(v.text(e.reason())),
                Page.Cell.of(e.approvedOn() + ", " + v.text(e.approvedBy()))));
      }
    }
    page.add(
        new Page.Table("The exceptions applied", List.of("Exception", "Reason", "Approved"), rows));
    page.add(new Page.Links(List.of(Page.Cell.link("The exceptions register", "/exceptions"))));
  }

  // ---- Approved exceptions ---------------------------------------------------------------------

  /** The register of approved exceptions, and for a writer the forms that add and withdraw one. */
  private void exceptions(Context ctx) {
    Viewer v = server.viewer(ctx);
    List<ApprovedException> list =
        server.access().read(store -> registers(store).exceptions().list());
    Page page = new Page("Approved exceptions", "Exceptions");
    page.p(
        "What the DCC may leave out of measures, as approved: listed requests, alerts or incidents,"
            + " or a period of an availability measure. A report applies those in force on its"
            + " day; a withdrawn exception stays listed.");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (ApprovedException e : list) {
      rows.add(
          List.of(
              Page.Cell.of(e.id()),
              Page.Cell.of(String.join(", ", e.measures())),
              Page.Cell.of(e.scope()),
              Page.Cell.of(
                  e.coversPeriod()
                      ? e.periodFrom() + " to " + e.periodTo()
                      : v.text(String.join(", ", e.items()))),
              Page.Cell.of(v.text(e.reason())),
              Page.Cell.of(e.approvedOn() + ", " + v.text(e.approvedBy())),
              e.withdrawn()
                  ? Page.Cell.tag("Withdrawn " + e.withdrawnOn(), "grey")
                  : Page.Cell.tag("In force", "green")));
    }
    page.add(
        new Page.Table(
            "Exceptions, by approval date",
            List.of("Exception", "Measures", "Scope", "Covers", "Reason", "Approved", "Status"),
            rows));
    if (v.writes()) {
      page.add(new Page.Heading("Add an exception", 2));
      page.add(
          new Page.Form(
              "/exceptions",
              "post",
              "Add the exception",
              List.of(
                  Page.Field.text("id", "Reference (e.g. EXC-2023-014)", ""),
                  Page.Field.text("measures", "Measures it applies to (e.g. CPM1, CPM1-S)", ""),
                  Page.Field.text("scope", "Scope (ALL or a line such as CSP-N)", "ALL"),
                  new Page.Field(
                      "items",
                      "Request, alert or incident ids it covers (commas or lines)",
                      "textarea",
                      "",
                      List.of(),
                      null),
                  Page.Field.text(
                      "from", "Or, for availability, the period from (2023-08-20T06:10+01:00)", ""),
                  Page.Field.text("to", "to (the end, exclusive)", ""),
                  new Page.Field("reason", "Reason", "textarea", "", List.of(), null),
                  Page.Field.text("approved_by", "Approved by", ""),
                  Page.Field.text("approved_on", "Approved on (YYYY-MM-DD; default today)", ""))));
      page.add(new Page.Heading("Withdraw an exception", 2));
      page.add(
          new Page.Form(
              "/exceptions/withdraw",
              "post",
              "Withdraw the exception",
              List.of(
                  Page.Field.text("withdraw_id", "Reference", ""),
                  Page.Field.text("withdraw_reason", "Why it is withdrawn", ""))));
    }
    server.render(ctx, page);
  }

  /** The heading of an explanation's breakdown ({@code hour_of_day}: "Hour of day (UK)"). */
  static String breakdownLabel(String by) {
    return switch (by) {
      case "provider" -> "Provider";
      case "srv" -> "SRV";
      case "hour_of_day" -> "Hour of day (UK)";
      case "day" -> "Day (UK)";
      default ->
          by.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + by.substring(1).replace('_', ' ');
    };
  }

  /**
   * A measure's 12 months as the pack draws them (the report's one SVG path), with its values as
   * the text alternative; drawn once per version of the store: JFreeChart is the costly part.
   */
  private Page.Chart trendChart(ReportingMonth month, String id, List<Pack.Trend> trends) {
    Pack.Trend any = trends.get(0);
    List<String> months =
        any.points().stream().map(p -> PackDocument.shortMonth(p.month())).toList();
    Map<String, List<? extends Number>> panels = new java.util.LinkedHashMap<>();
    List<String> alt = new ArrayList<>();
    for (Pack.Trend t : trends) {
      String name = MeasureResult.ALL.equals(t.scope()) ? "Overall" : Names.provider(t.scope());
      List<BigDecimal> values = t.points().stream().map(Pack.Point::value).toList();
      panels.put(name, values);
      alt.add(name + ": " + describe(t.points().stream().map(Pack.Point::month).toList(), values));
    }
    // The pack's small multiples (one shared scale, months from the first with data, no data
    // drawn as a band, never as zero), two panels a row in the page's width.
    int columns = Math.min(panels.size(), 2);
    String svg =
        server
            .access()
            .cached(
                "trend-svg|" + month + "|" + id,
                store ->
                    Charts.smallMultiples(
                        id + ": 12-month trend",
                        months,
                        panels,
                        any.target(),
                        any.minimum(),
                        columns,
                        900 / columns,
                        columns == 1 ? 300 : 230));
    return new Page.Chart(svg, id + " month by month. " + String.join(". ", alt));
  }

  static String describe(List<String> months, List<? extends Number> values) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < months.size(); i++) {
      parts.add(months.get(i) + " " + (values.get(i) == null ? "no data" : values.get(i)));
    }
    return String.join(", ", parts);
  }

  // ---- BPIs ------------------------------------------------------------------------------------

  private void bpi(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = month(ctx);
    server.render(ctx, cachedPage("bpi|" + month, v, () -> bpiPage(v, month)));
  }

  /**
   * The BPIs as the pack gives them (one assembly, {@link PackAssembler#process}): names for codes,
   * the waterfall with successes after the rule set's hours as a bar of their own, time to success,
   * the splits, month on month with what moved it, per User and the use cases. Every User is named
   * as this viewer may read it.
   */
  private Page bpiPage(Viewer v, ReportingMonth month) {
    BpiReport raw = bpiReport(month);
    Map<String, MonthOnMonth> changes =
        server
            .access()
            .cached(
                "bpi-mom|" + month, store -> MonthOnMonth.of(store, server.access().rules(), raw));
    BpiReport report = v.bpi(raw);
    Page page = new Page("Business Process Indicators, " + Names.month(month.toString()), "BPIs");
    page.add(monthForm("/bpi", month));
    List<List<Page.Cell>> summary = new ArrayList<>();
    List<Pack.BpiProcess> processes = new ArrayList<>();
    for (ProcessIndicators p : report.processes()) {
      Pack.BpiProcess b = PackAssembler.process(p, changes.get(p.process()), month.previous());
      processes.add(b);
      summary.add(
          List.of(
              Page.Cell.link(Names.process(p.process()), "#" + p.process()),
              Page.Cell.num(count(p.transactions())),
              Page.Cell.num(count(p.requests())),
              Page.Cell.num(count(p.duplicates())),
              Page.Cell.num(plainOrDash(BpiJson.round(p.successRate(), 2))),
              Page.Cell.num(plainOrDash(BpiJson.round(b.timelySuccessRate(), 2))),
              Page.Cell.num(plainOrDash(BpiJson.round(p.requestSuccessRate(), 2)))));
    }
    int hours = processes.isEmpty() ? 24 : processes.get(0).slowSuccessHours();
    page.add(
        new Page.Table(
            "Processes",
            List.of(
                "Process",
                "Transactions",
                "Requests",
                "Duplicates",
                "Success %",
                "Within " + hours + " h %",
                "Per request %"),
            summary));
    for (Pack.BpiProcess b : processes) {
      String name = Names.process(b.process());
      page.add(new Page.Heading(name, 2));
      Map<String, Long> bars = b.waterfallBars();
      page.add(
          new Page.Chart(
              Charts.waterfall(
                  name + ": success waterfall (transactions)",
                  bars,
                  900,
                  90 + 30 * (bars.size() + 1)),
              name + " waterfall: " + bars));
      List<List<Page.Cell>> rows = new ArrayList<>();
      bars.forEach((k, n) -> rows.add(List.of(Page.Cell.of(k), Page.Cell.num(count(n)))));
      page.add(
          new Page.Table(
              name + ": transactions by bucket", List.of("Bucket", "Transactions"), rows));
      Pack.TimeToSuccess t = b.timeToSuccess();
      page.p(
          "Time to success, from when each request was due: median "
              + plainOrDash(BpiJson.round(t.medianS(), 3))
              + " s, 95th percentile "
              + plainOrDash(BpiJson.round(t.p95S(), 3))
              + " s; within target "
              + count(t.withinTarget())
              + ", within 1 h "
              + count(t.within1h())
              + ", within 24 h "
              + count(t.within24h())
              + ", over 24 h "
              + count(t.over24h())
              + ".");
      List<List<Page.Cell>> splits = new ArrayList<>();
      b.splits()
          .forEach(
              (split, lines) -> {
                boolean first = true;
                for (Pack.SplitLine l : lines) {
                  splits.add(
                      List.of(
                          Page.Cell.of(first ? split : ""),
                          Page.Cell.of(l.part()),
                          Page.Cell.num(count(l.transactions())),
                          Page.Cell.num(plainOrDash(BpiJson.round(l.successRate(), 2))),
                          Page.Cell.num(count(l.slowSuccesses()))));
                  first = false;
                }
              });
      if (!splits.isEmpty()) {
        page.add(
            new Page.Table(
                name + ": split by device, region and use",
                List.of("Split", "Part", "Transactions", "Success %", "After " + hours + " h"),
                splits));
      }
      Pack.Change c = b.change();
      if (c != null && c.changePoints() != null) {
        page.p(
            "On "
                + Names.month(c.previousMonth())
                + ": success "
                + plainOrDash(BpiJson.round(c.previousSuccessRate(), 2))
                + " % of "
                + count(c.previousTransactions())
                + " transactions, a change of "
                + String.format(java.util.Locale.UK, "%+.2f", c.changePoints())
                + " percentage points.");
        List<List<Page.Cell>> movers = new ArrayList<>();
        for (Pack.Mover m : c.users()) {
          movers.add(mover("User", m, v));
        }
        for (Pack.Mover m : c.causes()) {
          movers.add(mover("Failure cause", m, v));
        }
        if (!movers.isEmpty()) {
          page.add(
              new Page.Table(
                  name + ": what moved it most (percentage points)",
                  List.of("Kind", "Name", "Last month", "This month", "Contribution"),
                  movers));
        }
      }
      List<List<Page.Cell>> users = new ArrayList<>();
      for (Pack.UserLine u : b.users()) {
        users.add(
            List.of(
                Page.Cell.of(u.user()),
                Page.Cell.num(count(u.transactions())),
                Page.Cell.num(plainOrDash(BpiJson.round(u.successRate(), 2))),
                Page.Cell.num(count(u.duplicates())),
                u.flagged() ? Page.Cell.tag("Flagged", "red") : Page.Cell.of("")));
      }
      page.add(
          new Page.Table(
              name + ": per User",
              List.of("User", "Transactions", "Success %", "Duplicates", "Flag"),
              users));
    }
    return page;
  }

  private static List<Page.Cell> mover(String kind, Pack.Mover m, Viewer v) {
    return List.of(
        Page.Cell.of(kind),
        Page.Cell.of(v.text(m.name())),
        Page.Cell.of(v.text(m.before())),
        Page.Cell.of(v.text(m.now())),
        Page.Cell.num(String.format(java.util.Locale.UK, "%+.2f", m.contributionPoints())));
  }

  /** A count as the pack prints it: "6,649". */
  static String count(long n) {
    return String.format(java.util.Locale.UK, "%,d", n);
  }

  private static String plainOrDash(BigDecimal b) {
    return b == null ? "-" : b.toPlainString();
  }

  // ---- registers -------------------------------------------------------------------------------

  private void incidents(Context ctx) {
    Viewer v = server.viewer(ctx);
    List<IncidentStatus> list =
        server
            .access()
            .read(
                store -> {
                  Registers r = registers(store);
                  return r.incidents().list().stream().map(i -> r.incidents().status(i)).toList();
                });
    Page page = new Page("Incidents", "Incidents");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (IncidentStatus s : list) {
      Incident i = s.incident();
      rows.add(
          List.of(
              Page.Cell.link(i.id(), "/incidents/" + i.id()),
              Page.Cell.num(i.category()),
              Page.Cell.of(v.text(i.title())),
              Page.Cell.of(uk(i.openedAt())),
              Page.Cell.of(i.resolvedAt() == null ? "open" : uk(i.resolvedAt())),
              Page.Cell.of(outcome(s.outcome())),
              Page.Cell.of(i.major() ? "Major" : "")));
    }
    page.add(
        new Page.Table(
            list.size() + " incidents, oldest first",
            List.of(
                "Incident", "Category", "Title", "Opened (UK)", "Resolved (UK)", "Target", "Major"),
            rows));
    server.render(ctx, page);
  }

  /** Whether an incident met its Target Resolution Time, in words. */
  static String outcome(uk.meterwatch.engine.registers.TargetOutcome o) {
    return switch (o) {
      case MET -> "Met";
      case MISSED -> "Missed";
      case OPEN -> "Open, within target so far";
    };
  }

  /**
   * The cause class as the pack gives it: "Not yet established" for a major incident whose review
   * is not published (the group does not take a cause before its review), the register's class
   * otherwise.
   */
  static String cause(Incident i, List<Review> reviews) {
    if (i.major() && reviews.stream().noneMatch(Review::published)) {
      return uk.meterwatch.core.architecture.CauseClass.NOT_YET_ESTABLISHED.label()
          + " (the register says "
          + i.causeClass().label()
          + "; its review is not published)";
    }
    return i.causeClass().label();
  }

  /** The store's architecture (its architecture.yaml, else the default model). */
  static uk.meterwatch.core.architecture.ArchitectureModel architecture(
      uk.meterwatch.engine.store.Store store) {
    java.nio.file.Path file = store.folder().resolve("architecture.yaml");
    try {
      return java.nio.file.Files.isRegularFile(file)
          ? uk.meterwatch.core.architecture.ArchitectureModel.parse(
              file.toString(), java.nio.file.Files.readString(file))
          : uk.meterwatch.core.architecture.ArchitectureModel.defaults();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static String uk(java.time.Instant t) {
    return t == null
        ? "-"
        : java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ReportingMonth.UK)
            .format(t);
  }

  private void incident(Context ctx) {
    Viewer v = server.viewer(ctx);
    String id = ctx.pathParam("id");
    record Found(IncidentStatus status, List<Review> reviews, String components) {}
    Found f =
        server
            .access()
            .read(
                store -> {
                  Registers r = registers(store);
                  Incident i =
                      r.incidents()
                          .find(id)
                          .orElseThrow(() -> ApiError.notFound("no incident " + id));
                  return new Found(
                      r.incidents().status(i),
                      r.reviews().versions(id),
                      PackAssembler.componentNames(architecture(store), i));
                });
    Incident i = f.status().incident();
    Page page = new Page("Incident " + i.id(), "Incidents");
    page.add(
        new Page.Table(
            v.text(i.title()),
            List.of("Field", "Value"),
            List.of(
                List.of(Page.Cell.of("Category"), Page.Cell.of(i.category())),
                List.of(Page.Cell.of("Opened (UK)"), Page.Cell.of(uk(i.openedAt()))),
                List.of(
                    Page.Cell.of("Resolved (UK)"),
                    Page.Cell.of(i.resolvedAt() == null ? "open" : uk(i.resolvedAt()))),
                List.of(
                    Page.Cell.of("Resolution target"), Page.Cell.of(outcome(f.status().outcome()))),
                List.of(Page.Cell.of("Components"), Page.Cell.of(f.components())),
                List.of(Page.Cell.of("Cause class"), Page.Cell.of(cause(i, f.reviews()))),
                List.of(Page.Cell.of("Root cause"), Page.Cell.of(v.text(i.rootCause()))),
                List.of(Page.Cell.of("Major"), Page.Cell.of(i.major() ? "yes" : "no")))));
    page.h2("Major incident review");
    if (f.reviews().isEmpty()) {
      page.p("No review yet.");
    }
    for (Review r : f.reviews()) {
      List<List<Page.Cell>> rag = new ArrayList<>();
      for (ReviewArea a : ReviewArea.values()) {
        var value = r.rag(a);
        rag.add(
            List.of(
                Page.Cell.of(a.label()),
                value == null
                    ? Page.Cell.of("-")
                    : Page.Cell.tag(
                        value.name(),
                        switch (value.name()) {
                          case "RED" -> "red";
                          case "AMBER" -> "yellow";
                          default -> "green";
                        }),
                Page.Cell.of(v.text(r.reasoning(a)))));
      }
      page.add(
          new Page.Table(
              "Version "
                  + r.version()
                  + " ("
                  + r.status()
                  + ")"
                  + (r.published() ? ", published " + uk(r.publishedAt()) : ""),
              List.of("Stage", "RAG", "Reasoning"),
              rag));
      if (r.rootCause() != null) {
        page.p("Root cause: " + v.text(r.rootCause()));
      }
      if (r.summary() != null) {
        page.p("Summary: " + v.text(r.summary()));
      }
    }
    if (v.writes() && i.major()) {
      Review latest = f.reviews().isEmpty() ? null : f.reviews().get(f.reviews().size() - 1);
      List<Page.Field> fields = new ArrayList<>();
      List<String> rags = List.of("", "RED", "AMBER", "GREEN");
      for (ReviewArea a : ReviewArea.values()) {
        String current = latest == null || latest.rag(a) == null ? "" : latest.rag(a).name();
        fields.add(Page.Field.select("rag_" + a.name(), a.label() + ": RAG status", current, rags));
        fields.add(
            new Page.Field(
                "why_" + a.name(),
                a.label() + ": reasoning",
                "textarea",
                latest == null || latest.reasoning(a) == null ? "" : latest.reasoning(a),
                List.of(),
                null));
      }
      fields.add(
          new Page.Field(
              "root_cause",
              "Root cause",
              "textarea",
              latest == null || latest.rootCause() == null ? "" : latest.rootCause(),
              List.of(),
              null));
      fields.add(
          new Page.Field(
              "summary",
              "Summary",
              "textarea",
              latest == null || latest.summary() == null ? "" : latest.summary(),
              List.of(),
              null));
      page.add(new Page.Heading("Write a new draft", 2));
      page.p("Saving writes a new draft version; every version is kept.");
      page.add(new Page.Form("/incidents/" + i.id() + "/review", "post", "Save the draft", fields));
      if (latest != null && !latest.published()) {
        page.add(new Page.Heading("Publish", 2));
        page.p(
            "Publishes draft version "
                + latest.version()
                + ": it needs every RAG status and a root cause.");
        page.add(
            new Page.Form(
                "/incidents/" + i.id() + "/review/publish",
                "post",
                "Publish version " + latest.version(),
                List.of()));
      }
    }
    server.render(ctx, page);
  }

  private void risks(Context ctx) {
    Viewer v = server.viewer(ctx);
    record Register(List<RiskAssessment> list, RiskSettings settings) {}
    Register reg =
        server
            .access()
            .read(
                store -> {
                  var risks = registers(store).risks();
                  return new Register(risks.list(), risks.settings());
                });
    RiskSettings settings = reg.settings();
    List<RiskAssessment> open = reg.list().stream().filter(a -> a.risk().open()).toList();
    Page page = new Page("Risk register", "Risks");
    page.p(
        "Severity = likelihood x impact. Bands: "
            + String.join(
                ", ", settings.bands().stream().map(b -> b.name() + " from " + b.min()).toList())
            + ". Open risks at severity "
            + settings.escalationThreshold()
            + " and above are escalated to the SEC Panel (the rule set in force today).");
    page.add(heatMap(open, settings));
    List<List<Page.Cell>> escalated = new ArrayList<>();
    for (RiskAssessment a : open) {
      if (a.escalated()) {
        escalated.add(
            List.of(
                Page.Cell.link(a.risk().id(), "/risks/" + a.risk().id()),
                Page.Cell.of(v.text(a.risk().title())),
                Page.Cell.num(a.severity()),
                Page.Cell.of(a.band()),
                Page.Cell.of(v.text(a.risk().owner()))));
      }
    }
    page.add(
        new Page.Table(
            "Escalated to the SEC Panel (open, severity "
                + settings.escalationThreshold()
                + " and above)",
            List.of("Risk", "Title", "Severity", "Band", "Owner"),
            escalated));
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (RiskAssessment a : reg.list()) {
      rows.add(
          List.of(
              Page.Cell.link(a.risk().id(), "/risks/" + a.risk().id()),
              Page.Cell.of(v.text(a.risk().title())),
              Page.Cell.num(a.risk().likelihood()),
              Page.Cell.num(a.risk().impact()),
              Page.Cell.num(a.severity()),
              Page.Cell.of(a.band()),
              a.escalated() ? Page.Cell.tag("Escalated", "red") : Page.Cell.of(""),
              Page.Cell.of(Names.words(a.risk().status())),
              Page.Cell.of(v.text(a.risk().owner()))));
    }
    page.add(
        new Page.Table(
            "Every risk, most severe first",
            List.of(
                "Risk",
                "Title",
                "Likelihood",
                "Impact",
                "Severity",
                "Band",
                "Escalation",
                "Status",
                "Owner"),
            rows));
    server.render(ctx, page);
  }

  /**
   * The 5 x 5 heat map of the open risks: likelihood 5 down to 1 by impact 1 to 5, each cell with
   * its severity and band, how many risks are in it and links to them; shaded by band, as the
   * pack's, and escalated cells marked.
   */
  static Page.Grid heatMap(List<RiskAssessment> open, RiskSettings settings) {
    List<String> bandsDown = settings.bands().stream().map(RiskSettings.Band::name).toList();
    List<Page.GridRow> rows = new ArrayList<>();
    for (int l = 5; l >= 1; l--) {
      List<Page.GridCell> cells = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        int likelihood = l;
        int impact = i;
        List<Page.Cell> links =
            open.stream()
                .filter(a -> a.risk().likelihood() == likelihood && a.risk().impact() == impact)
                .map(a -> Page.Cell.link(a.risk().id(), "/risks/" + a.risk().id()))
                .toList();
        int severity = l * i;
        String band = settings.bandOf(severity);
        int shade = bandsDown.indexOf(band);
        cells.add(
            new Page.GridCell(
                severity + ", " + band + (settings.escalated(severity) ? ", escalated" : ""),
                links.size() + (links.size() == 1 ? " risk" : " risks"),
                links,
                shade < 0 ? 3 : Math.min(3, shade + Math.max(0, 4 - bandsDown.size())),
                settings.escalated(severity)));
      }
      rows.add(new Page.GridRow("Likelihood " + l, cells));
    }
    return new Page.Grid(
        "Heat map of the " + open.size() + " open risks",
        "Likelihood by impact",
        List.of("Impact 1", "Impact 2", "Impact 3", "Impact 4", "Impact 5"),
        rows);
  }

  private void risk(Context ctx) {
    Viewer v = server.viewer(ctx);
    String id = ctx.pathParam("id");
    record Found(RiskAssessment risk, List<uk.meterwatch.engine.registers.RiskRating> history) {}
    Found f =
        server
            .access()
            .read(
                store -> {
                  Registers r = registers(store);
                  var risk =
                      r.risks().find(id).orElseThrow(() -> ApiError.notFound("no risk " + id));
                  return new Found(r.risks().assess(risk), r.risks().history(id));
                });
    RiskAssessment a = f.risk();
    Page page = new Page("Risk " + id, "Risks");
    page.p(v.text(a.risk().title()));
    page.p(
        "Likelihood "
            + a.risk().likelihood()
            + " x impact "
            + a.risk().impact()
            + " = severity "
            + a.severity()
            + " ("
            + a.band()
            + (a.escalated() ? ", escalated to the SEC Panel" : "")
            + "). Owner: "
            + (a.risk().owner() == null ? "none" : v.text(a.risk().owner()))
            + ". Status: "
            + a.risk().status()
            + ".");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (var h : f.history()) {
      rows.add(
          List.of(
              Page.Cell.num(h.seq()),
              Page.Cell.of(h.ratedOn()),
              Page.Cell.of(v.text(h.ratedBy())),
              Page.Cell.num(h.likelihood()),
              Page.Cell.num(h.impact()),
              Page.Cell.num(h.severity()),
              Page.Cell.of(v.text(h.reason()))));
    }
    page.add(
        new Page.Table(
            "Ratings", List.of("#", "On", "By", "Likelihood", "Impact", "Severity", "Why"), rows));
    if (v.writes()) {
      List<String> scores = List.of("1", "2", "3", "4", "5");
      page.add(new Page.Heading("Re-rate", 2));
      page.add(
          new Page.Form(
              "/risks/" + id + "/rate",
              "post",
              "Re-rate the risk",
              List.of(
                  Page.Field.select(
                      "likelihood", "Likelihood (1 to 5)", "" + a.risk().likelihood(), scores),
                  Page.Field.select("impact", "Impact (1 to 5)", "" + a.risk().impact(), scores),
                  new Page.Field(
                      "reason",
                      "Why the rating changes",
                      "textarea",
                      "",
                      List.of(),
                      "Kept with the rating in the risk's history."))));
    }
    server.render(ctx, page);
  }

  private void actions(Context ctx) {
    Viewer v = server.viewer(ctx);
    LocalDate today = LocalDate.now(server.access().clock().withZone(ReportingMonth.UK));
    List<Action> list = server.access().read(store -> registers(store).actions().list());
    List<Action> sorted = new ArrayList<>(list);
    sorted.sort(java.util.Comparator.comparing((Action a) -> !a.overdue(today)));
    Page page = new Page("Action log", "Actions");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (Action a : sorted) {
      rows.add(
          List.of(
              Page.Cell.link(a.ref(), actionPath(a.ref())),
              Page.Cell.of(v.text(a.text())),
              Page.Cell.of(v.text(a.owner())),
              Page.Cell.of(a.targetOn()),
              Page.Cell.of(a.revisedTargetOn()),
              Page.Cell.of(Names.words(a.status())),
              a.overdue(today) ? Page.Cell.tag("Overdue", "red") : Page.Cell.of("")));
    }
    page.add(
        new Page.Table(
            "Actions, overdue first (judged on " + today + ")",
            List.of("Ref", "Action", "Owner", "Target", "Revised target", "Status", "Overdue"),
            rows));
    if (v.writes()) {
      page.add(new Page.Heading("Add an action", 2));
      page.add(
          new Page.Form(
              "/actions",
              "post",
              "Add the action",
              List.of(
                  Page.Field.text("ref", "Reference (e.g. 106/01)", ""),
                  new Page.Field("text", "Action", "textarea", "", List.of(), null),
                  Page.Field.text("owner", "Owner", ""),
                  new Page.Field(
                      "target", "Target date (YYYY-MM-DD)", "text", "", List.of(), null))));
      page.p("To change or close an action, open it from the log.");
    }
    server.render(ctx, page);
  }

  static String actionPath(String ref) {
    return "/action?ref="
        + java.net.URLEncoder.encode(ref, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** One action: what it says, and for a writer the forms that update or close it. */
  private void action(Context ctx) {
    Viewer v = server.viewer(ctx);
    String ref = ctx.queryParam("ref");
    if (ref == null || ref.isBlank()) {
      throw ApiError.badRequest("which action? (ref=, e.g. 105/01)");
    }
    LocalDate today = LocalDate.now(server.access().clock().withZone(ReportingMonth.UK));
    Action a =
        server
            .access()
            .read(store -> registers(store).actions().find(ref.strip()))
            .orElseThrow(() -> ApiError.notFound("no action " + ref));
    Page page = new Page("Action " + a.ref(), "Actions");
    page.add(
        new Page.Table(
            v.text(a.text()),
            List.of("Field", "Value"),
            List.of(
                List.of(Page.Cell.of("Owner"), Page.Cell.of(v.text(a.owner()))),
                List.of(Page.Cell.of("Raised"), Page.Cell.of(a.raisedOn())),
                List.of(Page.Cell.of("Target"), Page.Cell.of(dashIfNull(a.targetOn()))),
                List.of(
                    Page.Cell.of("Revised target"), Page.Cell.of(dashIfNull(a.revisedTargetOn()))),
                List.of(
                    Page.Cell.of("Status"),
                    a.overdue(today)
                        ? Page.Cell.tag(Names.words(a.status()) + ", overdue", "red")
                        : Page.Cell.of(Names.words(a.status()))),
                List.of(Page.Cell.of("Closed"), Page.Cell.of(dashIfNull(a.closedOn()))))));
    if (v.writes()) {
      page.add(new Page.Heading("Update the action", 2));
      page.add(
          new Page.Form(
              "/actions/update",
              "post",
              "Save the changes",
              List.of(
                  new Page.Field("ref", "", "hidden", a.ref(), List.of(), null),
                  new Page.Field("text", "Action", "textarea", a.text(), List.of(), null),
                  Page.Field.text("owner", "Owner", a.owner()),
                  new Page.Field(
                      "target",
                      "Target date (YYYY-MM-DD)",
                      "text",
                      a.targetOn() == null ? "" : a.targetOn().toString(),
                      List.of(),
                      null),
                  new Page.Field(
                      "revised_target",
                      "Revised target date (YYYY-MM-DD)",
                      "text",
                      a.revisedTargetOn() == null ? "" : a.revisedTargetOn().toString(),
                      List.of(),
                      "When the target moves; the action is overdue after this date."))));
      if (a.open()) {
        page.add(new Page.Heading("Close the action", 2));
        page.p("Closes it today (" + today + ").");
        page.add(
            new Page.Form(
                "/actions/close",
                "post",
                "Close action " + a.ref(),
                List.of(new Page.Field("ref", "", "hidden", a.ref(), List.of(), null))));
      }
    }
    page.add(new Page.Links(List.of(Page.Cell.link("Back to the action log", "/actions"))));
    server.render(ctx, page);
  }

  private static String dashIfNull(Object o) {
    return o == null ? "-" : o.toString();
  }

  private void loads(Context ctx) {
    List<LoadHistory.Load> list = server.access().read(store -> LoadHistory.list(store, 200));
    Page page = new Page("Loads", "Loads");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (LoadHistory.Load l : list) {
      rows.add(
          List.of(
              Page.Cell.num(l.loadId()),
              Page.Cell.of(l.file()),
              Page.Cell.of(l.kind()),
              Page.Cell.of(uk(l.loadedAt())),
              Page.Cell.num(count(l.read())),
              Page.Cell.num(count(l.loaded())),
              Page.Cell.num(count(l.duplicates())),
              l.quarantined() == 0
                  ? Page.Cell.num(0)
                  : Page.Cell.link(l.quarantined() + "", "/quarantine?load=" + l.loadId())));
    }
    page.add(
        new Page.Table(
            "The latest 200 files loaded, newest first",
            List.of(
                "Load",
                "File",
                "Kind",
                "Loaded (UK)",
                "Read",
                "Loaded",
                "Duplicates",
                "Quarantined"),
            rows));
    page.add(new Page.Links(List.of(Page.Cell.link("The quarantine", "/quarantine"))));
    server.render(ctx, page);
  }

  private void quarantine(Context ctx) {
    Quarantine.Filter filter = Api.quarantineFilter(ctx);
    List<Quarantine.Row> rows = new ArrayList<>();
    long total =
        server
            .access()
            .read(
                store -> {
                  Quarantine q = new Quarantine(store);
                  q.list(filter, 200, rows::add);
                  return q.count(filter);
                });
    Viewer v = server.viewer(ctx);
    Page page = new Page("Quarantine", "Loads");
    page.add(
        new Page.Form(
            "/quarantine",
            "get",
            "Filter",
            List.of(
                Page.Field.text(
                    "load", "Load", filter.loadId() == null ? "" : filter.loadId().toString()),
                Page.Field.text("file", "File name", nz(filter.file())),
                Page.Field.text("kind", "Kind", nz(filter.kind())),
                Page.Field.text("reason", "Reason contains", nz(filter.reasonContains())))));
    List<List<Page.Cell>> cells = new ArrayList<>();
    for (Quarantine.Row r : rows) {
      cells.add(
          List.of(
              Page.Cell.num(r.loadId()),
              Page.Cell.of(r.file()),
              Page.Cell.of(r.kind()),
              Page.Cell.num(r.line()),
              Page.Cell.of(v.text(r.reason())),
              Page.Cell.of(v.text(r.rowJson()))));
    }
    page.add(
        new Page.Table(
            total + " rows" + (total > rows.size() ? " (the first " + rows.size() + " shown)" : ""),
            List.of("Load", "File", "Kind", "Line", "Reason", "Row"),
            cells));
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    page.add(
        new Page.Links(
            List.of(Page.Cell.link("Download as CSV", "/api/v1/quarantine.csv" + query))));
    server.render(ctx, page);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private void audit(Context ctx) {
    Viewer v = server.viewer(ctx);
    List<AuditEntry> list =
        server.access().read(store -> registers(store).audit().list(null, null));
    Page page = new Page("Audit trail", "Audit");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (AuditEntry e : list) {
      rows.add(
          List.of(
              Page.Cell.num(e.id()),
              Page.Cell.of(uk(e.at())),
              Page.Cell.of(v.text(e.who())),
              Page.Cell.of(e.register()),
              Page.Cell.of(v.text(e.key())),
              Page.Cell.of(e.operation()),
              Page.Cell.of(e.source())));
    }
    page.add(
        new Page.Table(
            "Every change to any register",
            List.of("#", "When (UK)", "Who", "Register", "Record", "Change", "Source"),
            rows));
    server.render(ctx, page);
  }

  private void map(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth to = month(ctx);
    // 12 months to the month by default, as the pack's map (one month hides a spike's context).
    ReportingMonth from = new ReportingMonth(to.month().minusMonths(11));
    String f = ctx.queryParam("from");
    if (f != null && !f.isBlank()) {
      try {
        from = ReportingMonth.parse(f.strip());
      } catch (MeterwatchException | IllegalArgumentException e) {
        throw ApiError.badRequest("from must be YYYY-MM, got '" + f + "'");
      }
    }
    if (from.compareTo(to) > 0) {
      throw ApiError.badRequest("from (" + from + ") is after the month (" + to + ")");
    }
    ReportingMonth start = from;
    String svg =
        server
            .access()
            .cached(
                "map|" + from + "|" + to,
                store ->
                    uk.meterwatch.report.map.IncidentMapSvg.render(
                        registers(store).map().run(architecture(store), start, to)));
    Page page =
        new Page(
            "Incident map, "
                + (from.equals(to)
                    ? Names.month(to.toString())
                    : Names.month(from.toString()) + " to " + Names.month(to.toString())),
            "Incident map");
    page.add(
        new Page.Form(
            "/map",
            "get",
            "Show",
            List.of(
                Page.Field.text("from", "From (YYYY-MM)", from.toString()),
                Page.Field.text("month", "To (YYYY-MM)", to.toString()))));
    page.add(
        new Page.Chart(
            v.text(svg),
            "The architecture with the incidents of each component, " + from + " to " + to));
    server.render(ctx, page);
  }

  private void accounts(Context ctx) {
    Viewer v = server.viewer(ctx);
    if (!v.admin()) {
      throw ApiError.forbidden("see the accounts (ADMIN only)");
    }
    Page page = new Page("Accounts", "Accounts");
    page.p(
        "Accounts are managed on the server's machine: meterwatch users add NAME --role ROLE"
            + " [--org USER_ID], users passwd NAME, users disable NAME, users token NAME [--revoke].");
    List<List<Page.Cell>> rows = new ArrayList<>();
    for (Account a : server.accounts().list()) {
      rows.add(
          List.of(
              Page.Cell.of(a.name()),
              Page.Cell.of(a.role().name()),
              a.disabled() ? Page.Cell.tag("Disabled", "grey") : Page.Cell.tag("Active", "green"),
              Page.Cell.num(a.tokens().size()),
              Page.Cell.of(a.orgs().isEmpty() ? "-" : String.join(", ", a.orgs()))));
    }
    page.add(
        new Page.Table(
            rows.size() + " accounts",
            List.of("Name", "Role", "Status", "API tokens", "Organisation user ids"),
            rows));
    server.render(ctx, page);
  }

  static Account account(Context ctx) {
    return ctx.attribute("mw-account");
  }
}
