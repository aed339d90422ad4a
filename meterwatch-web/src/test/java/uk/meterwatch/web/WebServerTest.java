package uk.meterwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.PmrJson;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.web.auth.Role;

/** The server over HTTP: access, CSRF, throttling, escaping, and the API's JSON. */
class WebServerTest {
  @TempDir static Path dir;
  static WebFixture web;

  /** Every page and API read, as a user would reach them. */
  static final List<String> ROUTES =
      List.of(
          "/",
          "/?month=2023-08",
          "/measures/CPM1?month=2023-08",
          "/measures/CPM4?month=2023-08",
          "/bpi?month=2023-08",
          "/incidents",
          "/incidents/INC1",
          "/risks",
          "/risks/R1",
          "/actions",
          "/action?ref=105%2F01",
          "/exceptions",
          "/map?from=2023-07&month=2023-09",
          "/pack?month=2023-08",
          "/pack/pack.html?month=2023-08",
          "/upload",
          "/accounts",
          "/loads",
          "/quarantine",
          "/audit",
          "/api/v1/status",
          "/api/v1/pmr?month=2023-08",
          "/api/v1/pmr/explain?month=2023-08&measure=CPM1",
          "/api/v1/pmr/rows.csv?month=2023-08&measure=CPM1",
          "/api/v1/pmr/rows.csv?month=2023-08&measure=CPM4",
          "/api/v1/bpi?month=2023-08",
          "/api/v1/incidents",
          "/api/v1/incidents/INC1",
          "/api/v1/incidents/INC1/review",
          "/api/v1/risks",
          "/api/v1/risks/R1",
          "/api/v1/actions",
          "/api/v1/exceptions",
          "/api/v1/audit",
          "/api/v1/loads",
          "/api/v1/quarantine",
          "/api/v1/quarantine.csv",
          "/metrics");

  @BeforeAll
  static void serve() {
    web = new WebFixture(dir.resolve("store"));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void anonymousIsRefusedEverywhereButTheLoginPageAndStaticFiles() throws Exception {
    WebFixture.Client anonymous = web.client();
    for (String route : ROUTES) {
      HttpResponse<String> r = anonymous.get(route);
      if (route.startsWith("/api/") || route.equals("/metrics")) {
        assertThat(r.statusCode()).as(route).isEqualTo(401);
        JsonNode error = Json.MAPPER.readTree(r.body());
        assertThat(error.get("code").asText()).as(route).isEqualTo("UNAUTHENTICATED");
        assertThat(error.get("message").asText()).as(route).isNotBlank();
      } else {
        assertThat(r.statusCode()).as(route).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElseThrow()).startsWith("/login?next=");
      }
    }
    assertThat(anonymous.get("/login").statusCode()).isEqualTo(200);
    assertThat(anonymous.get(WebServer.GOVUK + "/govuk-frontend.min.css").statusCode())
        .isEqualTo(200);
    assertThat(anonymous.get("/static/meterwatch.css").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/nowhere").statusCode()).isEqualTo(302);
    HttpResponse<String> bad =
        anonymous.get("/api/v1/pmr?month=2023-08", Map.of("Authorization", "Bearer wrong"));
    assertThat(bad.statusCode()).isEqualTo(401);
  }

  /**
   * The pages say what the pack says, in its words: a month by name, the rule set by its title,
   * Meterwatch's own measures apart and off the non-compliance list, processes and providers by
   * name, and a major incident without a published review of no established cause.
   */
  @Test
  void pagesSpeakThePacksWords() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    String overview = analyst.get("/?month=2023-08").body();
    assertThat(overview)
        .contains("Performance, August 2023")
        .contains("in force from 1 Jan 2019")
        .contains("Meterwatch's own measures (not the Code's)");
    int list = overview.indexOf("Non-compliance list");
    String nonCompliance = overview.substring(list, overview.indexOf("</table>", list));
    assertThat(nonCompliance).doesNotContain("CPM1-S");
    String measure = analyst.get("/measures/CPM1?month=2023-08").body();
    assertThat(measure).contains("CPM1: 12-month trend").contains("Whole network");
    String bpi = analyst.get("/bpi?month=2023-08").body();
    assertThat(bpi).contains("Success after 24 h").doesNotContain(">PREPAYMENT<");
    String incident = analyst.get("/incidents/INC1").body();
    assertThat(incident).contains("Not yet established (the register says");
    assertThat(analyst.get("/incidents").body()).doesNotContain(">MET<").doesNotContain(">MISSED<");
    assertThat(analyst.get("/map?month=2023-09").body()).contains("October 2022 to September 2023");
    // The pack as of a day, as report --as-of: the page offers it, the download is made so.
    assertThat(analyst.get("/pack?month=2023-08&as_of=2023-09-10").body())
        .contains("As of 10 Sep 2023")
        .contains("as_of=2023-09-10");
    assertThat(analyst.get("/pack/pack.html?month=2023-08&as_of=2023-09-10").body())
        .contains("As of 10 Sep 2023");
    assertThat(analyst.get("/pack?month=2023-08&as_of=30/09/2023").statusCode()).isEqualTo(400);
  }

