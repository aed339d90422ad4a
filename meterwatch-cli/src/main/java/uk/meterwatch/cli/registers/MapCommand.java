package uk.meterwatch.cli.registers;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.report.map.IncidentMapSvg;

/** {@code meterwatch map --from YYYY-MM --to YYYY-MM --out FILE.svg}: the incident map. */
@Command(
    name = "map",
    mixinStandardHelpOptions = true,
    description = {
      "Draws the architecture incident map of a period as SVG.",
      "Each component with its incidents and outage minutes, split by cause class. The model is"
          + " <store>/architecture.yaml when present, else the built-in DCC model."
    })
public final class MapCommand extends StoreCommand {
  /** The model file a store may hold to replace the built-in one. */
  public static final String MODEL_FILE = "architecture.yaml";

  @Option(names = "--from", paramLabel = "YYYY-MM", description = "First month (UK time).")
  String from;

  @Option(names = "--to", paramLabel = "YYYY-MM", description = "Last month, included.")
  String to;

  @Option(names = "--out", paramLabel = "FILE.svg")
  Path file;

  @Option(names = "--model", paramLabel = "FILE", description = "An architecture model to use.")
  Path modelFile;

  @Option(
      names = "--print-model",
      description = "Print the model in effect (YAML), e.g. to start <store>/architecture.yaml.")
  boolean printModel;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws IOException {
    Path chosen = modelFile;
    if (chosen == null
        && store.folder() != null
        && Files.isRegularFile(store.folder().resolve(MODEL_FILE))) {
      chosen = store.folder().resolve(MODEL_FILE);
    }
    String text = chosen == null ? ArchitectureModel.defaultText() : read(chosen);
    if (printModel) {
      out.print(text);
      return 0;
    }
    if (from == null || to == null || file == null) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "map needs --from YYYY-MM, --to YYYY-MM and --out FILE.svg");
    }
    ArchitectureModel model =
        ArchitectureModel.parse(chosen == null ? "(built-in) model" : chosen.toString(), text);
    IncidentMap map = r.map().run(model, ReportingMonth.parse(from), ReportingMonth.parse(to));
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Files.writeString(file, IncidentMapSvg.render(map), StandardCharsets.UTF_8);
    out.printf(
        "wrote %s: %d incidents, %d min of unplanned outage, model %s%n",
        file,
        map.totals().incidentCount(),
        map.totals().minutes(),
        chosen == null ? "built-in" : chosen.toString());
    return 0;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, "cannot read " + p + ": " + e.getMessage(), e);
    }
  }
}
