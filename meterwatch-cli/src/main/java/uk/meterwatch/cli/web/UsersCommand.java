package uk.meterwatch.cli.web;

import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import uk.meterwatch.cli.MeterwatchCommand;
import uk.meterwatch.web.auth.Accounts;

/** {@code meterwatch users}: the web accounts of the store. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "The web accounts of the store: add, passwd, disable, list, token.",
    subcommands = {
      UsersAddCommand.class,
      UsersPasswdCommand.class,
      UsersDisableCommand.class,
      UsersListCommand.class,
      UsersTokenCommand.class
    })
public final class UsersCommand {
  static Accounts accounts(CommandSpec spec) {
    MeterwatchCommand top = (MeterwatchCommand) spec.root().userObject();
    return new Accounts(top.storePath(), Clock.systemUTC());
  }
}
