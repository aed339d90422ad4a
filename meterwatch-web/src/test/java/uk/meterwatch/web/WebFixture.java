package uk.meterwatch.web;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.bpi.BpiRows;
import uk.meterwatch.engine.pmr.PmrRows;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Risk;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.web.auth.Role;

/**
 * A small store served on a free loopback port, with one account per role, and an HTTP client that
 * keeps its session cookie as a browser does. Users: SUPPLIER-X and SUPPLIER-Y (organisation X),
 * SUPPLIER-Z (Z); the service user "xuser" speaks for SUPPLIER-X only.
 */
final class WebFixture implements AutoCloseable {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2023-09-15T12:00:00Z"), ZoneOffset.UTC);
  static final List<String> OTHER_USERS = List.of("SUPPLIER-Y", "SUPPLIER-Z");

  final Path store;
  final WebServer server;
  final Map<Role, String[]> logins = new java.util.EnumMap<>(Role.class);

  WebFixture(Path folder) {
    this.store = folder;
    seed(folder);
    server = WebServer.start(new WebServer.Options(folder, "127.0.0.1", 0, CLOCK));
    logins.put(
        Role.ADMIN, new String[] {"boss", server.accounts().add("boss", Role.ADMIN, List.of())});
    logins.put(
        Role.ANALYST, new String[] {"ana", server.accounts().add("ana", Role.ANALYST, List.of())});
    logins.put(
        Role.MEMBER, new String[] {"mem", server.accounts().add("mem", Role.MEMBER, List.of())});
    logins.put(
        Role.SERVICE_USER,
        new String[] {
          "xuser", server.accounts().add("xuser", Role.SERVICE_USER, List.of("SUPPLIER-X"))
        });
  }

  static void seed(Path folder) {
    Instant t = Instant.parse("2023-08-10T10:00:00Z");
    try (Store s = Store.open(folder)) {
      BpiRows rows = new BpiRows(s);
      rows.user("SUPPLIER-X", "Org X").user("SUPPLIER-Y", "Org X").user("SUPPLIER-Z", "Org Z");
      rows.device("D1", "SUPPLIER-Y").device("D2", "SUPPLIER-Z");
      rows.request("a1", "SUPPLIER-X", "2.2", "D1", t).response("a1", t.plusSeconds(4), "I0");
      rows.request("b1", "SUPPLIER-X", "2.2", "D2", t).response("b1", t.plusSeconds(30), "E21");
      rows.request("c1", "SUPPLIER-Z", "2.2", "D2", t).response("c1", t.plusSeconds(2), "E5");
      rows.request("c2", "SUPPLIER-Y", "2.2", "D1", t).response("c2", t.plusSeconds(2), "I0");
      PmrRows pmr = new PmrRows(s);
      pmr.incident("INC1", 1, "2023-08-20T05:10:00Z", "2023-08-20T11:40:00Z", "DUIS;SSI", true);
      pmr.exec(
          "UPDATE incidents SET major = true, title = 'DSP router failure; SUPPLIER-Z saw E5s'"
              + " WHERE incident_id = 'INC1'");
      Registers r = new Registers(s, RuleBook.withDefaults().build(), CLOCK);
      r.risks()
          .add(
              new Risk("R1", "Duplicates flood from SUPPLIER-Z", 4, 4, "DCC", null),
              null,
              null,
              "seed");
      // INC1 left out of CPM4; its reason names another organisation's User (anonymised).
      r.exceptions()
          .add(
              new uk.meterwatch.core.measure.ApprovedException(
                  "EXC-1",
                  List.of("CPM4"),
                  "ALL",
                  List.of("INC1"),
                  null,
                  null,
                  "outage at SUPPLIER-Z, agreed as outside the DCC's control",
                  "OPSG chair",
                  LocalDate.parse("2023-09-01"),
                  null,
                  null),
              "seed");
      r.actions()
          .add(
              new Action(
                  "105/01",
                  "SUPPLIER-Y to explain its certificate errors",
                  "DCC",
                  LocalDate.parse("2023-08-01"),
                  LocalDate.parse("2023-09-01"),
                  null,
                  null,
                  null),
              "seed");
    }
  }

  String base() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A browser-like client: its own cookies, no redirect followed. */
  Client client() {
    return new Client();
  }

  /** A client logged in with the role's account. */
  Client as(Role role) throws IOException, InterruptedException {
    Client c = client();
    HttpResponse<String> r = c.login(logins.get(role)[0], logins.get(role)[1]);
    if (r.statusCode() != 302) {
      throw new IllegalStateException("login of " + role + " failed: " + r.statusCode() + r.body());
    }
    return c;
  }

  @Override
  public void close() {
    server.close();
  }

  final class Client {
    final HttpClient http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
      return get(path, Map.of());
    }

    HttpResponse<String> get(String path, Map<String, String> headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).GET();
      headers.forEach(b::header);
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, Map<String, String> form)
        throws IOException, InterruptedException {
      String body =
          form.entrySet().stream()
              .map(
                  e ->
                      URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                          + "="
                          + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
              .collect(Collectors.joining("&"));
      return http.send(
          HttpRequest.newBuilder(URI.create(base() + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token of a page's first form. */
    String csrf(String page) throws IOException, InterruptedException {
      return csrfOf(get(page).body());
    }

    HttpResponse<String> login(String name, String password)
        throws IOException, InterruptedException {
      String token = csrf("/login");
      return post(
          "/login", Map.of("name", name, "password", password, "_csrf", token, "next", "/"));
    }
  }

  static String csrfOf(String html) {
    Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token in the page");
    }
    return m.group(1);
  }
}
