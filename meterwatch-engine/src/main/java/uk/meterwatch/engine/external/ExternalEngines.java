package uk.meterwatch.engine.external;

import java.util.ServiceLoader;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** Finds an {@link ExternalEngine} on the class path by name. */
public final class ExternalEngines {
  private ExternalEngines() {}

  public static ExternalEngine find(String name) {
    for (ExternalEngine e : ServiceLoader.load(ExternalEngine.class)) {
      if (e.name().equalsIgnoreCase(name)) {
        return e;
      }
    }
    throw new MeterwatchException(
        ErrorCode.NOT_FOUND,
        "the "
            + name
            + " engine is not on the class path: the ./meterwatch launcher adds it for --engine "
            + name
            + " (after 'mvn -B package'); see docs/spark.md");
  }
}
