package uk.meterwatch.cli.registers;

import picocli.CommandLine.Command;

/** {@code meterwatch actions}: the action log. */
@Command(
    name = "actions",
    mixinStandardHelpOptions = true,
    description = "The action log: list, add, update, close, export, import.",
    subcommands = {
      ActionsListCommand.class,
      ActionsAddCommand.class,
      ActionsUpdateCommand.class,
      ActionsCloseCommand.class,
      ActionsExportCommand.class,
      ActionsImportCommand.class
    })
public final class ActionsCommand {}
