package uk.meterwatch.cli.web;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import uk.meterwatch.web.auth.Account;

/** {@code meterwatch users list}. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "Lists the accounts: name, role, organisation user ids, tokens, disabled.")
final class UsersListCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var all = UsersCommand.accounts(spec).list();
    out.printf("%-20s %-13s %-8s %-6s %s%n", "NAME", "ROLE", "STATUS", "TOKENS", "ORG USER IDS");
    for (Account a : all) {
      out.printf(
          "%-20s %-13s %-8s %-6d %s%n",
          a.name(),
          a.role(),
          a.disabled() ? "disabled" : "active",
          a.tokens().size(),
          a.orgs().isEmpty() ? "-" : String.join(", ", a.orgs()));
    }
    out.printf("%d account%s%n", all.size(), all.size() == 1 ? "" : "s");
    out.flush();
    return 0;
  }
}
