package uk.meterwatch.cli.web;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code meterwatch users disable NAME}. */
@Command(
    name = "disable",
    mixinStandardHelpOptions = true,
    description = "Disables an account: no more logins, its sessions and tokens stop working.")
final class UsersDisableCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    UsersCommand.accounts(spec).disable(name);
    spec.commandLine().getOut().println("disabled " + name.strip());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
