package uk.meterwatch.cli.web;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import uk.meterwatch.web.auth.Role;

/** {@code meterwatch users add NAME --role ROLE [--org USER_ID]...}. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Adds an account and prints its generated password (shown once).")
final class UsersAddCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Option(
      names = "--role",
      required = true,
      description = "ADMIN, ANALYST, MEMBER or SERVICE_USER.")
  String role;

  @Option(
      names = "--org",
      paramLabel = "USER_ID",
      description = "For a SERVICE_USER: a user id of its organisation (repeat for each).")
  List<String> orgs = new ArrayList<>();

  @Override
  public Integer call() {
    String password = UsersCommand.accounts(spec).add(name, Role.parse(role), orgs);
    var out = spec.commandLine().getOut();
    out.println("added " + name.strip() + " (" + Role.parse(role) + ")");
    out.println("password: " + password);
    out.flush();
    return 0;
  }
}
