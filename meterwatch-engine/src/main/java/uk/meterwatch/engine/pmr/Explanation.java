package uk.meterwatch.engine.pmr;

import java.math.BigDecimal;
import java.util.List;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Where the misses of a measure (its ALL scope) came from in a month: "is it the architecture or
 * operations?", first answer.
 *
 * @param month the month
 * @param result the measure's line of the report (ALL scope)
 * @param misses population - within (minutes for availability)
 * @param breakdowns misses by provider, SRV, hour of day (UK), day (UK): largest first
 * @param missesInIncidentWindows misses whose instant (received, execute or raised) lies inside an
 *     incident's window [opened_at, resolved_at or now); null when not applicable
 * @param incidentWindowShare that as a percentage of the misses (2 decimals), null when none
 * @param details one line per contributing item (incidents, outage intervals)
 */
public record Explanation(
    ReportingMonth month,
    MeasureResult result,
    BigDecimal misses,
    List<Breakdown> breakdowns,
    Long missesInIncidentWindows,
    BigDecimal incidentWindowShare,
    List<String> details) {

  public Explanation {
    breakdowns = List.copyOf(breakdowns);
    details = List.copyOf(details);
  }

  /** Misses counted by one dimension, largest first. */
  public record Breakdown(String by, List<Count> counts) {
    public Breakdown {
      counts = List.copyOf(counts);
    }
  }

  public record Count(String key, long misses) {}
}
