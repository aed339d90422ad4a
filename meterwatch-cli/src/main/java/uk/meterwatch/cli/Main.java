package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import uk.meterwatch.core.error.MeterwatchException;

/** Entry point. {@link #run} runs a command in-process, for tests. */
public final class Main {
  private static Map<String, String> environment = System.getenv();

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    System.exit(run(args, out, err));
  }

  /** Runs the command line and returns its exit code; output goes to the writers given. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    MeterwatchCommand top = new MeterwatchCommand();
    CommandLine cli = new CommandLine(top);
    // Every date option: YYYY-MM-DD in the years 1900 to 2199 (picocli's own took +10000-01-01).
    cli.registerConverter(
        java.time.LocalDate.class, new uk.meterwatch.cli.registers.Text.DateConverter());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (top.debug) {
            ex.printStackTrace(err);
          }
          err.println("meterwatch: " + describe(ex));
          err.flush();
          return ex instanceof MeterwatchException ? 2 : 1;
        });
    // A wrong option or value is one line too (picocli would print the whole usage after it).
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          if (top.debug) {
            ex.printStackTrace(err);
          }
          err.println(
              "meterwatch: "
                  + ex.getMessage()
                  + " (see: "
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help) [USAGE]");
          err.flush();
          return 2;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  private static String describe(Throwable ex) {
    if (ex instanceof MeterwatchException me) {
      return me.getMessage() + " [" + me.code() + "]";
    }
    String message = ex.getMessage();
    return (message == null ? ex.getClass().getSimpleName() : message)
        + " (run with --debug for details)";
  }

  /** The process environment; tests replace it. */
  public static Map<String, String> environment() {
    return environment;
  }

  static void setEnvironmentForTest(Map<String, String> env) {
    environment = env;
  }
}
