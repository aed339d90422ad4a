package uk.meterwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.web.auth.Role;

/**
 * Every endpoint of {@code /api/v1/openapi.json} is called, as each role and with bad input, and
 * every JSON answer is validated against the schema the document gives for its status.
 */
class OpenApiTest {
  @TempDir static Path dir;
  static WebFixture web;
  static JsonNode doc;

  @BeforeAll
  static void serve() throws Exception {
    web = new WebFixture(dir.resolve("store"));
    doc = Json.MAPPER.readTree(web.as(Role.ANALYST).get("/api/v1/openapi.json").body());
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  /** A call for each documented path, with its parameters filled in. */
  static List<String> calls() {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
      String p = it.next();
      String filled = p.replace("{id}", p.startsWith("/api/v1/risks") ? "R1" : "INC1");
      String query =
          switch (p) {
            case "/api/v1/pmr", "/api/v1/bpi" -> "?month=2023-08";
            case "/api/v1/pmr/explain", "/api/v1/pmr/rows.csv" -> "?month=2023-08&measure=CPM1";
            case "/api/v1/actions" -> "?today=2023-09-01";
            default -> "";
          };
      out.add(filled + query);
      out.add(
          filled
              + (query.isEmpty()
                  ? "?month=bad&today=bad&limit=bad&load=bad"
                  : query.replace("2023-08", "2023-13").replace("2023-09-01", "2023-02-30")));
      if (p.contains("{id}")) {
        out.add(p.replace("{id}", "NO-SUCH-ID"));
      }
    }
    return out;
  }

  @Test
  void everyAnswerOfEveryEndpointMatchesTheDocument() throws Exception {
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    int checked = 0;
    for (Role role : Role.values()) {
      WebFixture.Client c = web.as(role);
      for (String call : calls()) {
        HttpResponse<String> r = c.get(call);
        String path = URI.create("http://x" + call).getPath();
        JsonNode operation = doc.get("paths").get(template(path)).get("get");
        JsonNode response = operation.get("responses").get(Integer.toString(r.statusCode()));
        assertThat(response)
            .as(role + " " + call + " answered " + r.statusCode() + ", undocumented: " + r.body())
            .isNotNull();
        if (response.has("$ref")) {
          response = resolve(response.get("$ref").asText());
        }
        if (response.get("content").has("application/json")) {
          assertThat(r.headers().firstValue("Content-Type").orElse(""))
              .startsWith("application/json");
          JsonNode schema = response.get("content").get("application/json").get("schema");
          Set<ValidationMessage> errors =
              validator(schema).validate(Json.MAPPER.readTree(r.body()));
          assertThat(errors).as(role + " " + call + ": " + r.body()).isEmpty();
          checked++;
        }
      }
      // Anonymous: every endpoint answers the documented error.
    }
    WebFixture.Client anonymous = web.client();
    for (String call : calls()) {
      HttpResponse<String> r = anonymous.get(call);
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(
              validator(
                      resolve("#/components/responses/Error")
                          .get("content")
                          .get("application/json")
                          .get("schema"))
                  .validate(Json.MAPPER.readTree(r.body())))
          .isEmpty();
    }
    assertThat(checked).isGreaterThan(40);
  }

  private static String template(String path) {
    for (Iterator<String> it = doc.get("paths").fieldNames(); it.hasNext(); ) {
      String p = it.next();
      if (path.matches(p.replace(".", "\\.").replaceAll("\\{[^}]+}", "[^/]+"))) {
        return p;
      }
    }
    throw new AssertionError("no documented path for " + path);
  }

  private static JsonNode resolve(String ref) {
    return doc.at(ref.substring(1));
  }

  private static JsonSchema validator(JsonNode schema) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.setAll((ObjectNode) schema.deepCopy());
    root.set("components", doc.get("components"));
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
        .getSchema(root, SchemaValidatorsConfig.builder().nullableKeywordEnabled(true).build());
  }
}
