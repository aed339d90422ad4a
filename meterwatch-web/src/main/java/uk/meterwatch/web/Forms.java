package uk.meterwatch.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.core.time.TimeRange;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Rag;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.registers.ReviewEdit;

/**
 * The forms that change the registers (ADMIN and ANALYST only): each posts, changes the store
 * through the engine (its checks and audit trail, with the account as who), and redirects to the
 * page it came from with a line saying what was done.
 */
final class Forms {
  private final WebServer server;

  Forms(WebServer server) {
    this.server = server;
  }

  void routes(RoutesConfig r) {
    r.post("/risks/{id}/rate", this::rateRisk);
    r.post("/actions", this::addAction);
    r.post("/actions/update", this::updateAction);
    r.post("/actions/close", this::closeAction);
    r.post("/exceptions", this::addException);
    r.post("/exceptions/withdraw", this::withdrawException);
    r.post("/incidents/{id}/review", this::editReview);
    r.post("/incidents/{id}/review/publish", this::publishReview);
  }

  private Viewer writer(Context ctx) {
    Viewer v = server.viewer(ctx);
    if (!v.writes()) {
      throw ApiError.forbidden("change the registers (ADMIN or ANALYST only)");
    }
    return v;
  }

  private Registers registers(uk.meterwatch.engine.store.Store store) {
    return new Registers(store, server.access().rules(), server.access().clock());
  }

  private LocalDate today() {
    return LocalDate.now(server.access().clock().withZone(ReportingMonth.UK));
  }

  static String required(Context ctx, String field, String label) {
    String v = ctx.formParam(field);
    if (v == null || v.isBlank()) {
      throw ApiError.badRequest(label + " is required");
    }
    return v.strip();
  }

  static int score(Context ctx, String field, String label) {
    String v = required(ctx, field, label);
    if (!v.matches("[1-5]")) {
      throw ApiError.badRequest(label + " must be 1 to 5, got '" + v + "'");
    }
    return Integer.parseInt(v);
  }

