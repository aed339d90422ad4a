package uk.meterwatch.cli.registers;

import picocli.CommandLine.Command;

/** {@code meterwatch exceptions}: the register of approved exceptions. */
@Command(
    name = "exceptions",
    mixinStandardHelpOptions = true,
    description = {
      "Approved exceptions to measures: list, show, add, withdraw, ...",
      "Subcommands: list, show, add, withdraw, export, import."
    },
    subcommands = {
      ExceptionsListCommand.class,
      ExceptionsShowCommand.class,
      ExceptionsAddCommand.class,
      ExceptionsWithdrawCommand.class,
      ExceptionsExportCommand.class,
      ExceptionsImportCommand.class
    })
public final class ExceptionsCommand {}
