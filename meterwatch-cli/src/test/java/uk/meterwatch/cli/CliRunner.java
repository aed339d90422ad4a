package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the meterwatch command in-process and captures what it printed. */
public final class CliRunner {
  private CliRunner() {}

  /** The exit code and the text printed on stdout and stderr. */
  public record Result(int exitCode, String out, String err) {}

  public static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