  @Test
  void everyRouteAnswersAnAnalystAndAnAdmin() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    for (String route : ROUTES) {
      HttpResponse<String> r = analyst.get(route);
      assertThat(r.statusCode())
          .as(route + ": " + r.body())
          .isEqualTo(route.equals("/accounts") ? 403 : 200);
    }
    WebFixture.Client admin = web.as(Role.ADMIN);
    for (String route : ROUTES) {
      assertThat(admin.get(route).statusCode()).as(route).isEqualTo(200);
    }
    assertThat(admin.get("/accounts").body()).contains("xuser").contains("SUPPLIER-X");
    assertThat(analyst.get("/").body()).contains("CPM1").contains("<svg");
  }

  @Test
  void theApiAnswersTheSameJsonAsTheCommandLine() throws Exception {
    String token = web.server.accounts().newToken("ana");
    WebFixture.Client script = web.client();
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + token);
    HttpResponse<String> pmr = script.get("/api/v1/pmr?month=2023-08", bearer);
    HttpResponse<String> bpi = script.get("/api/v1/bpi?month=2023-08", bearer);
    ReportingMonth m = ReportingMonth.parse("2023-08");
    String expectedPmr;
    String expectedBpi;
    try (Store s = Store.open(dir.resolve("store"))) {
      var book = RuleFiles.load(dir.resolve("store"), null);
      expectedPmr =
          PmrJson.write(
              new PerformanceMeasurement(s, book, SrvCatalogue.standard(), WebFixture.CLOCK)
                  .report(m));
      expectedBpi = BpiJson.text(new BpiCalculator(s, book.inForce(m)).compute(m), book.inForce(m));
    }
    assertThat(pmr.statusCode()).isEqualTo(200);
    assertThat(pmr.body()).isEqualTo(expectedPmr + "\n");
    assertThat(bpi.body()).isEqualTo(expectedBpi + "\n");
    assertThat(bpi.body()).contains("SUPPLIER-Z");
    web.server.accounts().revokeTokens("ana");
    assertThat(script.get("/api/v1/pmr?month=2023-08", bearer).statusCode()).isEqualTo(401);
  }

  @Test
  void aServiceUserSeesItsOwnIdsAndNoOtherOrganisationsAnywhere() throws Exception {
    WebFixture.Client xuser = web.as(Role.SERVICE_USER);
    for (String route : ROUTES) {
      HttpResponse<String> r = xuser.get(route);
      assertThat(r.statusCode())
          .as(route)
          .isEqualTo(route.equals("/upload") || route.equals("/accounts") ? 403 : 200);
      for (String other : WebFixture.OTHER_USERS) {
        assertThat(r.body()).as(route).doesNotContainIgnoringCase(other);
      }
    }
    String bpi = xuser.get("/api/v1/bpi?month=2023-08").body();
    assertThat(bpi).contains("SUPPLIER-X").contains("User A").contains("User B");
    assertThat(xuser.get("/actions").body()).contains("User A to explain its certificate errors");
  }

  @Test
  void theRowsBehindAFigureDownloadAsThePmrCountsThem() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    // CPM1-S, August: a1 and c2 answered I0 in time; b1 (E21) and c1 (E5) missed.
    HttpResponse<String> all =
        analyst.get("/api/v1/pmr/rows.csv?month=2023-08&measure=CPM1-S&scope=ALL");
    assertThat(all.statusCode()).isEqualTo(200);
    assertThat(all.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(all.headers().firstValue("Content-Disposition").orElse(""))
        .isEqualTo("attachment; filename=\"CPM1-S-ALL-2023-08.csv\"");
    List<String> lines = all.body().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "month,measure,scope,item,provider,srv,device_id,from,outcome_at,due_at,minutes,"
                + "result,reason");
    assertThat(lines.subList(1, lines.size()))
        .extracting(l -> l.split(",")[3] + " " + l.split(",")[11])
        .containsExactlyInAnyOrder("a1 WITHIN", "b1 MISSED", "c1 MISSED", "c2 WITHIN");
    List<String> missed =
        analyst
            .get("/api/v1/pmr/rows.csv?month=2023-08&measure=CPM1-S&missed=true")
            .body()
            .lines()
            .toList();
    assertThat(missed).hasSize(3);
    // INC1 is excepted from CPM4 (WebFixture): listed, with its exception's reason.
    String cpm4 = analyst.get("/api/v1/pmr/rows.csv?month=2023-08&measure=CPM4").body();
    assertThat(cpm4).contains(",INC1,").contains(",EXCEPTED,\"excepted by EXC-1: outage at");
    assertThat(analyst.get("/measures/CPM4?month=2023-08").body())
        .contains("left out by approved exception: 1 (EXC-1)")
        .contains("/api/v1/pmr/rows.csv?month=2023-08&amp;measure=CPM4&amp;scope=ALL");
    assertThat(
            analyst
                .get("/api/v1/pmr/rows.csv?month=2023-08&measure=CPM1&scope=NOWHERE")
                .statusCode())
        .isEqualTo(404);
    assertThat(
            analyst
                .get("/api/v1/pmr/rows.csv?month=2023-08&measure=CPM1&missed=maybe")
                .statusCode())
        .isEqualTo(400);
  }

  @Test
  void aMemberSeesNoUserId() throws Exception {
    WebFixture.Client member = web.as(Role.MEMBER);
    for (String route : ROUTES) {
      String body = member.get(route).body();
      for (String id : List.of("SUPPLIER-X", "SUPPLIER-Y", "SUPPLIER-Z")) {
        assertThat(body).as(route).doesNotContainIgnoringCase(id);
      }
    }
  }

  /** Every form of the application, by where it posts. */
  static final List<String> FORMS =
      List.of(
          "/logout",
          "/login",
          "/risks/R1/rate",
          "/actions",
          "/actions/update",
          "/actions/close",
          "/exceptions",
          "/exceptions/withdraw",
          "/incidents/INC1/review",
          "/incidents/INC1/review/publish",
          "/upload");

  @Test
  void onlyAnAnalystOrAdminChangesAnything() throws Exception {
    for (Role role : List.of(Role.MEMBER, Role.SERVICE_USER)) {
      WebFixture.Client c = web.as(role);
      String token = c.csrf("/");
      for (String form : FORMS.subList(2, FORMS.size())) {
        HttpResponse<String> r =
            c.post(
                form,
                Map.of(
                    "_csrf",
                    token,
                    "likelihood",
                    "1",
                    "impact",
                    "1",
                    "reason",
                    "x",
                    "ref",
                    "Z/1",
                    "text",
                    "x",
                    "owner",
                    "x"));
        assertThat(r.statusCode()).as(role + " " + form).isEqualTo(403);
      }
    }
    WebFixture.Client analyst = web.as(Role.ANALYST);
    assertThat(analyst.get("/api/v1/risks/R1").body()).contains("\"likelihood\" : 4");
    assertThat(analyst.get("/api/v1/actions").body()).doesNotContain("Z/1");
  }

  @Test
  void everyFormRefusesAMissingOrWrongCsrfToken() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    for (String form : FORMS) {
      HttpResponse<String> none = analyst.post(form, Map.of());
      assertThat(none.statusCode()).as(form).isEqualTo(403);
      HttpResponse<String> wrong =
          analyst.post(
              form,
              Map.of(
                  "_csrf",
                  "forged",
                  "likelihood",
                  "1",
                  "impact",
                  "1",
                  "reason",
                  "x",
                  "ref",
                  "Z/1",
                  "text",
                  "x",
                  "owner",
                  "x"));
      assertThat(wrong.statusCode()).as(form).isEqualTo(403);
      assertThat(wrong.body()).contains("security token is missing or out of date");
    }
    // Nothing changed.
    assertThat(analyst.get("/api/v1/risks/R1").body()).contains("\"likelihood\" : 4");
    assertThat(analyst.get("/api/v1/actions").body()).doesNotContain("Z/1");
    // Still logged in: the forged logout did nothing.
    assertThat(analyst.get("/").statusCode()).isEqualTo(200);
    String token = analyst.csrf("/");
    assertThat(analyst.post("/logout", Map.of("_csrf", token)).statusCode()).isEqualTo(302);
    assertThat(analyst.get("/").statusCode()).isEqualTo(302);
  }

  @Test
  void fiveWrongPasswordsLockTheLogin() throws Exception {
    web.server.accounts().add("victim", Role.MEMBER, List.of());
    String right = web.server.accounts().setPassword("victim", "the right password 1");
    WebFixture.Client guesser = web.client();
    for (int i = 0; i < 5; i++) {
      assertThat(guesser.login("victim", "guess " + i).statusCode()).isIn(401, 429);
    }
    HttpResponse<String> locked = guesser.login("victim", right);
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.body()).contains("Too many wrong passwords");
  }

  @Test
  void metacharactersChangeNothingAndAreEscaped() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    String hostile = "<script>alert(1)</script>' OR '1'='1";
    String q = java.net.URLEncoder.encode(hostile, java.nio.charset.StandardCharsets.UTF_8);
    HttpResponse<String> month = analyst.get("/?month=" + q);
    assertThat(month.statusCode()).isEqualTo(400);
    assertThat(month.body()).doesNotContain("<script>alert(1)").contains("&lt;script&gt;");
    HttpResponse<String> quarantine =
        analyst.get("/quarantine?file=" + q + "&kind=" + q + "&reason=" + q);
    assertThat(quarantine.statusCode()).isEqualTo(200);
    assertThat(quarantine.body()).doesNotContain("<script>alert(1)").contains("0 rows");
    HttpResponse<String> api = analyst.get("/api/v1/pmr?month=" + q);
    assertThat(api.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(api.body()).get("code").asText()).isEqualTo("USAGE");
    HttpResponse<String> measure =
        analyst.get("/measures/" + q.replace("+", "%20") + "?month=2023-08");
    assertThat(measure.statusCode()).isEqualTo(404);
    assertThat(measure.body()).doesNotContain("<script>alert(1)");
    // The store is as it was.
    assertThat(analyst.get("/api/v1/risks").body()).contains("R1");
  }

  @Test
  void loginRedirectsOnlyWithinTheSite() {
    assertThat(Pages.safeNext("/risks")).isEqualTo("/risks");
    assertThat(Pages.safeNext("//evil.example/")).isEqualTo("/");
    assertThat(Pages.safeNext("https://evil.example/")).isEqualTo("/");
    assertThat(Pages.safeNext("/\\evil.example")).isEqualTo("/");
  }
}
