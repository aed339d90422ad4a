package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.cli.web.ServeCommand;
import uk.meterwatch.web.WebServer;

class DemoServeTest {
  @TempDir Path dir;

  @Test
  void demoServeServesTheDemoStoreAndPrintsTheAdminsPassword() throws Exception {
    Consumer<WebServer> before = ServeCommand.untilStopped;
    int[] status = new int[1];
    ServeCommand.untilStopped =
        server -> {
          try (server) {
            status[0] =
                HttpClient.newHttpClient()
                    .send(
                        HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + server.port() + "/login"))
                            .build(),
                        HttpResponse.BodyHandlers.ofString())
                    .statusCode();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        };
    try {
      CliRunner.Result r =
          CliRunner.run(
              "--store",
              dir.resolve("store").toString(), // the demo fills the store in effect
              "demo",
              "--dir",
              dir.resolve("demo").toString(),
              "--devices",
              "30",
              "--serve",
              "--port",
              "0");
      assertThat(r.exitCode()).as(r.err()).isZero();
      Matcher m =
          Pattern.compile("Serving (\\S+) at http://127\\.0\\.0\\.1:\\d+/").matcher(r.out());
      assertThat(m.find()).as(r.out()).isTrue();
      assertThat(Path.of(m.group(1))).isEqualTo(dir.resolve("store"));
      assertThat(r.out()).contains("created the account 'admin' (ADMIN)").contains("password: ");
      assertThat(status[0]).isEqualTo(200);
    } finally {
      ServeCommand.untilStopped = before;
    }
  }
}
