package uk.meterwatch.core.measure.calculations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.measure.MeasureContext;
import uk.meterwatch.core.rules.RejectedRequests;

/**
 * The requests the DCC rejected, for the request calculations: a request answered only by an error
 * acknowledgement (an ACK whose code starts with E, like E65) and by no RESPONSE. Under {@code
 * rejected_requests: exclude} they leave the population and are counted apart; under {@code
 * count_as_miss} they stay in it as misses (a request with no response), as before.
 *
 * <p>The month's cube counts every request of the population, rejected ones among the misses (they
 * have no RESPONSE), so leaving them out is a subtraction of a second, small cube: the rejected
 * requests of the population by SRV and provider. Both come from the same rows whether the first is
 * read from the requests or from the store's response-time summary.
 */
final class Rejections {
  private Rejections() {}

  /** The requests with an error acknowledgement: few, whatever the month. */
  private static final String ERROR_ACKNOWLEDGED =
      "(SELECT DISTINCT s.request_id AS rejected_id FROM ${service_responses} s"
          + " WHERE s.kind = 'ACK' AND s.code LIKE 'E%')";

  /** Whether the rule set in force leaves rejected requests out. */
  static boolean excluded(MeasureContext c) {
    return c.ruleSet().rejectedRequests() == RejectedRequests.EXCLUDE;
  }

  /**
   * The rejected requests of a population by SRV and provider ({@code srv, provider, n}), when the
   * rule set leaves them out. {@code population} is the WHERE condition on {@code r} that the
   * calculation's own queries use, with its parameters.
   */
  static Optional<CubeQuery> cube(MeasureContext c, String population, Map<String, Object> params) {
    if (!excluded(c)) {
      return Optional.empty();
    }
    return Optional.of(
        new CubeQuery(
            "SELECT r.srv, r.provider, count(*) AS n FROM ${service_requests} r JOIN "
                + ERROR_ACKNOWLEDGED
                + " x ON x.rejected_id = r.request_id WHERE "
                + population
                + " AND r.first_response_us IS NULL GROUP BY 1, 2",
            new LinkedHashMap<>(params)));
  }

  /**
   * The join and condition that keep a rejected request out of an items query over {@code r} when
   * the rule set leaves them out; empty strings otherwise.
   */
  static String itemsJoin(MeasureContext c) {
    return excluded(c)
        ? " LEFT JOIN " + ERROR_ACKNOWLEDGED + " x ON x.rejected_id = r.request_id"
        : "";
  }

  static String itemsCondition(MeasureContext c) {
    return excluded(c) ? " AND (r.first_response_us IS NOT NULL OR x.rejected_id IS NULL)" : "";
  }

  /** The srv and provider of a rejected cube's row, and its count. */
  static String srv(Object[] row) {
    return Cube.text(row, 0);
  }

  static String provider(Object[] row) {
    return Cube.text(row, 1);
  }

  static long count(Object[] row) {
    return Cube.whole(row, 2);
  }
}
