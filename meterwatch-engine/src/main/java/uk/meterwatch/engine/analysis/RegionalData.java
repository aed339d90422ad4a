package uk.meterwatch.engine.analysis;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.DeviceSplit;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.store.Store;

/**
 * A subject's counts for a range of months, per cell of (area, provider) of the devices file, from
 * which every area, region, provider and the national total is a sum. For a process the cells are
 * the BPI's own transactions split by device ({@link BpiCalculator} with a {@link DeviceSplit}), so
 * success means exactly what it means in the BPIs; each month uses the rule set in force on its
 * first day.
 */
public final class RegionalData {
  /**
   * The counts of one (area, provider) cell in a month; absent values are {@link
   * Geography#UNKNOWN}.
   */
  public record Cell(String area, String provider, Counts counts) {}

  private final Subject subject;
  private final List<ReportingMonth> months;
  private final Map<ReportingMonth, List<Cell>> cells;
  private final Geography geography;

  public RegionalData(
      Subject subject,
      List<ReportingMonth> months,
      Map<ReportingMonth, List<Cell>> cells,
      Geography geography) {
    this.subject = subject;
    this.months = List.copyOf(months);
    this.cells = Map.copyOf(cells);
    this.geography = geography;
  }

  /** Reads the cells of every month from {@code from} to {@code to}, both included. */
  public static RegionalData read(
      Store store, RuleBook rules, Subject subject, ReportingMonth from, ReportingMonth to) {
    List<ReportingMonth> months = months(from, to);
    Map<ReportingMonth, List<Cell>> cells = new LinkedHashMap<>();
    for (ReportingMonth m : months) {
      cells.put(m, readMonth(store, rules, subject, m));
    }
    return new RegionalData(subject, months, cells, Geography.read(store));
  }

  /** The months from {@code from} to {@code to}, both included (at most 120). */
  public static List<ReportingMonth> months(ReportingMonth from, ReportingMonth to) {
    if (to.compareTo(from) < 0) {
      throw new MeterwatchException(ErrorCode.USAGE, "--to " + to + " is before --from " + from);
    }
    List<ReportingMonth> months = new ArrayList<>();
    for (ReportingMonth m = from; m.compareTo(to) <= 0; m = m.next()) {
      months.add(m);
      if (months.size() > 120) {
        throw new MeterwatchException(
            ErrorCode.USAGE, "a range of at most 120 months (" + from + " to " + to + ")");
      }
    }
    return months;
  }

  private static List<Cell> readMonth(
      Store store, RuleBook rules, Subject subject, ReportingMonth month) {
    RuleSet ruleSet = rules.inForce(month);
    if (subject.kind() == Subject.Kind.PROCESS) {
      DeviceSplit.Result r =
          new BpiCalculator(store, ruleSet)
              .compute(month, List.of(subject.name()), DeviceSplit.by("area", "provider"));
      List<Cell> out = new ArrayList<>();
      for (List<DeviceSplit.Cell> list : r.cells().values()) {
        for (DeviceSplit.Cell c : list) {
          out.add(
              new Cell(
                  label(c.values().get(0)),
                  label(c.values().get(1)),
                  new Counts(c.successes(), c.transactions())));
        }
      }
      return out;
    }
    List<Cell> out = new ArrayList<>();
    new PerformanceMeasurement(store, rules, SrvCatalogue.standard(), Clock.systemUTC())
        .talliesByArea(month, subject.name())
        .forEach(
            (cell, tally) ->
                out.add(
                    new Cell(
                        label(cell.get(0)),
                        label(cell.get(1)),
                        new Counts(tally.within(), tally.population()))));
    return out;
  }

  private static String label(String value) {
    return value == null ? Geography.UNKNOWN : value;
  }

  public Subject subject() {
    return subject;
  }

  public List<ReportingMonth> months() {
    return months;
  }

  public Geography geography() {
    return geography;
  }

  public List<Cell> cells(ReportingMonth month) {
    return cells.getOrDefault(month, List.of());
  }

  /** The key of a cell at a level. */
  public String key(Level level, Cell cell) {
    return switch (level) {
      case NATIONAL -> "national";
      case AREA -> cell.area();
      case REGION -> geography.region(cell.area());
      case PROVIDER -> cell.provider();
    };
  }

  /** Counts at a level in a month, by key (sorted; the unknown label last). */
  public Map<String, Counts> by(Level level, ReportingMonth month) {
    Map<String, Counts> out = new TreeMap<>(RegionalData::compareKeys);
    for (Cell c : cells(month)) {
      out.merge(key(level, c), c.counts(), Counts::plus);
    }
    return out;
  }

  /** Every key seen at a level over the months (sorted; the unknown label last). */
  public TreeSet<String> keys(Level level) {
    TreeSet<String> keys = new TreeSet<>(RegionalData::compareKeys);
    for (ReportingMonth m : months) {
      keys.addAll(by(level, m).keySet());
    }
    return keys;
  }

  /** The counts of one key at a level in a month (zero when none). */
  public Counts counts(Level level, String key, ReportingMonth month) {
    Counts total = Counts.NONE;
    for (Cell c : cells(month)) {
      if (key(level, c).equals(key)) {
        total = total.plus(c.counts());
      }
    }
    return total;
  }

  /** The series of one key at a level, month by month. */
  public List<Counts> series(Level level, String key) {
    List<Counts> out = new ArrayList<>();
    for (ReportingMonth m : months) {
      out.add(counts(level, key, m));
    }
    return out;
  }

  static int compareKeys(String a, String b) {
    boolean ua = Geography.UNKNOWN.equals(a);
    boolean ub = Geography.UNKNOWN.equals(b);
    if (ua || ub) {
      return ua == ub ? 0 : ua ? 1 : -1;
    }
    return a.compareTo(b);
  }
}
