package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.duis.DuisLoader;
import uk.meterwatch.engine.json.LoadJson;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.LoadListener;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch load DROP} or {@code load --duis LOG}: loads a drop or a DUIS log. */
@Command(
    name = "load",
    mixinStandardHelpOptions = true,
    description = {
      // Each element is a paragraph: the command list shows the first one alone.
      "Loads a drop, or a DUIS log (--duis), into the store.",
      "A drop is a folder of contract files, or one file; a DUIS log is a Service User's DUIS"
          + " audit log (docs/duis.md).",
      "Rows that break the contract are quarantined with file, line and reason; a file that"
          + " cannot be read fails and changes nothing; the same file loaded again changes"
          + " nothing. Exit code 1 when any file failed."
    })
public final class LoadCommand implements Callable<Integer> {
  @ParentCommand MeterwatchCommand top;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "DROP",
      arity = "0..1",
      description = "The drop folder or a single file.")
  Path drop;

  @Option(
      names = "--duis",
      paramLabel = "LOG",
      description = {
        "Load a DUIS audit log instead of a drop: a JSON Lines file (.jsonl or .jsonl.gz) of",
        "{captured_at, direction, xml} lines, or a folder of NAME.xml messages with NAME.json",
        "sidecars (see docs/duis.md)."
      })
  Path duis;

  @Option(names = "--json", description = "Print the summary as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if ((drop == null) == (duis == null)) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "give either a DROP or --duis LOG (exactly one of them)");
    }
    LoadReport report;
    try (Store store = StoreOptions.open(top);
        Progress progress = new Progress()) {
      report =
          duis != null
              ? new DuisLoader(store).listener(progress).load(duis)
              : new DropLoader(store).listener(progress).load(drop);
    }
    if (json) {
      out.println(LoadJson.write(report));
    } else {
      printTable(out, report);
    }
    warnIfNothing(spec.commandLine().getErr(), report, duis != null ? duis : drop);
    return report.anyFailed() ? 1 : 0;
  }

  /**
   * An empty drop is not an error (a day may bring nothing), but it is said plainly on stderr, so
   * that a wrong folder or a drop of misnamed files is not taken for a quiet success.
   */
  static void warnIfNothing(PrintWriter err, LoadReport report, Path source) {
    String why = null;
    if (report.files().isEmpty()) {
      why =
          source
              + " holds no file named after a contract kind ("
              + java.util.Arrays.stream(uk.meterwatch.engine.load.Kind.values())
                  .map(uk.meterwatch.engine.load.Kind::fileStem)
                  .collect(java.util.stream.Collectors.joining(", "))
              + "; .csv, .csv.gz, .jsonl, .jsonl.gz or .parquet)"
              + (report.ignored().isEmpty()
                  ? ""
                  : "; ignored: " + String.join(", ", report.ignored()));
    } else if (report.totals().read() == 0
        && report.files().stream().allMatch(f -> f.status() == FileLoad.Status.LOADED)) {
      why = "the files of " + source + " hold no rows";
    }
    if (why != null) {
      err.println("meterwatch: nothing loaded: " + why);
      err.flush();
    }
  }

  private static void printTable(PrintWriter out, LoadReport report) {
    String format = "%-34s %-18s %-9s %12s %12s %12s %11s %11s%n";
    out.printf(
        format, "FILE", "KIND", "STATUS", "LINES", "READ", "LOADED", "DUPLICATES", "QUARANTINED");
    for (FileLoad f : report.files()) {
      out.printf(
          format,
          f.file(),
          f.kind(),
          f.status(),
          f.lines() < 0 ? "-" : Long.toString(f.lines()),
          f.read(),
          f.loaded(),
          f.duplicates(),
          f.quarantined());
    }
    var t = report.totals();
    out.printf(format, "TOTAL", "", "", "", t.read(), t.loaded(), t.duplicates(), t.quarantined());
    for (FileLoad f : report.files()) {
      if (f.linesNote() != null) {
        out.println(f.file() + ": " + f.linesNote());
      }
    }
    for (FileLoad f : report.files()) {
      if (f.status() == FileLoad.Status.FAILED) {
        // Each file loads in one transaction: a failed one leaves nothing behind.
        out.println("FAILED " + f.error() + " (nothing of " + f.file() + " was loaded)");
      } else if (f.status() == FileLoad.Status.UNCHANGED) {
        out.println(
            "unchanged: "
                + f.file()
                + " was loaded before (load "
                + f.loadId()
                + "); nothing to do");
      }
    }
    if (!report.ignored().isEmpty()) {
      out.println(
          "ignored (not a contract kind or format): " + String.join(", ", report.ignored()));
    }
    if (t.quarantined() > 0) {
      out.println(
          t.quarantined()
              + (t.quarantined() == 1 ? " row" : " rows")
              + " quarantined: see 'meterwatch quarantine'");
    }
  }

  /** A progress bar on a terminal, shown only once a load has taken more than a second. */
  static final class Progress implements LoadListener, AutoCloseable {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private long total;
    private long doneBytes;
    private long currentBytes;
    private ProgressBar bar;

    @Override
    public void started(int files, long totalBytes) {
      total = Math.max(1, totalBytes);
    }

    @Override
    public void fileStarted(Path file, long bytes) {
      currentBytes = bytes;
      show(doneBytes);
    }

    @Override
    public void fileProgress(double fraction) {
      show(doneBytes + (long) (fraction * currentBytes));
    }

    @Override
    public void fileFinished(FileLoad result, long bytes) {
      doneBytes += bytes;
      show(doneBytes);
    }

    private synchronized void show(long position) {
      if (!terminal) {
        return;
      }
      if (bar == null && System.nanoTime() - started > SHOW_AFTER_NANOS) {
        bar =
            new ProgressBarBuilder()
                .setTaskName("Loading")
                .setInitialMax(total)
                .setUnit(" MB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .build();
      }
      if (bar != null) {
        bar.stepTo(position);
      }
    }

    @Override
    public synchronized void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }
}
