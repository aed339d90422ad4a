package uk.meterwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.core.time.TimeRange;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.PmrJson;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.json.StatusJson;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.LoadHistory;
import uk.meterwatch.engine.store.Quarantine;
import uk.meterwatch.engine.store.StoreStatus;

/**
 * The JSON API under {@code /api/v1}: the same JSON as the CLI's {@code --format json} and {@code
 * --json} (the engine's {@code json} package writes both), as the viewer may see it. Described by
 * {@code /api/v1/openapi.json} (docs/web.md).
 */
final class Api {
  /** Trees for anonymising that keep decimals as written (99.00 stays 99.00, as the CLI prints). */
  private static final ObjectMapper TREE =
      Json.MAPPER
          .copy()
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

  private final WebServer server;
  private final Pages pages;

  Api(WebServer server) {
    this.server = server;
    this.pages = new Pages(server);
  }

  void routes(RoutesConfig r) {
    r.get("/api/v1/openapi.json", this::openapi);
    r.get("/api/v1/status", this::status);
    r.get("/api/v1/pmr", this::pmr);
    r.get("/api/v1/pmr/explain", this::explain);
    r.get("/api/v1/pmr/rows.csv", this::rowsCsv);
    r.get("/api/v1/bpi", this::bpi);
    r.get("/api/v1/incidents", this::incidents);
    r.get("/api/v1/incidents/{id}", this::incident);
    r.get("/api/v1/incidents/{id}/review", this::reviews);
    r.get("/api/v1/risks", this::risks);
    r.get("/api/v1/risks/{id}", this::risk);
    r.get("/api/v1/actions", this::actions);
    r.get("/api/v1/exceptions", this::exceptions);
    r.get("/api/v1/audit", this::audit);
    r.get("/api/v1/loads", this::loads);
    r.get("/api/v1/quarantine", this::quarantine);
    r.get("/api/v1/quarantine.csv", this::quarantineCsv);
  }

  private static void json(Context ctx, String text) {
    // As the CLI prints it: the text and a newline.
    ctx.contentType("application/json").result(text + "\n");
  }

