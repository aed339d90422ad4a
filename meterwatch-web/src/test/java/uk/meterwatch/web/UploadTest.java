package uk.meterwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.web.auth.Role;

/**
 * Uploads through {@code POST /api/v1/loads}: a drop loads; a hostile or wrong one loads nothing.
 */
class UploadTest {
  @TempDir static Path dir;
  static WebFixture web;
  static String token;

  @BeforeAll
  static void serve() {
    web = new WebFixture(dir.resolve("store"));
    token = web.server.accounts().newToken("ana");
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  private static HttpResponse<String> upload(String fileName, byte[] content) throws Exception {
    String boundary = "----meterwatch-test-boundary";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"drop\"; filename=\""
                + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(content);
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return web.client()
        .http
        .send(
            HttpRequest.newBuilder(URI.create(web.base() + "/api/v1/loads"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] zip(Map<String, byte[]> entries) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static long loads() throws Exception {
    return Json.MAPPER
        .readTree(web.as(Role.ANALYST).get("/api/v1/status").body())
        .get("loads")
        .asLong();
  }

  private static void refused(HttpResponse<String> r, String says) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonNode error = Json.MAPPER.readTree(r.body());
    assertThat(error.get("code").asText()).isEqualTo("UPLOAD_REFUSED");
    assertThat(error.get("message").asText()).contains(says);
  }

  @Test
  void aZippedDropLoadsAndAnswersTheLoadSummary() throws Exception {
    long before = loads();
    byte[] users =
        "user_id,organisation,role\nSUPPLIER-V,Org V,IS\n".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> r =
        upload(
            "drop.zip", zip(Map.of("drop/users.csv", users, "drop/README.txt", new byte[] {'x'})));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode summary = Json.MAPPER.readTree(r.body());
    assertThat(summary.get("totals").get("loaded").asLong()).isEqualTo(1);
    assertThat(summary.get("files").get(0).get("file").asText()).isEqualTo("users.csv");
    assertThat(summary.get("ignored").toString()).contains("README.txt");
    Thread.sleep(1100);
    assertThat(loads()).isEqualTo(before + 1);
  }

  @Test
  void hostileOrWrongUploadsAreRefusedAndLoadNothing() throws Exception {
    long before = loads();
    byte[] users =
        "user_id,organisation,role\nSUPPLIER-Q,Org Q,IS\n".getBytes(StandardCharsets.UTF_8);
    refused(upload("slip.zip", zip(Map.of("../users.csv", users))), "leaves its folder");
    refused(upload("slip2.zip", zip(Map.of("drop/../../users.csv", users))), "leaves its folder");
    refused(upload("abs.zip", zip(Map.of("/etc/users.csv", users))), "unsafe path");
    // A zip bomb: 64 MB of zeros packs to about 64 KB.
    byte[] zeros = new byte[64 << 20];
    refused(upload("bomb.zip", zip(Map.of("service_requests.csv", zeros))), "zip bomb");
    refused(upload("notes.zip", zip(Map.of("notes.txt", users))), "not a drop");
    refused(upload("photo.png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}), "not a drop");
    refused(upload("junk.zip", "this is not a zip".getBytes(StandardCharsets.UTF_8)), "zip");
    Thread.sleep(1100);
    assertThat(loads()).isEqualTo(before);
    assertThat(web.as(Role.ANALYST).get("/api/v1/status").body()).doesNotContain("SUPPLIER-Q");
  }

  @Test
  void onlyAnAnalystOrAdminUploads() throws Exception {
    String member = web.server.accounts().newToken("mem");
    HttpResponse<String> r =
        web.client()
            .http
            .send(
                HttpRequest.newBuilder(URI.create(web.base() + "/api/v1/loads"))
                    .header("Authorization", "Bearer " + member)
                    .header("Content-Type", "multipart/form-data; boundary=x")
                    .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(Json.MAPPER.readTree(r.body()).get("code").asText()).isEqualTo("FORBIDDEN");
  }
}
