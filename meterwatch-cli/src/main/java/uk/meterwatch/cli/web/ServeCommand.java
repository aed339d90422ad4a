package uk.meterwatch.cli.web;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.meterwatch.cli.MeterwatchCommand;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.web.WebServer;

/** {@code meterwatch serve}: the web pages and the JSON API over the store. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the store in a browser and as a JSON API (/api/v1).",
      "Runs until stopped (Ctrl-C).",
      "The first run creates an admin account and prints its password once. See docs/web.md."
    })
public final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every"
              + " interface: put HTTPS in front).")
  String bind;

  @Override
  public Integer call() {
    if (port < 0 || port > 65535) {
      throw new MeterwatchException(ErrorCode.USAGE, "--port must be 0 to 65535, got " + port);
    }
    MeterwatchCommand top = (MeterwatchCommand) spec.root().userObject();
    PrintWriter out = spec.commandLine().getOut();
    untilStopped.accept(serve(top.storePath(), bind, port, out));
    return 0;
  }

  /** What happens once serving: wait for Ctrl-C, then stop. Tests replace it. */
  public static java.util.function.Consumer<WebServer> untilStopped =
      server -> {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      server.close();
                      stopped.countDown();
                    }));
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          server.close();
        }
      };

  /** Starts the server and prints its address and, on a first run, the admin's password. */
  public static WebServer serve(java.nio.file.Path store, String bind, int port, PrintWriter out) {
    WebServer server = WebServer.start(new WebServer.Options(store, bind, port, Clock.systemUTC()));
    server
        .accounts()
        .ensureAdmin()
        .ifPresent(
            admin -> {
              out.println("First run: created the account '" + admin[0] + "' (ADMIN).");
              out.println("  password: " + admin[1]);
              out.println(
                  "  It is shown only now. Change it with: meterwatch users passwd " + admin[0]);
            });
    String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind;
    out.println(
        "Serving "
            + store.toAbsolutePath().normalize()
            + " at http://"
            + (host.contains(":") ? "[" + host + "]" : host)
            + ":"
            + server.port()
            + "/ (Ctrl-C to stop)");
    out.flush();
    return server;
  }
}
