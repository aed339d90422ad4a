package uk.meterwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.pmr.ServiceLevelStatus;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.sim.OutputFormat;
import uk.meterwatch.sim.ScenarioLoader;
import uk.meterwatch.sim.SimulationOptions;
import uk.meterwatch.sim.SimulationSummary;
import uk.meterwatch.sim.Simulator;

/**
 * {@code meterwatch demo}: simulates opsg-105, loads it into the store in effect (by default {@code
 * ./meterwatch-data}, the store every other command reads, so the README's tour runs as written
 * after it), writes the major incident review the minutes tell, and makes August's pack.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      // Each element is a paragraph: the command list shows the first one alone.
      "Simulates OPSG 105's story into the store and reports August 2023.",
      "Fills the store every command reads (./meterwatch-data, or --store, or $METERWATCH_STORE),"
          + " so the README's tour runs as written after it; the drop and the pack go to DIR/drop"
          + " and DIR/pack. A store the demo made and nobody changed since is replaced; any other"
          + " store is refused, never overwritten."
    })
public final class DemoCommand implements Callable<Integer> {
  static final String SCENARIO = "opsg-105";

  @ParentCommand MeterwatchCommand top;
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "meterwatch-demo",
      description = "Folder for the demo's drop and pack (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Random seed (default: the scenario's).")
  Long seed;

  @Option(
      names = "--devices",
      paramLabel = "N",
      description = "Number of devices (default: the scenario's).")
  Integer devices;

  @Option(
      names = "--serve",
      description =
          "Then serve the demo store in a browser (meterwatch serve), printing the address and the"
              + " admin account's generated password; Ctrl-C stops.")
  boolean serve;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "With --serve: the port (default: ${DEFAULT-VALUE}), on 127.0.0.1.")
  int port;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    Path drop = dir.resolve("drop");
    Path storePath = top.storePath();
    printWhere(out, storePath);
    // Everything is checked before anything is removed: a refused demo changes nothing.
    DemoStore.check(storePath);
    if (Files.exists(dir.resolve(MARKER))) {
      clearPreviousDemo(drop, storePath);
    } else {
      requireFresh(drop, "drop");
    }
    DemoStore.clear(storePath);
    SimulationSummary summary =
        new Simulator(
                ScenarioLoader.builtIn(SCENARIO),
                new SimulationOptions(seed, devices, null, null, OutputFormat.CSV))
            .run(drop);
    SimulateCommand.print(out, summary);
    try {
      Files.writeString(dir.resolve(MARKER), "made by meterwatch demo; safe to delete\n");
    } catch (IOException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot write " + dir.resolve(MARKER), e);
    }
    LoadReport report;
    long started = System.nanoTime();
    DemoStore.markStarted(storePath);
    try (Store store = Store.open(storePath)) {
      report = new DropLoader(store).load(drop);
    }
    var t = report.totals();
    out.printf(
        Locale.ROOT,
        "Loaded into %s: %,d rows read, %,d loaded, %,d duplicates, %,d quarantined (%.1f s)%n",
        storePath.toAbsolutePath().normalize(),
        t.read(),
        t.loaded(),
        t.duplicates(),
        t.quarantined(),
        (System.nanoTime() - started) / 1e9);
    try (Store store = Store.open(storePath)) {
      int versions = Opsg105Review.write(store, RuleFiles.load(storePath, null));
      out.printf(
          "Major Incident Review of %s as OPSG 105 left it: %d draft versions"
              + " (review show %s)%n",
          Opsg105Review.INCIDENT, versions, Opsg105Review.INCIDENT);
      saveGlidepath(store, RuleFiles.load(storePath, null), out);
      DemoStore.markFinished(storePath, store);
    }
    printHeadline(out, storePath);
    uk.meterwatch.report.pack.PackWriter.Written pack =
        ReportCommand.write(
            storePath,
            ReportingMonth.of(2023, 8),
            "CLEAR",
            null,
            dir.resolve("pack"),
            DEMO_AS_OF,
            uk.meterwatch.report.pack.PackSection.OPSG_AGENDA);
    out.printf(
        "Monthly pack for August 2023, as of 20 October 2023 (CLEAR, %d pages): %s%n  and %s%n%n",
        pack.pages(),
        pack.html().toAbsolutePath().normalize(),
        pack.pdf().toAbsolutePath().normalize());
    printNext(out, storePath);
    int code = report.anyFailed() || t.quarantined() > 0 ? 1 : 0;
    if (serve) {
      out.println();
      uk.meterwatch.cli.web.ServeCommand.untilStopped.accept(
          uk.meterwatch.cli.web.ServeCommand.serve(storePath, "127.0.0.1", port, out));
    }
    return code;
  }

  /** The glidepath the minutes discuss (5.2): prepayment to 97.5 % by the end of 2023. */
  static final String GLIDEPATH = "prepayment-2023";

  /**
   * Saves the prepayment glidepath the DCC presented at OPSG 105, fitted to March to August 2023,
   * 97.5 % by December, as saved on 20 October 2023 (the pack's as-of day, before the meeting), so
   * the demo's pack shows it and later months are judged against it.
   */
  private static void saveGlidepath(
      Store store, uk.meterwatch.core.rules.RuleBook rules, PrintWriter out) {
    var subject = uk.meterwatch.engine.analysis.Subject.process("PREPAYMENT");
    var scope = uk.meterwatch.engine.analysis.Scope.NATIONAL;
    var data =
        uk.meterwatch.engine.analysis.RegionalData.read(
            store, rules, subject, ReportingMonth.of(2023, 3), ReportingMonth.of(2023, 8));
    try {
      var g =
          new uk.meterwatch.engine.analysis.GlidepathStore(store)
              .save(
                  uk.meterwatch.engine.analysis.Glidepath.fit(
                      subject,
                      scope,
                      data.months(),
                      data.series(scope.level(), scope.key()),
                      97.5,
                      ReportingMonth.of(2023, 12)),
                  GLIDEPATH,
                  DEMO_AS_OF.atTime(9, 0).atZone(ReportingMonth.UK).toInstant());
      out.printf(
          "Glidepath %s (prepayment to 97.5 %% by December 2023, as the minutes discuss): %s"
              + " (glidepath --saved %s)%n",
          GLIDEPATH, g.sentence(), GLIDEPATH);
    } catch (MeterwatchException e) {
      out.printf("No glidepath saved: %s%n", e.getMessage());
    }
  }

  /** First, where everything goes, and how the other commands find the store. */
  private void printWhere(PrintWriter out, Path storePath) {
    out.println("meterwatch demo: the story of OPSG 105 (March to September 2023)");
    String how;
    if (top.store != null) {
      how =
          "from --store: give the other commands --store "
              + storePath
              + " too (or export METERWATCH_STORE="
              + storePath
              + ")";
    } else if (top.storeFromEnvironment()) {
      how = "from $METERWATCH_STORE, which every command reads";
    } else {
      how = "the default store: every command reads it, so the README's tour runs as written";
    }
    out.println("  store:          " + storePath + " (" + how + ")");
    out.println("  drop and pack:  " + dir);
    out.println();
  }

  /** The README's tour, as it runs on the demo's store. */
  private void printNext(PrintWriter out, Path storePath) {
    String cmd = top.store != null ? "./meterwatch --store " + storePath + " " : "./meterwatch ";
    out.println("Next, the README's tour, for example:");
    for (String line :
        List.of(
            "status",
            "pmr --month 2023-08",
            "pmr --month 2023-08 --explain CPM1",
            "bpi --month 2023-08",
            "review show " + Opsg105Review.INCIDENT,
            "risks escalations",
            "map --from 2023-03 --to 2023-09 --out map.svg",
            "report --month 2023-08 --out pack")) {
      out.println("  " + cmd + line);
    }
  }

  /** The demo's pack is as the group had it: made three days before OPSG 105 met. */
  static final java.time.LocalDate DEMO_AS_OF = java.time.LocalDate.of(2023, 10, 20);

  /** Marks a folder the demo made, so that running the demo again may replace it. */
  static final String MARKER = ".meterwatch-demo";

  private void clearPreviousDemo(Path drop, Path storePath) {
    DemoStore.delete(drop);
    DemoStore.delete(dir.resolve("pack"));
    // DIR/store: where the demo put its store until it filled the store in effect; a store in
    // effect there is left to DemoStore.makeWay, which replaces only what the demo made.
    Path legacy = dir.resolve("store");
    if (!legacy.toAbsolutePath().normalize().equals(storePath.toAbsolutePath().normalize())) {
      DemoStore.delete(legacy);
    }
  }

  /** The August 2023 story in one screen: the measures the minutes discuss. */
  private static void printHeadline(PrintWriter out, Path storePath) {
    ReportingMonth august = ReportingMonth.of(2023, 8);
    try (Store store = Store.open(storePath)) {
      PerformanceReport report =
          new PerformanceMeasurement(
                  store,
                  RuleFiles.load(storePath, null),
                  SrvCatalogue.standard(),
                  Clock.systemUTC())
              .report(august);
      out.println();
      out.println("August 2023, as the operations group saw it (meterwatch pmr --month 2023-08):");
      for (MeasureResult m : report.measures()) {
        if (m.status() != ServiceLevelStatus.TARGET_MET) {
          out.printf(
              Locale.ROOT,
              "  %-16s %7s  target %-5s minimum %-5s %s%n",
              m.label(),
              m.value() == null ? "-" : m.value().toPlainString(),
              m.target().stripTrailingZeros().toPlainString(),
              m.minimum().stripTrailingZeros().toPlainString(),
              m.status());
        }
      }
      out.println("  (measures not listed met their target)");
      out.println();
    }
  }

  private static void requireFresh(Path path, String what) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> entries = Files.list(path)) {
      if (entries.findAny().isPresent()) {
        throw new MeterwatchException(
            ErrorCode.INVALID_VALUE,
            "the demo " + what + " " + path + " already exists; remove it or give another --dir");
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }
}
