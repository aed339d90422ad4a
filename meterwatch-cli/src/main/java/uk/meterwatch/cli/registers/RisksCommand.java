package uk.meterwatch.cli.registers;

import picocli.CommandLine.Command;

/** {@code meterwatch risks}: the risk register. */
@Command(
    name = "risks",
    mixinStandardHelpOptions = true,
    description = {
      "The risk register: list, show, add, rate, escalations, ...",
      "Subcommands: list, show, add, rate, update, escalations, export, import."
    },
    subcommands = {
      RisksListCommand.class,
      RisksShowCommand.class,
      RisksAddCommand.class,
      RisksRateCommand.class,
      RisksUpdateCommand.class,
      RisksEscalationsCommand.class,
      RisksExportCommand.class,
      RisksImportCommand.class
    })
public final class RisksCommand {}
