package uk.meterwatch.cli.web;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterwatch users token NAME [--revoke]}. */
@Command(
    name = "token",
    mixinStandardHelpOptions = true,
    description =
        "Prints a new API token for scripts (Authorization: Bearer TOKEN); only its hash is kept."
            + " --revoke ends every token of the account.")
final class UsersTokenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--revoke", description = "End every API token of the account.")
  boolean revoke;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    if (revoke) {
      int n = UsersCommand.accounts(spec).revokeTokens(name);
      out.println("revoked " + n + " token" + (n == 1 ? "" : "s") + " of " + name.strip());
    } else {
      out.println(UsersCommand.accounts(spec).newToken(name));
    }
    out.flush();
    return 0;
  }
}
