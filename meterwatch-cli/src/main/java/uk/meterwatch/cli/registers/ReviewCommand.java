package uk.meterwatch.cli.registers;

import picocli.CommandLine.Command;

/** {@code meterwatch review}: Major Incident Reviews. */
@Command(
    name = "review",
    mixinStandardHelpOptions = true,
    description = "Major Incident Reviews: show, edit, publish, export, import.",
    subcommands = {
      ReviewShowCommand.class,
      ReviewEditCommand.class,
      ReviewPublishCommand.class,
      ReviewExportCommand.class,
      ReviewImportCommand.class
    })
public final class ReviewCommand {}
