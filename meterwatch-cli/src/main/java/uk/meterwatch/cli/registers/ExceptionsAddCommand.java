package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch exceptions add ID --measure M ... (--item ID ... | --from T --to T) ...}. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = {
      "Adds an approved exception: the items (or, for availability, the period) it leaves out",
      "of the measures it names."
    })
final class ExceptionsAddCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "ID", description = "The exception's reference, e.g. EXC-2023-014.")
  String id;

  @Option(
      names = "--measure",
      required = true,
      paramLabel = "MEASURE",
      split = ",",
      description = "A measure it applies to (repeat, or separate with commas): CPM1,CPM1-S.")
  List<String> measures = new ArrayList<>();

  @Option(
      names = "--scope",
      defaultValue = "ALL",
      paramLabel = "SCOPE",
      description = "ALL (default) or a line of the measures, such as CSP-N.")
  String scope;

  @Option(
      names = "--item",
      paramLabel = "ID",
      split = ",",
      description = "A request, alert or incident id it covers (repeat, or commas).")
  List<String> items = new ArrayList<>();

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = Text.InstantConverter.class,
      description = "For availability: the start of the period it covers (with an offset).")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "TIME",
      converter = Text.InstantConverter.class,
      description = "The end of that period (exclusive).")
  Instant to;

  @Option(names = "--reason", required = true, paramLabel = "TEXT")
  String reason;

  @Option(names = "--approved-by", required = true, paramLabel = "NAME")
  String approvedBy;

  @Option(
      names = "--approved-on",
      paramLabel = "YYYY-MM-DD",
      description = "The day it was approved (default: today in UK time).")
  LocalDate approvedOn;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    ApprovedException e =
        r.exceptions()
            .add(
                new ApprovedException(
                    id,
                    measures.stream().map(String::strip).toList(),
                    scope,
                    items.stream().map(String::strip).toList(),
                    from,
                    to,
                    reason,
                    approvedBy,
                    approvedOn != null ? approvedOn : LocalDate.now(ReportingMonth.UK),
                    null,
                    null),
                who());
    out.printf(
        "added exception %s (%s; %s)%n",
        e.id(), String.join(", ", e.measures()), ExceptionsShowCommand.covers(e));
    return 0;
  }
}
