package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.core.time.TimeRange;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.report.pack.PackAssembler;
import uk.meterwatch.report.pack.PackSection;
import uk.meterwatch.report.pack.PackWriter;

/** {@code meterwatch report}: the monthly pack, DIR/pack.html and DIR/pack.pdf. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the monthly pack of a month: DIR/pack.html and DIR/pack.pdf.",
      "As of a date, in the operations group's agenda order: actions outstanding, reports, PMR,"
          + " BPIs, regional view, risks, major incident reviews and how each figure is calculated;"
          + " pack.html is one self-contained file.",
      "A CLEAR pack names no User. See docs/pack.md."
    })
public final class ReportCommand implements Callable<Integer> {
  static Clock clock = Clock.systemUTC();

  @Spec CommandSpec spec;
  @ParentCommand MeterwatchCommand top;

  @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "UK month.")
  String month;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
  Path out;

  @Option(
      names = "--classification",
      defaultValue = "CLEAR",
      paramLabel = "LABEL",
      description =
          "Marking on every page (default: ${DEFAULT-VALUE}). CLEAR anonymises every User.")
  String classification;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "A folder of rule set files (*.yaml) added to the default and the store's.")
  Path rules;

  @Option(
      names = "--as-of",
      paramLabel = "YYYY-MM-DD",
      description =
          "The registers as they stood at the end of this day (UK time), overdue judged on it"
              + " (default: today). Made again with the same date and data, the pack says the"
              + " same but the time it was made.")
  String asOf;

  @Option(
      names = "--sections",
      paramLabel = "LIST",
      description =
          "The sections in order, comma-separated (default: the OPSG agenda:"
              + " actions,reports,pmr,bpi,regional,risks,reviews,appendix).")
  String sections;

  @Override
  public Integer call() {
    ReportingMonth m = ReportingMonth.parse(month);
    Path folder = top.storePath();
    if (!Files.exists(folder.resolve(Store.DATABASE_FILE))) {
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND, "no store at " + folder + " (load a drop first, or give --store)");
    }
    String label = classification.trim().toUpperCase(Locale.ROOT);
    if (label.isEmpty()) {
      throw new MeterwatchException(ErrorCode.USAGE, "--classification must not be empty");
    }
    try (Store store = Store.open(folder)) {
      NoData.warn(
          store,
          m,
          spec.commandLine().getErr(),
          "the pack is made, with No data for every measure of requests or alerts");
    }
    LocalDate day = asOf == null ? PackAssembler.defaultAsOf(clock) : date(asOf);
    List<String> order = sections == null ? PackSection.OPSG_AGENDA : PackSection.order(sections);
    PackWriter.Written written = write(folder, m, label, rules, out, day, order);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("wrote %s and %s (%d pages)%n", written.html(), written.pdf(), written.pages());
    w.flush();
    return 0;
  }

  /** Makes the pack of a month from a store (also used by {@code meterwatch demo}). */
  static PackWriter.Written write(
      Path storeFolder,
      ReportingMonth m,
      String classification,
      Path rulesDir,
      Path out,
      LocalDate asOf,
      List<String> sections) {
    try (Store store = Store.open(storeFolder)) {
      var book = RuleFiles.load(storeFolder, rulesDir);
      PackAssembler.Assembled a =
          new PackAssembler(store, book, clock)
              .assemble(
                  m,
                  classification,
                  anonymises(classification),
                  new PackAssembler.Options(asOf, sections));
      return PackWriter.write(a.pack(), a.anonymiser(), out);
    }
  }

  private static LocalDate date(String text) {
    try {
      return TimeRange.date(text.strip());
    } catch (IllegalArgumentException e) {
      throw new MeterwatchException(ErrorCode.USAGE, "--as-of '" + text + "' " + e.getMessage());
    }
  }

  /** Only a CLEAR pack is published without restriction, so only it must name no User. */
  static boolean anonymises(String classification) {
    return classification.toUpperCase(Locale.ROOT).contains("CLEAR");
  }
}
