package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.cli.TextTable;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Rag;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch review show INCIDENT [--version N] [--versions]}. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    description = "Shows the latest version of a review, or the version asked for.")
final class ReviewShowCommand extends StoreCommand {
  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Option(names = "--version", paramLabel = "N", description = "This version (default: latest).")
  Integer version;

  @Option(names = "--versions", description = "List every version instead.")
  boolean versions;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    if (versions) {
      r.reviews().get(id, null);
      List<Review> all = r.reviews().versions(id);
      if (json) {
        out.println(Json.register(all.stream().map(RegisterJson::review).toList()));
        return 0;
      }
      TextTable table =
          TextTable.of("VERSION", "STATUS", "AUTHOR", "WRITTEN (UK)", "PUBLISHED").rightAligned(0);
      for (Review v : all) {
        table.row(
            v.version(),
            v.status(),
            v.author(),
            Text.uk(v.createdAt()),
            v.published() ? Text.uk(v.publishedAt()) + " by " + v.publishedBy() : "-");
      }
      table.print(out, "");
      return 0;
    }
    Review v = r.reviews().get(id, version);
    if (json) {
      out.println(Json.register(RegisterJson.review(v)));
      return 0;
    }
    int count = r.reviews().versions(id).size();
    out.printf(
        "Major Incident Review of %s, version %d of %d (%s)%n", id, v.version(), count, v.status());
    out.printf(
        "Written by %s at %s%s%n",
        v.author(),
        Text.uk(v.createdAt()),
        v.published()
            ? "; published by " + v.publishedBy() + " at " + Text.uk(v.publishedAt())
            : "");
    out.println();
    TextTable areas = TextTable.of("AREA", "RAG", "REASONING");
    for (ReviewArea a : ReviewArea.values()) {
      Rag rag = v.rag(a);
      areas.row(a.label(), rag == null ? "-" : rag.name(), Text.or(v.reasoning(a)));
    }
    areas.print(out, "");
    out.println();
    out.printf("Root cause    %s%n", Text.or(v.rootCause()));
    out.printf("Symptoms      %s%n", Text.or(v.symptoms()));
    out.printf("Detected      %s%n", Text.uk(v.detectedAt()));
    out.printf("Users told    %s%n", Text.uk(v.usersToldAt()));
    out.printf("Restored      %s%n", Text.uk(v.restoredAt()));
    out.printf("Summary       %s%n", Text.or(v.summary()));
    out.println("Follow-up actions:");
    if (v.actionRefs().isEmpty()) {
      out.println("  none");
    }
    for (String ref : v.actionRefs()) {
      Optional<Action> a = r.actions().find(ref);
      out.printf(
          "  %-12s %s%n",
          ref,
          a.map(x -> x.status() + ", " + x.owner() + ": " + x.text()).orElse("(not in the log)"));
    }
    return 0;
  }
}
