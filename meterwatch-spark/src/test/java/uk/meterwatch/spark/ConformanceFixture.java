package uk.meterwatch.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.json.PmrJson;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.store.StoreExport;
import uk.meterwatch.sim.OutputFormat;
import uk.meterwatch.sim.ScenarioLoader;
import uk.meterwatch.sim.SimulationOptions;
import uk.meterwatch.sim.Simulator;

/**
 * One drop, loaded into a store by the embedded engine and exported; each engine's report of a
 * month as the JSON the CLI prints.
 */
final class ConformanceFixture {
  final Path dir;
  final Path drop;
  final Path storeFolder;
  final Path export;
  final RuleBook rules = RuleBook.standard();

  private ConformanceFixture(Path dir) {
    this.dir = dir;
    this.drop = dir.resolve("drop");
    this.storeFolder = dir.resolve("store");
    this.export = dir.resolve("export");
  }

  private static ConformanceFixture opsg105;

  /**
   * opsg-105, February to April 2023 (March has the spring clock change), 300 devices: simulated,
   * loaded and exported once for every test class of the suite.
   */
  static synchronized ConformanceFixture opsg105() {
    if (opsg105 == null) {
      opsg105 = simulated("opsg-105", 105, 300, "2023-02", "2023-04", OutputFormat.CSV);
    }
    return opsg105;
  }

  /** The opsg-105 scenario, small, simulated into a drop (months from..to, UK). */
  static ConformanceFixture simulated(
      String scenario, long seed, int devices, String from, String to, OutputFormat format) {
    ConformanceFixture f = new ConformanceFixture(tempDir());
    new Simulator(
            ScenarioLoader.resolve(scenario),
            new SimulationOptions(
                seed, devices, YearMonth.parse(from), YearMonth.parse(to), format))
        .run(f.drop);
    f.loadAndExport(ReportingMonth.parse(from), ReportingMonth.parse(to));
    return f;
  }

  /** A drop written by the caller into {@link #drop}, then loaded and exported. */
  static ConformanceFixture handWritten(DropWriter writer, String from, String to) {
    return handWritten(writer, from, to, store -> {});
  }

  /** A drop written by the caller, loaded, the store changed by {@code beforeExport}, exported. */
  static ConformanceFixture handWritten(
      DropWriter writer, String from, String to, StoreHook beforeExport) {
    ConformanceFixture f = new ConformanceFixture(tempDir());
    try {
      Files.createDirectories(f.drop);
      writer.write(f.drop);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    f.loadAndExport(ReportingMonth.parse(from), ReportingMonth.parse(to), beforeExport);
    return f;
  }

  /** A change to the store (its registers) between the load and the export. */
  interface StoreHook {
    void run(Store store);
  }

  interface DropWriter {
    void write(Path drop) throws IOException;
  }

  /** The store's load of the drop. */
  LoadReport load;

  private void loadAndExport(ReportingMonth from, ReportingMonth to) {
    loadAndExport(from, to, store -> {});
  }

  private void loadAndExport(ReportingMonth from, ReportingMonth to, StoreHook beforeExport) {
    try (Store store = Store.open(storeFolder)) {
      load = new DropLoader(store).load(drop);
      beforeExport.run(store);
      StoreExport.export(store, from, to, export);
    }
  }

  /** The embedded engine's BPI JSON of a month. */
  String storeBpi(ReportingMonth month) {
    RuleSet rs = rules.inForce(month);
    try (Store store = Store.open(storeFolder)) {
      return BpiJson.text(new BpiCalculator(store, rs).compute(month), rs);
    }
  }

  /** "Now" for open incidents: the same instant for both engines. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  /** The embedded engine's PMR JSON of a month. */
  String storePmr(ReportingMonth month) {
    try (Store store = Store.open(storeFolder)) {
      return PmrJson.write(
          new PerformanceMeasurement(store, rules, SrvCatalogue.standard(), CLOCK).report(month));
    }
  }

  /** Spark's PMR JSON of a month from some tables. */
  String sparkPmr(SparkTables tables, ReportingMonth month) {
    return PmrJson.write(
        new SparkPmr(SharedSpark.session(), tables, SrvCatalogue.standard())
            .report(rules, month, CLOCK));
  }

  /** The drop read by Spark directly (checked and deduplicated as a load does). */
  SparkDrop sparkDrop() {
    if (sparkDrop == null) {
      sparkDrop = SparkDrop.read(SharedSpark.session(), drop.toString(), SrvCatalogue.standard());
    }
    return sparkDrop;
  }

  private SparkDrop sparkDrop;

  /** Spark's BPI JSON of a month from some tables. */
  String sparkBpi(SparkTables tables, ReportingMonth month) {
    RuleSet rs = rules.inForce(month);
    return BpiJson.text(
        new SparkBpi(SharedSpark.session(), tables, rs, SrvCatalogue.standard()).compute(month),
        rs);
  }

  SparkTables exported() {
    return SparkTables.fromExport(SharedSpark.session(), export.toString());
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("meterwatch-conformance");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
