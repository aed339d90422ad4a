package uk.meterwatch.cli;

import java.io.PrintWriter;
import java.util.List;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.store.StoreStatus;

/**
 * Says plainly, on stderr, when a month asked for has no traffic loaded: its report is still made
 * (No data is a status, and the exit code stays as documented), but a user who mistyped a month or
 * forgot a load should not have to infer it from a page of dashes.
 */
final class NoData {
  private NoData() {}

  /**
   * Warns when the month has no service requests, responses or alerts; {@code consequence} says
   * what that makes of the output ("every traffic measure is NO_DATA").
   */
  static void warn(Store store, ReportingMonth month, PrintWriter err, String consequence) {
    if (StoreStatus.hasTraffic(store, month)) {
      return;
    }
    String span =
        StoreStatus.trafficSpan(store)
            .map(NoData::describe)
            .orElse("the store holds no traffic at all: load a drop first");
    err.printf(
        "meterwatch: nothing is loaded for %s: no service requests, responses or alerts (%s);"
            + " %s%n",
        month, span, consequence);
    err.flush();
  }

  private static String describe(List<ReportingMonth> span) {
    return span.get(0).equals(span.get(1))
        ? "the store's traffic is all in " + span.get(0)
        : "the store's traffic runs from " + span.get(0) + " to " + span.get(1);
  }
}
