package uk.meterwatch.cli.registers;

import picocli.CommandLine.Command;

/** {@code meterwatch incidents}: the incident register. */
@Command(
    name = "incidents",
    mixinStandardHelpOptions = true,
    description = {
      "The incident register: list, show, add, update, close, ...",
      "Subcommands: list, show, add, update, close, export, import."
    },
    subcommands = {
      IncidentsListCommand.class,
      IncidentsShowCommand.class,
      IncidentsAddCommand.class,
      IncidentsUpdateCommand.class,
      IncidentsCloseCommand.class,
      IncidentsExportCommand.class,
      IncidentsImportCommand.class
    })
public final class IncidentsCommand {}
