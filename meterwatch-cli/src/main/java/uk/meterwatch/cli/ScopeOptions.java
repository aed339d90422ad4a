package uk.meterwatch.cli;

import java.util.TreeSet;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.analysis.Level;
import uk.meterwatch.engine.analysis.RegionalData;
import uk.meterwatch.engine.analysis.Scope;

/** Where a series is taken (trend, glidepath): national by default, or one area/region/provider. */
final class ScopeOptions {
  static final class One {
    @Option(names = "--area", paramLabel = "AREA", description = "One area (devices file).")
    String area;

    @Option(names = "--region", paramLabel = "REGION", description = "One region (North, ...).")
    String region;

    @Option(names = "--provider", paramLabel = "P", description = "One provider (CSP-N, ...).")
    String provider;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  One one;

  Scope scope() {
    if (one == null) {
      return Scope.NATIONAL;
    }
    if (one.area != null) {
      return Scope.of(Level.AREA, one.area);
    }
    if (one.region != null) {
      return Scope.of(Level.REGION, one.region);
    }
    return Scope.of(Level.PROVIDER, one.provider);
  }

  /** The scope, checked against the keys the data has (case-insensitive). */
  static Scope checked(Scope scope, RegionalData data) {
    if (scope.level() == Level.NATIONAL) {
      return scope;
    }
    TreeSet<String> keys = data.keys(scope.level());
    for (String k : keys) {
      if (k.equalsIgnoreCase(scope.key())) {
        return Scope.of(scope.level(), k);
      }
    }
    throw new MeterwatchException(
        ErrorCode.NOT_FOUND,
        "no "
            + scope.level().word()
            + " '"
            + scope.key()
            + "' in the data of "
            + data.months().get(0)
            + " to "
            + data.months().get(data.months().size() - 1)
            + " (known: "
            + String.join(", ", keys)
            + ")");
  }
}
