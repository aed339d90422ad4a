package uk.meterwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.web.auth.Role;

/**
 * {@code /metrics} as a scraper reads it: the Prometheus text format, the latest month's measures
 * per provider, the loads and quarantine, request latency; protected like the API.
 *
 * <p>The fixture's only month, 2023-08, has four on-demand requests of SRV 2.2 answered after 4,
 * 30, 2 and 2 s (Target Response Time 30 s, "no later than": all four within), with codes I0, E21,
 * E5 and I0 (two successes): CPM1 is 4/4 = 100 % (target 99, minimum 96: target met) and CPM1-S 2/4
 * = 50 % (below its minimum of 96).
 */
class MetricsTest {
  @TempDir static Path dir;
  static WebFixture web;
  static Map<String, String> bearer;

  @BeforeAll
  static void serve() {
    web = new WebFixture(dir.resolve("store"));
    bearer = Map.of("Authorization", "Bearer " + web.server.accounts().newToken("mem"));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  /** A sample: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"([^\"]*)\"");

  static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line);
      assertThat(m.matches()).as("a sample line: " + line).isTrue();
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return samples;
  }

  static List<Sample> named(List<Sample> samples, String name, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name))
        .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
        .toList();
  }

  static double one(List<Sample> samples, String name, Map<String, String> labels) {
    List<Sample> found = named(samples, name, labels);
    assertThat(found).as(name + " " + labels).hasSize(1);
    return found.get(0).value();
  }

  private static HttpResponse<String> scrape() throws Exception {
    return web.client().get("/metrics", bearer);
  }

  @Test
  void theLatestMonthsMeasuresPerScopeWithTargetMinimumAndStatus() throws Exception {
    HttpResponse<String> r = scrape();
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(r.body())
        .contains("# TYPE meterwatch_measure_value gauge")
        .contains("# HELP meterwatch_measure_value ");
    List<Sample> s = parse(r.body());
    Map<String, String> cpm1 = Map.of("month", "2023-08", "measure", "CPM1", "scope", "ALL");
    assertThat(one(s, "meterwatch_measure_value", cpm1)).isEqualTo(100.0);
    assertThat(one(s, "meterwatch_measure_target", cpm1)).isEqualTo(99.0);
    assertThat(one(s, "meterwatch_measure_minimum", cpm1)).isEqualTo(96.0);
    assertThat(named(s, "meterwatch_measure_status", cpm1))
        .singleElement()
        .satisfies(x -> assertThat(x.labels()).containsEntry("status", "TARGET_MET"))
        .satisfies(x -> assertThat(x.value()).isEqualTo(1.0));
    Map<String, String> cpm1s = Map.of("month", "2023-08", "measure", "CPM1-S", "scope", "ALL");
    assertThat(one(s, "meterwatch_measure_value", cpm1s)).isEqualTo(50.0);
    assertThat(named(s, "meterwatch_measure_status", cpm1s))
        .singleElement()
        .satisfies(x -> assertThat(x.labels()).containsEntry("status", "BELOW_MINIMUM"));
    // Per provider too: the same scopes as the PMR's JSON for the month, every one with a status.
    String pmr = web.client().get("/api/v1/pmr?month=2023-08", bearer).body();
    List<String> scopes =
        named(s, "meterwatch_measure_status", Map.of("measure", "CPM1")).stream()
            .map(x -> x.labels().get("scope"))
            .toList();
    assertThat(scopes).contains("ALL").hasSizeGreaterThan(1);
    for (String scope : scopes) {
      assertThat(pmr).contains("\"" + scope + "\"");
    }
  }

  @Test
  void loadAndQuarantineCountersFollowAnUpload() throws Exception {
    List<Sample> before = parse(scrape().body());
    double loads = one(before, "meterwatch_loads", Map.of());
    double loaded = one(before, "meterwatch_rows_loaded", Map.of());
    double quarantined = one(before, "meterwatch_rows_quarantined", Map.of());
    // One file: one row loads, one (an unknown role) is quarantined.
    String boundary = "----metrics-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"drop\"; filename=\"users.csv\""
                + "\r\nContent-Type: text/csv\r\n\r\n"
                + "user_id,organisation,role\nSUPPLIER-V,Org V,IS\nSUPPLIER-W,Org W,XX\n"
                + "\r\n--"
                + boundary
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8));
    String analyst = web.server.accounts().newToken("ana");
    HttpResponse<String> upload =
        web.client()
            .http
            .send(
                HttpRequest.newBuilder(URI.create(web.base() + "/api/v1/loads"))
                    .header("Authorization", "Bearer " + analyst)
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
    List<Sample> after = parse(scrape().body());
    assertThat(one(after, "meterwatch_loads", Map.of())).isEqualTo(loads + 1);
    assertThat(one(after, "meterwatch_rows_loaded", Map.of())).isEqualTo(loaded + 1);
    assertThat(one(after, "meterwatch_rows_quarantined", Map.of())).isEqualTo(quarantined + 1);
  }

  @Test
  void requestLatencyIsAHistogramPerRouteMethodAndStatus() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    for (int i = 0; i < 3; i++) {
      assertThat(analyst.get("/risks").statusCode()).isEqualTo(200);
    }
    assertThat(analyst.get("/measures/NOPE?month=2023-08").statusCode()).isEqualTo(404);
    String text = scrape().body();
    assertThat(text)
        .contains("# TYPE meterwatch_http_request_duration_seconds histogram")
        .as(text)
        .contains("route=\"/risks\"");
    List<Sample> s = parse(text);
    Map<String, String> risks = Map.of("route", "/risks", "method", "GET", "status", "200");
    assertThat(one(s, "meterwatch_http_request_duration_seconds_count", risks)).isEqualTo(3.0);
    assertThat(one(s, "meterwatch_http_request_duration_seconds_sum", risks)).isPositive();
    List<Sample> buckets = named(s, "meterwatch_http_request_duration_seconds_bucket", risks);
    assertThat(buckets).hasSizeGreaterThan(2);
    assertThat(one(s, "meterwatch_http_request_duration_seconds_bucket", withLe(risks, "+Inf")))
        .isEqualTo(3.0);
    assertThat(
            one(
                s,
                "meterwatch_http_request_duration_seconds_count",
                Map.of("route", "/measures/{id}", "method", "GET", "status", "404")))
        .isEqualTo(1.0);
  }

  private static Map<String, String> withLe(Map<String, String> labels, String le) {
    Map<String, String> m = new LinkedHashMap<>(labels);
    m.put("le", le);
    return m;
  }

  @Test
  void metricsAreProtectedLikeTheApi() throws Exception {
    HttpResponse<String> anonymous = web.client().get("/metrics");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.body()).contains("UNAUTHENTICATED").doesNotContain("meterwatch_");
    HttpResponse<String> wrong =
        web.client().get("/metrics", Map.of("Authorization", "Bearer mw_not-a-token"));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(web.as(Role.SERVICE_USER).get("/metrics").statusCode()).isEqualTo(200);
  }
}
