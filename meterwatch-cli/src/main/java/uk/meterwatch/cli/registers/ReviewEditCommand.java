package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Rag;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.registers.ReviewEdit;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch review edit INCIDENT ...}: writes a new draft version. */
@Command(
    name = "edit",
    mixinStandardHelpOptions = true,
    description = {
      "Writes a new draft version of a review (every version is kept).",
      "The new version is the latest with the changes given."
    })
final class ReviewEditCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Option(names = "--identification", paramLabel = "RAG", description = "RED, AMBER or GREEN.")
  String identification;

  @Option(names = "--identification-reasoning", paramLabel = "TEXT")
  String identificationWhy;

  @Option(
      names = "--classification",
      paramLabel = "RAG",
      description = "Classification/Prioritisation.")
  String classification;

  @Option(names = "--classification-reasoning", paramLabel = "TEXT")
  String classificationWhy;

  @Option(names = "--investigation", paramLabel = "RAG", description = "Investigation/Diagnosis.")
  String investigation;

  @Option(names = "--investigation-reasoning", paramLabel = "TEXT")
  String investigationWhy;

  @Option(names = "--resolution", paramLabel = "RAG", description = "Resolution/Closure.")
  String resolution;

  @Option(names = "--resolution-reasoning", paramLabel = "TEXT")
  String resolutionWhy;

  @Option(names = "--communications", paramLabel = "RAG", description = "Customer Communications.")
  String communications;

  @Option(names = "--communications-reasoning", paramLabel = "TEXT")
  String communicationsWhy;

  @Option(names = "--root-cause", description = "The underlying cause (not a symptom).")
  String rootCause;

  @Option(names = "--symptoms")
  String symptoms;

  @Option(names = "--detected", converter = Text.InstantConverter.class)
  Instant detected;

  @Option(names = "--users-told", converter = Text.InstantConverter.class)
  Instant usersTold;

  @Option(names = "--restored", converter = Text.InstantConverter.class)
  Instant restored;

  @Option(
      names = "--action",
      paramLabel = "REF",
      description = "A follow-up action in the action log; repeat for several (replaces the list).")
  List<String> actions;

  @Option(names = "--summary")
  String summary;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Map<ReviewArea, Rag> rags = new EnumMap<>(ReviewArea.class);
    Map<ReviewArea, String> why = new EnumMap<>(ReviewArea.class);
    put(rags, why, ReviewArea.IDENTIFICATION, identification, identificationWhy);
    put(rags, why, ReviewArea.CLASSIFICATION, classification, classificationWhy);
    put(rags, why, ReviewArea.INVESTIGATION, investigation, investigationWhy);
    put(rags, why, ReviewArea.RESOLUTION, resolution, resolutionWhy);
    put(rags, why, ReviewArea.COMMUNICATIONS, communications, communicationsWhy);
    Review v =
        r.reviews()
            .edit(
                id,
                new ReviewEdit(
                    rags, why, rootCause, symptoms, detected, usersTold, restored, actions,
                    summary),
                who());
    out.printf("wrote draft version %d of the review of %s%n", v.version(), id);
    return 0;
  }

  private static void put(
      Map<ReviewArea, Rag> rags,
      Map<ReviewArea, String> why,
      ReviewArea a,
      String rag,
      String reasoning) {
    if (rag != null) {
      rags.put(a, Rag.parse(rag));
    }
    if (reasoning != null) {
      why.put(a, reasoning);
    }
  }
}
