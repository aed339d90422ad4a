package uk.meterwatch.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.web.auth.Role;

/**
 * One store, two ways in: another process writes the store while the server serves; the pages keep
 * answering with the figures as last committed, and show the new ones once the writer is done.
 */
class TwoWaysInTest {
  @TempDir static Path dir;
  static WebFixture web;

  @BeforeAll
  static void serve() {
    web = new WebFixture(dir.resolve("store"));
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void theServerAnswersWhileAnotherProcessWritesAndThenSeesItsChange() throws Exception {
    WebFixture.Client analyst = web.as(Role.ANALYST);
    assertThat(analyst.get("/api/v1/risks").body()).contains("R1").doesNotContain("R2");
    Process writer =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    HoldStore.class.getName(),
                    web.store.toString()))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.equals("held")) {
        // the child's start-up output, if any
      }
      assertThat(line).as("the writer holds the store").isEqualTo("held");
      Thread.sleep(1200); // past the server's once-a-second check
      for (int i = 0; i < 3; i++) {
        long started = System.nanoTime();
        HttpResponse<String> during = analyst.get("/api/v1/risks");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(during.statusCode()).isEqualTo(200);
        assertThat(during.body()).contains("R1").doesNotContain("R2");
        assertThat(millis).as("answered without waiting for the writer").isLessThan(10_000);
        assertThat(analyst.get("/?month=2023-08").statusCode()).isEqualTo(200);
      }
      writer.getOutputStream().close();
      assertThat(writer.waitFor()).isZero();
    } finally {
      writer.destroy();
    }
    Thread.sleep(1200);
    assertThat(analyst.get("/api/v1/risks").body()).contains("R1").contains("R2");
  }
}
