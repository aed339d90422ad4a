package uk.meterwatch.engine.registers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Incidents opened month by month, by category: the minutes ask why July and August 2023 spiked,
 * which one month's list cannot show.
 *
 * @param months the months, oldest first
 * @param byCategory per category (ascending), the incidents opened in each month (UK time)
 */
public record IncidentTrend(List<ReportingMonth> months, Map<Integer, List<Long>> byCategory) {

  /** The incidents given (the register as of a date, say) opened in each of the months. */
  public static IncidentTrend of(List<Incident> incidents, List<ReportingMonth> months) {
    Map<Integer, long[]> counts = new TreeMap<>();
    for (Incident i : incidents) {
      ReportingMonth opened = ReportingMonth.containing(i.openedAt());
      int at = months.indexOf(opened);
      if (at >= 0) {
        counts.computeIfAbsent(i.category(), c -> new long[months.size()])[at]++;
      }
    }
    Map<Integer, List<Long>> out = new LinkedHashMap<>();
    counts.forEach(
        (category, n) -> {
          List<Long> series = new ArrayList<>();
          for (long v : n) {
            series.add(v);
          }
          out.put(category, List.copyOf(series));
        });
    return new IncidentTrend(List.copyOf(months), out);
  }

  /** Incidents opened in a month, every category. */
  public long total(ReportingMonth month) {
    int at = months.indexOf(month);
    return at < 0 ? 0 : byCategory.values().stream().mapToLong(s -> s.get(at)).sum();
  }

  /** Incidents of the given categories opened in a month. */
  public long of(ReportingMonth month, int... categories) {
    int at = months.indexOf(month);
    long n = 0;
    for (int c : categories) {
      List<Long> series = byCategory.get(c);
      if (at >= 0 && series != null) {
        n += series.get(at);
      }
    }
    return n;
  }
}
