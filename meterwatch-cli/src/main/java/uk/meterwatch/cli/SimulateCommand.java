package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.sim.OutputFormat;
import uk.meterwatch.sim.Scenario;
import uk.meterwatch.sim.ScenarioLoader;
import uk.meterwatch.sim.SimulationOptions;
import uk.meterwatch.sim.SimulationSummary;
import uk.meterwatch.sim.Simulator;

/** {@code meterwatch simulate}: writes a simulated drop from a scenario. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulates the network under a scenario and writes a drop.",
      "See docs/simulator.md.",
      "The same scenario, seed and options give byte-identical files."
    })
public final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      required = true,
      paramLabel = "NAME|FILE",
      description = "A scenario file (YAML) or a built-in scenario: ${COMPLETION-CANDIDATES}.",
      completionCandidates = BuiltIn.class)
  String scenario;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "DROP",
      description = "The drop folder to write (must not exist, or be empty).")
  Path out;

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

  @Option(names = "--from", paramLabel = "YYYY-MM", description = "First month (UK time).")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM", description = "Last month (UK time).")
  String to;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "csv",
      description = "csv, parquet, jsonl or duis (default: ${DEFAULT-VALUE}).")
  String format;

  /** The built-in scenario names, for the help text. */
  static final class BuiltIn implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return ScenarioLoader.BUILT_IN.iterator();
    }
  }

  @Override
  public Integer call() {
    PrintWriter w = spec.commandLine().getOut();
    Scenario s = ScenarioLoader.resolve(scenario);
    SimulationOptions options =
        new SimulationOptions(
            seed,
            devices,
            from == null ? null : ReportingMonth.parse(from).month(),
            to == null ? null : ReportingMonth.parse(to).month(),
            OutputFormat.parse(format));
    SimulationSummary summary = new Simulator(s, options).run(out);
    print(w, summary);
    return 0;
  }

  static void print(PrintWriter w, SimulationSummary summary) {
    w.printf(
        Locale.ROOT,
        "Simulated %s (seed %d, %d devices, %s to %s) into %s%n",
        summary.scenario(),
        summary.seed(),
        summary.devices(),
        summary.from(),
        summary.to(),
        summary.drop());
    for (Map.Entry<String, Long> f : summary.files().entrySet()) {
      w.printf(Locale.ROOT, "  %-24s %,12d rows%n", f.getKey(), f.getValue());
    }
    w.printf(
        Locale.ROOT,
        "%,d events in %.1f s (%,.0f events/s)%n",
        summary.events(),
        summary.elapsedMillis() / 1000.0,
        summary.eventsPerSecond());
  }
}