  private void openapi(Context ctx) throws IOException {
    try (InputStream in = Api.class.getResourceAsStream("openapi.json")) {
      ctx.contentType("application/json")
          .result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private void status(Context ctx) {
    server.viewer(ctx);
    StoreStatus status = server.access().cached("status", StoreStatus::of);
    json(ctx, Json.pretty(StatusJson.status("meterwatch serve", status)));
  }

  private static ReportingMonth requiredMonth(Context ctx) {
    String m = ctx.queryParam("month");
    if (m == null || m.isBlank()) {
      throw ApiError.badRequest("month=YYYY-MM is required");
    }
    try {
      return ReportingMonth.parse(m.strip());
    } catch (MeterwatchException | IllegalArgumentException e) {
      throw ApiError.badRequest("month must be YYYY-MM, got '" + m + "'");
    }
  }

  private void pmr(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = requiredMonth(ctx);
    var report = pages.pmr(month);
    // The text is kept per version of the store and kind of viewer: the figures cannot change.
    String text =
        server
            .access()
            .cached(
                "pmr-json|" + month + "|" + v.key(),
                store ->
                    Json.prettyPlainDecimals(v.json(TREE.valueToTree(PmrJson.report(report)))));
    json(ctx, text);
  }

  private void explain(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = requiredMonth(ctx);
    String measure = ctx.queryParam("measure");
    if (measure == null || measure.isBlank()) {
      throw ApiError.badRequest("measure=ID is required (e.g. CPM1)");
    }
    var e =
        server
            .access()
            .cached(
                "explain|" + month + "|" + measure,
                store ->
                    new PerformanceMeasurement(
                            store,
                            server.access().rules(),
                            SrvCatalogue.standard(),
                            server.access().clock())
                        .explain(month, measure.strip()));
    JsonNode tree = TREE.valueToTree(PmrJson.explanation(e));
    json(ctx, Json.prettyPlainDecimals(v.json(tree)));
  }

  /**
   * The rows behind one line of the report as CSV, as {@code meterwatch pmr --rows} writes them
   * (docs/measures.md); every text as the viewer may see it.
   */
  private void rowsCsv(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = requiredMonth(ctx);
    String measure = ctx.queryParam("measure");
    if (measure == null || measure.isBlank()) {
      throw ApiError.badRequest("measure=ID is required (e.g. CPM1)");
    }
    String scope = blankToNull(ctx.queryParam("scope"));
    String line = scope == null ? uk.meterwatch.engine.pmr.MeasureResult.ALL : scope;
    String missed = blankToNull(ctx.queryParam("missed"));
    if (missed != null && !missed.equals("true") && !missed.equals("false")) {
      throw ApiError.badRequest("missed must be true or false, got '" + missed + "'");
    }
    String csv =
        server
            .access()
            .read(
                store -> {
                  var rows =
                      new PerformanceMeasurement(
                              store,
                              server.access().rules(),
                              SrvCatalogue.standard(),
                              server.access().clock())
                          .rows(month, measure.strip(), line, "true".equals(missed));
                  StringWriter w = new StringWriter();
                  uk.meterwatch.engine.json.RowsCsv.write(w, month, measure.strip(), line, rows);
                  return w.toString();
                });
    String name =
        (measure.strip() + "-" + line + "-" + month + ("true".equals(missed) ? "-missed" : ""))
            .replaceAll("[^A-Za-z0-9._-]", "_");
    ctx.header("Content-Disposition", "attachment; filename=\"" + name + ".csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(v.text(csv));
  }

  private void bpi(Context ctx) {
    Viewer v = server.viewer(ctx);
    ReportingMonth month = requiredMonth(ctx);
    RuleSet rules = server.access().rules().inForce(month);
    BpiReport report = pages.bpiReport(month);
    String process = ctx.queryParam("process");
    if (process != null && !process.isBlank()) {
      List<uk.meterwatch.engine.bpi.ProcessIndicators> one =
          report.processes().stream().filter(p -> p.process().equals(process.strip())).toList();
      if (one.isEmpty()) {
        throw ApiError.notFound("no process " + process + " in the rule set in force for " + month);
      }
      report = new BpiReport(report.month(), one);
    }
    json(ctx, Json.pretty(v.json(BpiJson.json(v.bpi(report), rules))));
  }

  private void registerJson(Context ctx, Object value) {
    Viewer v = server.viewer(ctx);
    JsonNode tree = TREE.valueToTree(value);
    json(ctx, Json.register(v.json(tree)));
  }

  private void incidents(Context ctx) {
    registerJson(
        ctx,
        server
            .access()
            .read(
                store -> {
                  Registers r = pages.registers(store);
                  return r.incidents().list().stream()
                      .map(i -> RegisterJson.incident(r.incidents().status(i)))
                      .toList();
                }));
  }

  private void incident(Context ctx) {
    String id = ctx.pathParam("id");
    registerJson(
        ctx,
        server
            .access()
            .read(
                store -> {
                  Registers r = pages.registers(store);
                  var i =
                      r.incidents()
                          .find(id)
                          .orElseThrow(() -> ApiError.notFound("no incident " + id));
                  return RegisterJson.incident(r.incidents().status(i));
                }));
  }

  private void reviews(Context ctx) {
    String id = ctx.pathParam("id");
    registerJson(
        ctx,
        server
            .access()
            .read(
                store -> {
                  Registers r = pages.registers(store);
                  if (r.incidents().find(id).isEmpty()) {
                    throw ApiError.notFound("no incident " + id);
                  }
                  return r.reviews().versions(id).stream().map(RegisterJson::review).toList();
                }));
  }

  private void risks(Context ctx) {
    registerJson(
        ctx,
        server
            .access()
            .read(
                store ->
                    pages.registers(store).risks().list().stream()
                        .map(RegisterJson::risk)
                        .toList()));
  }

  private void risk(Context ctx) {
    String id = ctx.pathParam("id");
    registerJson(
        ctx,
        server
            .access()
            .read(
                store -> {
                  Registers r = pages.registers(store);
                  var risk =
                      r.risks().find(id).orElseThrow(() -> ApiError.notFound("no risk " + id));
                  return RegisterJson.risk(r.risks().assess(risk), r.risks().history(id));
                }));
  }

  private void actions(Context ctx) {
    String t = ctx.queryParam("today");
    LocalDate today;
    if (t == null || t.isBlank()) {
      today = LocalDate.now(server.access().clock().withZone(ReportingMonth.UK));
    } else {
      try {
        today = TimeRange.date(t.strip());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("today must be YYYY-MM-DD: " + e.getMessage());
      }
    }
    LocalDate day = today;
    registerJson(
        ctx,
        server
            .access()
            .read(
                store ->
                    pages.registers(store).actions().list().stream()
                        .map(a -> RegisterJson.action(a, day))
                        .toList()));
  }

  private void exceptions(Context ctx) {
    registerJson(
        ctx,
        server
            .access()
            .read(
                store ->
                    pages.registers(store).exceptions().list().stream()
                        .map(RegisterJson::exception)
                        .toList()));
  }

  private void audit(Context ctx) {
    String register = ctx.queryParam("register");
    String key = ctx.queryParam("key");
    registerJson(
        ctx,
        server
            .access()
            .read(
                store ->
                    pages
                        .registers(store)
                        .audit()
                        .list(blankToNull(register), blankToNull(key))
                        .stream()
                        .map(RegisterJson::audit)
                        .toList()));
  }

  private void loads(Context ctx) {
    Viewer v = server.viewer(ctx);
    List<Map<String, Object>> list = new ArrayList<>();
    server.access().read(store -> LoadHistory.list(store, 1000)).forEach(l -> list.add(l.toMap()));
    json(ctx, Json.pretty(v.json(TREE.valueToTree(list))));
  }

  static Quarantine.Filter quarantineFilter(Context ctx) {
    Long load = null;
    String l = ctx.queryParam("load");
    if (l != null && !l.isBlank()) {
      if (!l.strip().matches("\\d{1,18}")) {
        throw ApiError.badRequest("load must be a load number, got '" + l + "'");
      }
      load = Long.parseLong(l.strip());
    }
    return new Quarantine.Filter(
        load,
        blankToNull(ctx.queryParam("file")),
        blankToNull(ctx.queryParam("kind")),
        blankToNull(ctx.queryParam("reason")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  private void quarantine(Context ctx) {
    Viewer v = server.viewer(ctx);
    Quarantine.Filter filter = quarantineFilter(ctx);
    String lim = ctx.queryParam("limit");
    long limit = 1000;
    if (lim != null && !lim.isBlank()) {
      if (!lim.strip().matches("\\d{1,9}")) {
        throw ApiError.badRequest("limit must be a whole number, got '" + lim + "'");
      }
      limit = Long.parseLong(lim.strip());
    }
    long max = limit == 0 ? Long.MAX_VALUE : limit;
    List<Map<String, Object>> rows = new ArrayList<>();
    long total =
        server
            .access()
            .read(
                store -> {
                  Quarantine q = new Quarantine(store);
                  q.list(
                      filter,
                      max,
                      row -> {
                        Map<String, Object> m = new java.util.LinkedHashMap<>();
                        m.put("load_id", row.loadId());
                        m.put("file", row.file());
                        m.put("kind", row.kind());
                        m.put("line", row.line());
                        m.put("reason", row.reason());
                        m.put("row", row.rowJson());
                        rows.add(m);
                      });
                  return q.count(filter);
                });
    Map<String, Object> root = new java.util.LinkedHashMap<>();
    root.put("total", total);
    root.put("rows", rows);
    json(ctx, Json.pretty(v.json(TREE.valueToTree(root))));
  }

  private void quarantineCsv(Context ctx) {
    Viewer v = server.viewer(ctx);
    Quarantine.Filter filter = quarantineFilter(ctx);
    String csv =
        server
            .access()
            .read(
                store -> {
                  StringWriter w = new StringWriter();
                  new Quarantine(store).exportCsv(filter, w);
                  return w.toString();
                });
    ctx.header("Content-Disposition", "attachment; filename=\"quarantine.csv\"");
    ctx.contentType("text/csv; charset=utf-8").result(v.text(csv));
  }
}
