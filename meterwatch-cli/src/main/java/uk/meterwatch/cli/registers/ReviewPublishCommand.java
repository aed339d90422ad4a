package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch review publish INCIDENT}. */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes the latest draft of a review.",
      "It needs all five RAG statuses and a root cause."
    })
final class ReviewPublishCommand extends StoreCommand {
  @Override
  boolean writes() {
    return true;
  }

  @Parameters(paramLabel = "INCIDENT_ID")
  String id;

  @Override
  int run(Registers r, Store store, PrintWriter out) {
    Review v = r.reviews().publish(id, who());
    out.printf("published version %d of the review of %s%n", v.version(), id);
    return 0;
  }
}
