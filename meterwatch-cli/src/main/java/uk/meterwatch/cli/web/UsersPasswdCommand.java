package uk.meterwatch.cli.web;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterwatch users passwd NAME}. */
@Command(
    name = "passwd",
    mixinStandardHelpOptions = true,
    description =
        "Sets a new password: typed twice on a terminal, else generated and printed once.")
final class UsersPasswdCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    java.io.Console console = System.console();
    String given = null;
    if (console != null) {
      char[] first = console.readPassword("New password (empty to generate one): ");
      if (first != null && first.length > 0) {
        char[] again = console.readPassword("Again: ");
        if (again == null || !java.util.Arrays.equals(first, again)) {
          throw new uk.meterwatch.core.error.MeterwatchException(
              uk.meterwatch.core.error.ErrorCode.USAGE, "the two passwords differ");
        }
        given = new String(first);
      }
    }
    String password = UsersCommand.accounts(spec).setPassword(name, given);
    out.println("password of " + name.strip() + " changed");
    if (given == null) {
      out.println("password: " + password);
    }
    out.flush();
    return 0;
  }
}
