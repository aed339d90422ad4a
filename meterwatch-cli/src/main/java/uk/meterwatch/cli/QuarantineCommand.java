package uk.meterwatch.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Quarantine;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch quarantine}: rows that broke the contract, and their export for correction. */
@Command(
    name = "quarantine",
    mixinStandardHelpOptions = true,
    description = {
      "Lists rows that broke the contract, with file, line and reason.",
      "Filter by load, file, kind or reason; --export writes them as CSV for correction."
    })
public final class QuarantineCommand implements Callable<Integer> {
  @ParentCommand MeterwatchCommand top;
  @Spec CommandSpec spec;

  @Option(names = "--load", paramLabel = "ID", description = "Only rows of this load.")
  Long load;

  @Option(names = "--file", paramLabel = "NAME", description = "Only rows of files with this name.")
  String file;

  @Option(
      names = "--kind",
      paramLabel = "KIND",
      description = "Only rows of this kind, e.g. service_requests.")
  String kind;

  @Option(
      names = "--reason",
      paramLabel = "TEXT",
      description = "Only rows whose reason contains this text.")
  String reason;

  @Option(
      names = "--limit",
      defaultValue = "50",
      description = "At most this many rows listed (default ${DEFAULT-VALUE}; 0 = all).")
  int limit;

  @Option(
      names = "--export",
      paramLabel = "FILE",
      description = "Write the matching rows (all of them) to a CSV file.")
  Path export;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (limit < 0) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "--limit must be 0 (all rows) or more, got " + limit);
    }
    Quarantine.Filter filter = new Quarantine.Filter(load, file, kind, reason);
    try (Store store = StoreOptions.openExisting(top)) {
      Quarantine quarantine = new Quarantine(store);
      if (export != null) {
        long n;
        try (BufferedWriter w = Files.newBufferedWriter(export, StandardCharsets.UTF_8)) {
          n = quarantine.exportCsv(filter, w);
        } catch (NoSuchFileException e) {
          throw new MeterwatchException(
              ErrorCode.NOT_FOUND, "cannot write " + export + ": its folder does not exist", e);
        } catch (IOException e) {
          throw new MeterwatchException(
              ErrorCode.STORE, "cannot write " + export + ": " + e.getMessage(), e);
        }
        out.println(n + " quarantined rows written to " + export);
        return 0;
      }
      long total = quarantine.count(filter);
      out.printf("%-7s %-30s %-18s %8s  %s%n", "LOAD", "FILE", "KIND", "LINE", "REASON");
      quarantine.list(
          filter,
          limit == 0 ? Long.MAX_VALUE : limit,
          row ->
              out.printf(
                  "%-7d %-30s %-18s %8d  %s%n",
                  row.loadId(), row.file(), row.kind(), row.line(), row.reason()));
      long shown = limit == 0 ? total : Math.min(total, limit);
      out.println(
          total
              + (total == 1 ? " row" : " rows")
              + (shown < total
                  ? " (" + shown + " shown; --limit 0 for all, --export FILE to write them)"
                  : ""));
    }
    return 0;
  }
}
