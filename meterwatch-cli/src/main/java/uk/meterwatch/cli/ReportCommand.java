package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.report.pack.PackAssembler;
import uk.meterwatch.report.pack.PackWriter;

/** {@code meterwatch report}: the monthly pack, DIR/pack.html and DIR/pack.pdf. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the monthly pack of a month: DIR/pack.html and DIR/pack.pdf.",
      "Cover, summary, PMR with trends, BPIs, regional view, incidents, risks, actions and how"
          + " each figure is calculated; pack.html is one self-contained file.",
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
    PackWriter.Written written = write(folder, m, label, rules, out);
    PrintWriter w = spec.commandLine().getOut();
    w.printf("wrote %s and %s (%d pages)%n", written.html(), written.pdf(), written.pages());
    w.flush();
    return 0;
  }

  /** Makes the pack of a month from a store (also used by {@code meterwatch demo}). */
  static PackWriter.Written write(
      Path storeFolder, ReportingMonth m, String classification, Path rulesDir, Path out) {
    try (Store store = Store.open(storeFolder)) {
      var book = RuleFiles.load(storeFolder, rulesDir);
      PackAssembler.Assembled a =
          new PackAssembler(store, book, clock)
              .assemble(m, classification, anonymises(classification));
      return PackWriter.write(a.pack(), a.anonymiser(), out);
    }
  }

  /** Only a CLEAR pack is published without restriction, so only it must name no User. */
  static boolean anonymises(String classification) {
    return classification.toUpperCase(Locale.ROOT).contains("CLEAR");
  }
}