  static LocalDate date(Context ctx, String field, String label) {
    String v = ctx.formParam(field);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return TimeRange.date(v.strip());
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(label + ": '" + v + "' " + e.getMessage());
    }
  }

  private void done(Context ctx, String path, String message) {
    server.flash(ctx, message);
    ctx.redirect(path);
  }

  private void rateRisk(Context ctx) {
    Viewer v = writer(ctx);
    String id = ctx.pathParam("id");
    int likelihood = score(ctx, "likelihood", "Likelihood");
    int impact = score(ctx, "impact", "Impact");
    String reason = required(ctx, "reason", "A reason for the new rating");
    server
        .access()
        .write(
            store ->
                registers(store).risks().rate(id, likelihood, impact, today(), reason, v.name()));
    done(ctx, "/risks/" + id, "Risk " + id + " re-rated " + likelihood + " x " + impact + ".");
  }

  /** Ids or measures as a form sends them: separated by commas, semicolons or line ends. */
  static java.util.List<String> list(Context ctx, String field) {
    String v = ctx.formParam(field);
    if (v == null || v.isBlank()) {
      return java.util.List.of();
    }
    return java.util.Arrays.stream(v.split("[,;\\s]+")).filter(x -> !x.isBlank()).toList();
  }

  static java.time.Instant instant(Context ctx, String field, String label) {
    String v = ctx.formParam(field);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return java.time.OffsetDateTime.parse(v.strip()).toInstant();
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiError.badRequest(
          label + ": '" + v + "' " + uk.meterwatch.core.time.TimeRange.notATime(v));
    }
  }

  private void addException(Context ctx) {
    Viewer v = writer(ctx);
    String id = required(ctx, "id", "The reference");
    java.util.List<String> measures = list(ctx, "measures");
    if (measures.isEmpty()) {
      throw ApiError.badRequest("The measures it applies to are required");
    }
    String scope = ctx.formParam("scope");
    java.util.List<String> items = list(ctx, "items");
    java.time.Instant from = instant(ctx, "from", "The period's start");
    java.time.Instant to = instant(ctx, "to", "The period's end");
    String reason = required(ctx, "reason", "The reason");
    String approvedBy = required(ctx, "approved_by", "Who approved it");
    LocalDate approvedOn = date(ctx, "approved_on", "The approval date");
    server
        .access()
        .write(
            store ->
                registers(store)
                    .exceptions()
                    .add(
                        new uk.meterwatch.core.measure.ApprovedException(
                            id,
                            measures,
                            scope,
                            items,
                            from,
                            to,
                            reason,
                            approvedBy,
                            approvedOn != null ? approvedOn : today(),
                            null,
                            null),
                        v.name()));
    done(ctx, "/exceptions", "Exception " + id + " added.");
  }

  private void withdrawException(Context ctx) {
    Viewer v = writer(ctx);
    String id = required(ctx, "withdraw_id", "The reference");
    String reason = ctx.formParam("withdraw_reason");
    server
        .access()
        .write(store -> registers(store).exceptions().withdraw(id, today(), reason, v.name()));
    done(ctx, "/exceptions", "Exception " + id + " withdrawn.");
  }

  private void addAction(Context ctx) {
    Viewer v = writer(ctx);
    String ref = required(ctx, "ref", "The reference");
    String text = required(ctx, "text", "The action");
    String owner = required(ctx, "owner", "The owner");
    LocalDate target = date(ctx, "target", "The target date");
    server
        .access()
        .write(
            store ->
                registers(store)
                    .actions()
                    .add(
                        new Action(ref, text, owner, today(), target, null, null, null), v.name()));
    done(ctx, "/actions", "Action " + ref + " added.");
  }

  /**
   * Text, owner, target and revised target as the form sends them (a date left empty clears it);
   * raised date, status and closing date are kept (closing has its own form).
   */
  private void updateAction(Context ctx) {
    Viewer v = writer(ctx);
    String ref = required(ctx, "ref", "The reference");
    String text = required(ctx, "text", "The action");
    String owner = required(ctx, "owner", "The owner");
    LocalDate target = date(ctx, "target", "The target date");
    LocalDate revised = date(ctx, "revised_target", "The revised target date");
    boolean[] changed = new boolean[1];
    server
        .access()
        .write(
            store -> {
              var log = registers(store).actions();
              Action o = log.get(ref);
              Action n =
                  new Action(
                      o.ref(),
                      text,
                      owner,
                      o.raisedOn(),
                      target,
                      revised,
                      o.status(),
                      o.closedOn());
              if (!n.toMap().equals(o.toMap())) {
                log.update(n, v.name());
                changed[0] = true;
              }
            });
    done(
        ctx,
        Pages.actionPath(ref),
        changed[0] ? "Action " + ref + " updated." : "Nothing to change in action " + ref + ".");
  }

  private void closeAction(Context ctx) {
    Viewer v = writer(ctx);
    String ref = required(ctx, "ref", "The reference");
    server.access().write(store -> registers(store).actions().close(ref, today(), v.name()));
    done(ctx, "/actions", "Action " + ref + " closed.");
  }

  private void editReview(Context ctx) {
    Viewer v = writer(ctx);
    String id = ctx.pathParam("id");
    Map<ReviewArea, Rag> rags = new EnumMap<>(ReviewArea.class);
    Map<ReviewArea, String> reasonings = new EnumMap<>(ReviewArea.class);
    for (ReviewArea a : ReviewArea.values()) {
      String rag = ctx.formParam("rag_" + a.name());
      if (rag != null && !rag.isBlank()) {
        try {
          rags.put(a, Rag.valueOf(rag.strip()));
        } catch (IllegalArgumentException e) {
          throw ApiError.badRequest("a RAG status is RED, AMBER or GREEN, got '" + rag + "'");
        }
      }
      String why = ctx.formParam("why_" + a.name());
      if (why != null && !why.isBlank()) {
        reasonings.put(a, why.strip());
      }
    }
    ReviewEdit edit =
        new ReviewEdit(
            rags,
            reasonings,
            blank(ctx.formParam("root_cause")),
            null,
            null,
            null,
            null,
            null,
            blank(ctx.formParam("summary")));
    var written = new int[1];
    server
        .access()
        .write(store -> written[0] = registers(store).reviews().edit(id, edit, v.name()).version());
    done(ctx, "/incidents/" + id, "Draft version " + written[0] + " of the review saved.");
  }

  private void publishReview(Context ctx) {
    Viewer v = writer(ctx);
    String id = ctx.pathParam("id");
    var published = new int[1];
    server
        .access()
        .write(store -> published[0] = registers(store).reviews().publish(id, v.name()).version());
    done(ctx, "/incidents/" + id, "Version " + published[0] + " of the review published.");
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
