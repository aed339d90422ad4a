package uk.meterwatch.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiJson;
import uk.meterwatch.engine.load.DropLoader;
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
    ConformanceFixture f = new ConformanceFixture(tempDir());
    try {
      Files.createDirectories(f.drop);
      writer.write(f.drop);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    f.loadAndExport(ReportingMonth.parse(from), ReportingMonth.parse(to));
    return f;
  }

  interface DropWriter {
    void write(Path drop) throws IOException;
  }

  private void loadAndExport(ReportingMonth from, ReportingMonth to) {
    try (Store store = Store.open(storeFolder)) {
      new DropLoader(store).load(drop);
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
