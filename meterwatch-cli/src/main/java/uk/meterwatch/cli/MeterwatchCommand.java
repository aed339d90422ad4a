package uk.meterwatch.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import uk.meterwatch.cli.registers.ActionsCommand;
import uk.meterwatch.cli.registers.AuditCommand;
import uk.meterwatch.cli.registers.ExceptionsCommand;
import uk.meterwatch.cli.registers.IncidentsCommand;
import uk.meterwatch.cli.registers.MapCommand;
import uk.meterwatch.cli.registers.ReviewCommand;
import uk.meterwatch.cli.registers.RisksCommand;
import uk.meterwatch.cli.web.ServeCommand;
import uk.meterwatch.cli.web.UsersCommand;

/** The top-level {@code meterwatch} command: global options and the list of subcommands. */
@Command(
    name = "meterwatch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Watches over the operational performance of a smart-metering network.",
    subcommands = {
      LoadCommand.class,
      StatusCommand.class,
      QuarantineCommand.class,
      SrvCommand.class,
      SimulateCommand.class,
      DemoCommand.class,
      PmrCommand.class,
      BpiCommand.class,
      RegionalCommand.class,
      TrendCommand.class,
      GlidepathCommand.class,
      ReportCommand.class,
      RulesCommand.class,
      IncidentsCommand.class,
      ReviewCommand.class,
      RisksCommand.class,
      ActionsCommand.class,
      ExceptionsCommand.class,
      AuditCommand.class,
      MapCommand.class,
      ServeCommand.class,
      UsersCommand.class,
      ExportCommand.class,
    })
public final class MeterwatchCommand {

  @Option(
      names = "--store",
      scope = ScopeType.INHERIT,
      paramLabel = "PATH",
      description = {"The store folder (default: $METERWATCH_STORE,", "else ./meterwatch-data)."})
  Path store;

  @Option(
      names = "--debug",
      scope = ScopeType.INHERIT,
      description = "Show the full stack trace of an error.")
  boolean debug;

  /** The store folder in effect: the option, else the environment, else the default. */
  public Path storePath() {
    if (store != null) {
      return store;
    }
    return storeFromEnvironment()
        ? Path.of(Main.environment().get("METERWATCH_STORE"))
        : Path.of("meterwatch-data");
  }

  /** Whether the store in effect comes from $METERWATCH_STORE (no --store given). */
  boolean storeFromEnvironment() {
    String env = Main.environment().get("METERWATCH_STORE");
    return store == null && env != null && !env.isBlank();
  }
}
