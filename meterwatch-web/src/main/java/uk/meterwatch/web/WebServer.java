package uk.meterwatch.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.store.KnownUsers;
import uk.meterwatch.web.auth.Account;
import uk.meterwatch.web.auth.Accounts;
import uk.meterwatch.web.auth.LoginThrottle;
import uk.meterwatch.web.auth.Sessions;

/**
 * {@code meterwatch serve}: the pages and the JSON API over one store. Handlers are thin: they read
 * the request, call the engine through {@link StoreAccess} and hand plain data to a template or to
 * the engine's JSON. Every request but the login page and static files is checked here, before any
 * handler: who is asking (session or API token), and for every form its CSRF token.
 */
public final class WebServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

  /** Where GOV.UK Frontend's files are served (the webjar's version is pinned in the POM). */
  public static final String GOVUK = "/webjars/govuk-frontend/5.14.0/dist/govuk";

  /** Where and what to serve. */
  public record Options(Path store, String bind, int port, Clock clock) {}

  private final Javalin app;
  private final StoreAccess access;
  private final Accounts accounts;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final WebMetrics metrics;
  private final LoadJobs jobs;
  private final java.util.Map<String, String> flashes =
      new java.util.concurrent.ConcurrentHashMap<>();

  private WebServer(Options options) {
    this.access = new StoreAccess(options.store(), options.clock());
    this.accounts = new Accounts(options.store(), options.clock());
    this.sessions = new Sessions(options.clock());
    this.throttle = new LoginThrottle(options.clock());
    this.metrics = new WebMetrics(access);
    Pages pages = new Pages(this);
    Forms forms = new Forms(this);
    this.jobs = new LoadJobs(access);
    UploadRoutes uploads = new UploadRoutes(this, jobs);
    PackRoutes packs = new PackRoutes(this, pages);
    Api api = new Api(this);
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.http.maxRequestSize = Uploads.MAX_UPLOAD_BYTES;
              // GOV.UK Frontend from its webjar, at /webjars/govuk-frontend/VERSION/dist/govuk/.
              config.staticFiles.enableWebjars();
              config.staticFiles.add(
                  s -> {
                    s.hostedPath = "/static";
                    s.directory = "/uk/meterwatch/web/static";
                    s.location = Location.CLASSPATH;
                  });
              config.routes.before(this::guard);
              config.routes.after(metrics::observe);
              pages.routes(config.routes);
              forms.routes(config.routes);
              uploads.routes(config.routes);
              packs.routes(config.routes);
              config.jetty.multipartConfig.maxFileSize(
                  Uploads.MAX_UPLOAD_BYTES, io.javalin.config.SizeUnit.BYTES);
              config.jetty.multipartConfig.maxTotalRequestSize(
                  Uploads.MAX_UPLOAD_BYTES, io.javalin.config.SizeUnit.BYTES);
              api.routes(config.routes);
              config.routes.get("/metrics", metrics::scrape);
              config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e));
              config.routes.exception(
                  MeterwatchException.class, (e, ctx) -> error(ctx, fromMeterwatch(e)));
              config.routes.exception(
                  Exception.class,
                  (e, ctx) -> {
                    LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
                    error(ctx, new ApiError(500, "INTERNAL", "an internal error; see the log"));
                  });
              config.routes.error(
                  404,
                  ctx -> {
                    if (ctx.attribute("mw-error") == null) {
                      error(ctx, ApiError.notFound("no such page: " + ctx.path()));
                    }
                  });
              config.routes.error(
                  405,
                  ctx -> {
                    if (ctx.attribute("mw-error") == null) {
                      error(ctx, new ApiError(405, "METHOD", "method not allowed"));
                    }
                  });
            });
    app.start(options.bind(), options.port());
  }

  public static WebServer start(Options options) {
    return new WebServer(options);
  }

  public int port() {
    return app.port();
  }

  public Accounts accounts() {
    return accounts;
  }

  StoreAccess access() {
    return access;
  }

  Sessions sessions() {
    return sessions;
  }

  LoginThrottle throttle() {
    return throttle;
  }

  @Override
  public void close() {
    app.stop();
    jobs.close();
    access.close();
  }

  // ---- who is asking ---------------------------------------------------------------------------

  private static final Set<String> PUBLIC_PREFIXES = Set.of("/webjars/", "/static/");

  static boolean isApi(Context ctx) {
    return ctx.path().startsWith("/api/") || ctx.path().equals("/metrics");
  }

  private void guard(Context ctx) {
    ctx.attribute("mw-started", System.nanoTime());
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "same-origin");
    ctx.header(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
            + " script-src 'self'; frame-ancestors 'none'; form-action 'self'");
    String path = ctx.path();
    if (PUBLIC_PREFIXES.stream().anyMatch(path::startsWith) || path.equals("/favicon.ico")) {
      return;
    }
    ctx.header("Cache-Control", "no-store");
    String authorization = ctx.header("Authorization");
    if (authorization != null && isApi(ctx)) {
      if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
        throw ApiError.unauthenticated();
      }
      Account a =
          accounts.byToken(authorization.substring(7)).orElseThrow(ApiError::unauthenticated);
      ctx.attribute("mw-account", a);
      return; // no cookie, so no CSRF to fear
    }
    Optional<Sessions.Session> session = sessions.get(ctx.cookie(Sessions.COOKIE));
    session.ifPresent(s -> ctx.attribute("mw-session", s));
    if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")) {
      checkCsrf(ctx, session);
    }
    if (path.equals("/login")) {
      return;
    }
    Optional<Account> account =
        session.map(Sessions.Session::account).flatMap(accounts::find).filter(a -> !a.disabled());
    if (account.isEmpty()) {
      if (isApi(ctx) || !ctx.method().name().equals("GET")) {
        throw ApiError.unauthenticated();
      }
      String query = ctx.queryString();
      String next = query == null ? path : path + "?" + query;
      ctx.redirect(
          "/login?next="
              + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8));
      ctx.skipRemainingHandlers();
      return;
    }
    ctx.attribute("mw-account", account.get());
  }

  private void checkCsrf(Context ctx, Optional<Sessions.Session> session) {
    String sent = ctx.header("X-CSRF-Token");
    if (sent == null) {
      sent = ctx.formParam("_csrf");
    }
    if (session.isEmpty() || !uk.meterwatch.web.auth.Secrets.same(sent, session.get().csrf())) {
      throw new ApiError(
          403,
          "CSRF",
          "the form's security token is missing or out of date: reload the page and try again");
    }
  }

  /** The viewer of this request (after {@link #guard}). */
  Viewer viewer(Context ctx) {
    Account a = ctx.attribute("mw-account");
    if (a == null) {
      throw ApiError.unauthenticated();
    }
    // One anonymiser per kind of viewer and version of the store, not one per request.
    return new Viewer(
        a,
        access.cached(
            "anonymiser|" + Viewer.key(a), store -> Viewer.anonymiser(a, KnownUsers.of(store))));
  }

  Optional<Sessions.Session> session(Context ctx) {
    return Optional.ofNullable(ctx.attribute("mw-session"));
  }

  /** Sets a session cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
  void setSessionCookie(Context ctx, Sessions.Session s) {
    boolean https = "https".equalsIgnoreCase(ctx.scheme());
    ctx.cookie(new Cookie(Sessions.COOKIE, s.id(), "/", -1, https, true, null, SameSite.LAX));
  }

  void clearSessionCookie(Context ctx) {
    boolean https = "https".equalsIgnoreCase(ctx.scheme());
    ctx.cookie(new Cookie(Sessions.COOKIE, "", "/", 0, https, true, null, SameSite.LAX));
  }

  // ---- answers ---------------------------------------------------------------------------------

  /** A line for the next page this session sees ("Action 105/06 added."). */
  void flash(Context ctx, String message) {
    session(ctx).ifPresent(s -> flashes.put(s.id(), message));
  }

  void render(Context ctx, Page page) {
    Sessions.Session s = ctx.attribute("mw-session");
    if (s != null) {
      String done = flashes.remove(s.id());
      if (done != null) {
        page.blocks().add(0, new Page.Notice("success", done, java.util.List.of()));
      }
    }
    Account a = ctx.attribute("mw-account");
    page.by(a == null ? null : viewer(ctx), s == null ? "" : s.csrf());
    StringOutput out = new StringOutput();
    templates.render("page.jte", page, out);
    ctx.html(out.toString());
  }

  /** Renders a page for someone not logged in (login, errors before login). */
  void renderAnonymous(Context ctx, Page page, String csrf) {
    page.by(null, csrf);
    StringOutput out = new StringOutput();
    templates.render("page.jte", page, out);
    ctx.html(out.toString());
  }

  private void error(Context ctx, ApiError e) {
    ctx.attribute("mw-error", e.code());
    ctx.status(e.status());
    if (isApi(ctx) || !acceptsHtml(ctx)) {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.put("code", e.code());
      body.put("message", e.getMessage());
      ctx.contentType("application/json").result(Json.pretty(body) + "\n");
      return;
    }
    Page page = new Page(title(e.status()), "");
    page.add(new Page.Notice("error", e.getMessage(), java.util.List.of()));
    if (e.status() == 401) {
      page.add(new Page.Links(java.util.List.of(Page.Cell.link("Sign in", "/login"))));
    } else {
      page.add(new Page.Links(java.util.List.of(Page.Cell.link("Back to the overview", "/"))));
    }
    Sessions.Session s = ctx.attribute("mw-session");
    Account a = ctx.attribute("mw-account");
    if (a != null) {
      render(ctx, page);
    } else {
      renderAnonymous(ctx, page, s == null ? "" : s.csrf());
    }
    ctx.status(e.status());
  }

  private static boolean acceptsHtml(Context ctx) {
    String accept = ctx.header("Accept");
    return accept == null || accept.contains("text/html") || accept.contains("*/*");
  }

  private static String title(int status) {
    return switch (status) {
      case 401 -> "Sign in to continue";
      case 403 -> "You cannot do that";
      case 404 -> "Page not found";
      case 413 -> "Too large";
      default -> status >= 500 ? "Sorry, something went wrong" : "That did not work";
    };
  }

  static ApiError fromMeterwatch(MeterwatchException e) {
    ErrorCode code = e.code();
    int status =
        switch (code) {
          case NOT_FOUND -> 404;
          case STORE, INTERNAL -> 503;
          default -> 400;
        };
    String message = e.getMessage();
    if (code == ErrorCode.STORE || code == ErrorCode.INTERNAL) {
      LOG.warn("{}", message, e);
      message =
          "the store cannot answer just now; try again in a moment (the server's log says why)";
    }
    return new ApiError(status, code.name(), message);
  }
}
