package uk.meterwatch.engine.pmr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.Calculation;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.pmr.DeviceQueries.MissRow;
import uk.meterwatch.engine.pmr.Intervals.Span;
import uk.meterwatch.engine.pmr.OperationalRecords.Incident;
import uk.meterwatch.engine.pmr.OperationalRecords.Outage;
import uk.meterwatch.engine.store.Store;

/**
 * Computes the Performance Measurement Report of a month on the store: every measure of the rule
 * set in force on the month's first day, overall and per provider, with the month before and the
 * run of months below minimum. The definitions are the rule set's; this class only counts.
 *
 * <p>Each device calculation is one query per month that groups the population into a small cube
 * (SRV x provider x outcome); all measures built on it (restricted to SRVs or providers, on success
 * or not) are sums over the cube, so a user's extra measure costs no extra scan.
 */
public final class PerformanceMeasurement {
  /** How far back a run of months below minimum is followed. */
  static final int MAX_LOOKBACK_MONTHS = 120;

  private static final long MINUTE_US = 60_000_000L;

  private final RuleBook rules;
  private final Clock clock;
  private final PmrSource source;
  // The store's queries: only they explain misses row by row (null for another engine's source).
  private final DeviceQueries db;
  private final Map<String, List<CubeRow>> cubes = new HashMap<>();
  private final Map<String, Map<String, Tally>> tallies = new HashMap<>();
  private OperationalRecords records;

  public PerformanceMeasurement(Store store, RuleBook rules, SrvCatalogue catalogue, Clock clock) {
    this(store, rules, catalogue, clock, true);
  }

  /**
   * With {@code useSummary} false the response-time measures always scan the requests instead of
   * reading the response-time cube (tests prove both give the same report).
   */
  PerformanceMeasurement(
      Store store, RuleBook rules, SrvCatalogue catalogue, Clock clock, boolean useSummary) {
    this.rules = rules;
    this.clock = clock;
    this.db = new DeviceQueries(store.connection(), catalogue, useSummary);
    this.source = db;
  }

  /**
   * The report from another engine's counts (docs/spark.md): the same Java on its cubes and
   * records. {@link #explain} needs the store's rows and refuses device measures.
   */
  public PerformanceMeasurement(PmrSource source, RuleBook rules, Clock clock) {
    this.rules = rules;
    this.clock = clock;
    this.db = null;
    this.source = source;
  }

  public RuleBook rules() {
    return rules;
  }

  /** The report of a month. */
  public PerformanceReport report(ReportingMonth month) {
    RuleSet ruleSet = rules.inForce(month);
    List<MeasureResult> lines = new ArrayList<>();
    for (MeasureDefinition measure : ruleSet.measures()) {
      lines.addAll(results(ruleSet, measure, month));
    }
    return new PerformanceReport(month, ruleSet, lines);
  }

  /** Where the misses of a measure came from in a month. */
  public Explanation explain(ReportingMonth month, String measureId) {
    RuleSet ruleSet = rules.inForce(month);
    MeasureDefinition measure =
        ruleSet
            .measure(measureId)
            .orElseThrow(
                () ->
                    new MeterwatchException(
                        ErrorCode.NOT_FOUND,
                        "no measure "
                            + measureId
                            + " in the rule set in force for "
                            + month
                            + " ("
                            + ruleSet.name()
                            + ")"));
    MeasureResult all = results(ruleSet, measure, month).get(0);
    BigDecimal misses = all.population().subtract(all.within());
    return switch (measure.calculation()) {
      case ON_DEMAND_RESPONSE_TIME, FUTURE_DATED_RESPONSE_TIME, ALERT_DELIVERY_TIME ->
          explainDevices(ruleSet, measure, month, all, misses);
      case INCIDENT_RESOLUTION -> explainIncidents(ruleSet, measure, month, all, misses);
      case SERVICE_AVAILABILITY -> explainAvailability(measure, month, all, misses);
    };
  }

  private List<MeasureResult> results(
      RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month) {
    Map<String, Tally> current = tallies(ruleSet, measure, month);
    Map<String, Tally> previous = talliesOf(month.previous(), measure.id()).orElse(Map.of());
    List<MeasureResult> out = new ArrayList<>();
    for (Map.Entry<String, Tally> e : current.entrySet()) {
      String scope = e.getKey();
      Tally tally = e.getValue();
      ServiceLevelStatus status = ServiceLevelStatus.of(tally, measure.target(), measure.minimum());
      int run =
          status == ServiceLevelStatus.BELOW_MINIMUM
              ? 1 + runBelowMinimum(month, measure.id(), scope)
              : 0;
      Tally before = previous.get(scope);
      boolean minutes = measure.calculation() == Calculation.SERVICE_AVAILABILITY;
      out.add(
          new MeasureResult(
              measure.id(),
              scope,
              measure.name(),
              measure.calculation(),
              unit(measure.calculation()),
              tally.value(),
              measure.target(),
              measure.minimum(),
              status,
              minutes ? minutes(tally.within()) : BigDecimal.valueOf(tally.within()),
              minutes ? minutes(tally.population()) : BigDecimal.valueOf(tally.population()),
              run,
              run >= ruleSet.persistenceThreshold(),
              before == null ? null : before.value(),
              measure.definition(),
              measure.source()));
    }
    return out;
  }

  /** Consecutive months before {@code month} below minimum, each by its own rule set. */
  private int runBelowMinimum(ReportingMonth month, String id, String scope) {
    int run = 0;
    ReportingMonth m = month.previous();
    for (int i = 0; i < MAX_LOOKBACK_MONTHS; i++, m = m.previous()) {
      Optional<RuleSet> rs = ruleSetOf(m);
      Optional<MeasureDefinition> def = rs.flatMap(r -> r.measure(id));
      if (def.isEmpty()) {
        break;
      }
      Tally t = tallies(rs.get(), def.get(), m).get(scope);
      if (t == null
          || ServiceLevelStatus.of(t, def.get().target(), def.get().minimum())
              != ServiceLevelStatus.BELOW_MINIMUM) {
        break;
      }
      run++;
    }
    return run;
  }

  private Optional<Map<String, Tally>> talliesOf(ReportingMonth month, String id) {
    Optional<RuleSet> rs = ruleSetOf(month);
    return rs.flatMap(r -> r.measure(id)).map(def -> tallies(rs.get(), def, month));
  }

  private Optional<RuleSet> ruleSetOf(ReportingMonth month) {
    return ruleSetOn(month.firstDay()); // empty before the earliest rule set: not measured
  }

  /** Tallies of a measure for a month: ALL first, then each provider (when per_provider). */
  Map<String, Tally> tallies(RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month) {
    String key =
        month + "|" + ruleSet.source() + "|" + ruleSet.effectiveFrom() + "|" + measure.id();
    Map<String, Tally> cached = tallies.get(key);
    if (cached != null) {
      return cached;
    }
    Map<String, Tally> result =
        switch (measure.calculation()) {
          case ON_DEMAND_RESPONSE_TIME, FUTURE_DATED_RESPONSE_TIME, ALERT_DELIVERY_TIME ->
              fromCube(cube(measure.calculation(), ruleSet, month), measure);
          case INCIDENT_RESOLUTION ->
              Map.of(MeasureResult.ALL, incidentTally(ruleSet, measure, month, null));
          case SERVICE_AVAILABILITY ->
              Map.of(MeasureResult.ALL, availability(measure, month).tally());
        };
    tallies.put(key, result);
    return result;
  }

  private List<CubeRow> cube(Calculation calculation, RuleSet ruleSet, ReportingMonth month) {
    String key = month + "|" + calculation + "|" + ruleSet.responseTimes();
    return cubes.computeIfAbsent(key, k -> source.cube(calculation, ruleSet, month));
  }

  /**
   * A device measure of a month per (area, provider) of the devices: the measure's own population,
   * filters and outcome (as {@link #fromCube}), counted per cell; absent values are null. For the
   * regional analysis (docs/analysis.md).
   */
  public Map<List<String>, Tally> talliesByArea(ReportingMonth month, String measureId) {
    RuleSet ruleSet = rules.inForce(month);
    MeasureDefinition measure =
        ruleSet
            .measure(measureId)
            .orElseThrow(
                () ->
                    new MeterwatchException(
                        ErrorCode.NOT_FOUND,
                        "no measure "
                            + measureId
                            + " in the rule set in force for "
                            + month
                            + " ("
                            + ruleSet.name()
                            + ")"));
    if (measure.calculation() != Calculation.ON_DEMAND_RESPONSE_TIME
        && measure.calculation() != Calculation.FUTURE_DATED_RESPONSE_TIME
        && measure.calculation() != Calculation.ALERT_DELIVERY_TIME) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "measure "
              + measure.id()
              + " counts "
              + unit(measure.calculation())
              + ", not requests or alerts of devices: it has no areas");
    }
    Map<List<String>, Tally> out = new LinkedHashMap<>();
    for (DeviceQueries.AreaCubeRow a : db.cubeByArea(measure.calculation(), ruleSet, month)) {
      CubeRow row = a.row();
      if (!measure.srvs().isEmpty() && !measure.srvs().contains(row.srv())) {
        continue;
      }
      if (!measure.providers().isEmpty()
          && (row.provider() == null || !measure.providers().contains(row.provider()))) {
        continue;
      }
      boolean within = measure.onSuccess() ? row.success() : row.inTime();
      out.merge(
          java.util.Arrays.asList(a.area(), row.provider()),
          new Tally(within ? row.count() : 0, row.count()),
          Tally::plus);
    }
    return out;
  }

  static Map<String, Tally> fromCube(List<CubeRow> rows, MeasureDefinition measure) {
    Tally all = Tally.EMPTY;
    Map<String, Tally> byProvider = new TreeMap<>();
    for (CubeRow row : rows) {
      if (!measure.srvs().isEmpty() && !measure.srvs().contains(row.srv())) {
        continue;
      }
      if (!measure.providers().isEmpty()
          && (row.provider() == null || !measure.providers().contains(row.provider()))) {
        continue;
      }
      boolean within = measure.onSuccess() ? row.success() : row.inTime();
      Tally t = new Tally(within ? row.count() : 0, row.count());
      all = all.plus(t);
      if (measure.perProvider() && row.provider() != null) {
        byProvider.merge(row.provider(), t, Tally::plus);
      }
    }
    Map<String, Tally> out = new LinkedHashMap<>();
    out.put(MeasureResult.ALL, all);
    out.putAll(byProvider);
    return out;
  }

  // ---- incidents -------------------------------------------------------------------------

  private OperationalRecords records() {
    if (records == null) {
      records = source.records();
    }
    return records;
  }

  private long nowUs() {
    return ReportingMonth.micros(clock.instant());
  }

  /**
   * Counts incidents whose outcome became known in the month. The outcome instant is resolved_at
   * when resolved within the Target Resolution Time, else the deadline (opened_at + TRT); an open
   * incident whose deadline has not yet passed has no outcome yet. Each incident's TRT is that of
   * the rule set in force on the day it opened ({@link #resolutionTimeUs}), so its outcome month is
   * the same whichever month asks and it is counted once.
   */
  private Tally incidentTally(
      RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month, List<String> missed) {
    long start = month.startMicros();
    long end = month.endMicros();
    long now = nowUs();
    long within = 0;
    long population = 0;
    for (Incident i : records().incidents) {
      if (!i.dccResponsible() || !measure.categories().contains(i.category())) {
        continue;
      }
      long trt = resolutionTimeUs(ruleSet, i);
      long deadline = i.openedUs() + trt;
      boolean inTime = i.resolvedUs() != null && i.resolvedUs() <= deadline;
      if (!inTime && i.resolvedUs() == null && deadline > now) {
        continue; // still open, may yet be resolved in time
      }
      long outcome = inTime ? i.resolvedUs() : deadline;
      if (outcome < start || outcome >= end) {
        continue;
      }
      population++;
      if (inTime) {
        within++;
      } else if (missed != null) {
        missed.add(
            i.id()
                + " category "
                + i.category()
                + " opened "
                + uk(i.openedUs())
                + ", deadline "
                + uk(deadline)
                + (i.resolvedUs() == null
                    ? ", still open"
                    : ", resolved "
                        + uk(i.resolvedUs())
                        + " ("
                        + hours(i.resolvedUs() - deadline)
                        + " h late)")
                + ": "
                + i.title());
      }
    }
    return new Tally(within, population);
  }

  /**
   * The Target Resolution Time of an incident, in microseconds: that of the rule set in force on
   * the day it opened (UK date of opened_at), as the incident register's status; the measured
   * month's when no rule set is in force then or that one has no TRT for the category.
   */
  private long resolutionTimeUs(RuleSet monthRules, Incident i) {
    LocalDate opened =
        ReportingMonth.fromMicros(i.openedUs()).atZone(ReportingMonth.UK).toLocalDate();
    RuleSet rs = monthRules;
    Optional<RuleSet> atOpening = ruleSetOn(opened);
    if (atOpening.isPresent() && atOpening.get().resolutionHours().containsKey(i.category())) {
      rs = atOpening.get();
    }
    return rs.resolutionTime(i.category()).toSeconds() * DeviceQueries.MICROS;
  }

  private Optional<RuleSet> ruleSetOn(LocalDate day) {
    try {
      return Optional.of(rules.inForceOn(day));
    } catch (MeterwatchException e) {
      return Optional.empty(); // before the earliest rule set
    }
  }

  // ---- availability ----------------------------------------------------------------------

  /** Availability of a service in a month, in microseconds, with the spans behind it. */
  record Availability(
      long tapUs,
      long unavailableUs,
      List<Span> planned,
      List<Span> unavailable,
      List<String> sources) {
    Tally tally() {
      return new Tally(tapUs - unavailableUs, tapUs);
    }
  }

  Availability availability(MeasureDefinition measure, ReportingMonth month) {
    long start = month.startMicros();
    long end = month.endMicros();
    String service = measure.service();
    List<Span> planned = new ArrayList<>();
    List<Span> unplanned = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (Outage o : records().outages) {
      if (!o.service().equals(service)) {
        continue;
      }
      Span s = new Span(o.startUs(), o.endUs()).clip(start, end);
      if (s.length() == 0) {
        continue;
      }
      (o.planned() ? planned : unplanned).add(s);
      sources.add(
          (o.planned() ? "planned" : "unplanned")
              + " outage "
              + uk(s.start())
              + " to "
              + uk(s.end())
              + (o.incidentId() == null ? "" : " (" + o.incidentId() + ")"));
    }
    Set<String> referred = records().incidentsWithOutageRows();
    long now = nowUs();
    for (Incident i : records().incidents) {
      if (!i.services().contains(service) || referred.contains(i.id())) {
        continue;
      }
      long until = i.resolvedUs() == null ? now : i.resolvedUs();
      Span s = new Span(i.openedUs(), until).clip(start, end);
      if (s.length() == 0) {
        continue;
      }
      unplanned.add(s);
      sources.add(
          "incident "
              + i.id()
              + " (no outage row) "
              + uk(s.start())
              + " to "
              + uk(s.end())
              + (i.resolvedUs() == null ? " (still open)" : ""));
    }
    List<Span> plannedUnion = Intervals.union(planned);
    List<Span> unavailable = Intervals.minus(Intervals.union(unplanned), plannedUnion);
    long tap = (end - start) - Intervals.length(plannedUnion);
    return new Availability(tap, Intervals.length(unavailable), plannedUnion, unavailable, sources);
  }

  // ---- explanations ----------------------------------------------------------------------

  private Explanation explainDevices(
      RuleSet ruleSet,
      MeasureDefinition measure,
      ReportingMonth month,
      MeasureResult all,
      BigDecimal misses) {
    if (db == null) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "--explain of " + measure.id() + " needs the store engine");
    }
    List<MissRow> rows = db.misses(measure, ruleSet, month, nowUs());
    Map<String, Long> byProvider = new HashMap<>();
    Map<String, Long> bySrv = new HashMap<>();
    Map<String, Long> byHour = new HashMap<>();
    Map<String, Long> byDay = new HashMap<>();
    long inside = 0;
    long total = 0;
    for (MissRow r : rows) {
      byProvider.merge(
          r.provider() == null ? "(device not in devices)" : r.provider(), r.count(), Long::sum);
      if (r.srv() != null) {
        bySrv.merge(r.srv(), r.count(), Long::sum);
      }
      ZonedDateTime t = Instant.ofEpochSecond(r.epochHour() * 3600L).atZone(ReportingMonth.UK);
      byHour.merge(String.format(java.util.Locale.ROOT, "%02d", t.getHour()), r.count(), Long::sum);
      byDay.merge(t.toLocalDate().toString(), r.count(), Long::sum);
      total += r.count();
      if (r.inIncident()) {
        inside += r.count();
      }
    }
    List<Explanation.Breakdown> breakdowns = new ArrayList<>();
    breakdowns.add(breakdown("provider", byProvider));
    if (measure.calculation() != Calculation.ALERT_DELIVERY_TIME) {
      breakdowns.add(breakdown("srv", bySrv));
    }
    breakdowns.add(breakdown("hour_of_day", byHour));
    breakdowns.add(breakdown("day", byDay));
    BigDecimal share =
        total == 0
            ? null
            : BigDecimal.valueOf(inside * 100)
                .divide(BigDecimal.valueOf(total), 2, RoundingMode.HALF_UP);
    return new Explanation(month, all, misses, breakdowns, inside, share, List.of());
  }

  private Explanation explainIncidents(
      RuleSet ruleSet,
      MeasureDefinition measure,
      ReportingMonth month,
      MeasureResult all,
      BigDecimal misses) {
    List<String> missed = new ArrayList<>();
    incidentTally(ruleSet, measure, month, missed);
    return new Explanation(month, all, misses, List.of(), null, null, missed);
  }

  private Explanation explainAvailability(
      MeasureDefinition measure, ReportingMonth month, MeasureResult all, BigDecimal misses) {
    Availability a = availability(measure, month);
    List<String> details = new ArrayList<>(a.sources());
    for (Span s : a.planned()) {
      details.add(
          "planned (out of the TAP) "
              + uk(s.start())
              + " to "
              + uk(s.end())
              + ": "
              + minutes(s.length())
              + " min");
    }
    for (Span s : a.unavailable()) {
      details.add(
          "unavailable "
              + uk(s.start())
              + " to "
              + uk(s.end())
              + ": "
              + minutes(s.length())
              + " min");
    }
    return new Explanation(month, all, misses, List.of(), null, null, details);
  }

  private static Explanation.Breakdown breakdown(String by, Map<String, Long> counts) {
    List<Explanation.Count> list =
        counts.entrySet().stream()
            .map(e -> new Explanation.Count(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(Explanation.Count::misses)
                    .reversed()
                    .thenComparing(Explanation.Count::key))
            .toList();
    return new Explanation.Breakdown(by, list);
  }

  // ---- units -----------------------------------------------------------------------------

  private static String unit(Calculation calculation) {
    return switch (calculation) {
      case ON_DEMAND_RESPONSE_TIME, FUTURE_DATED_RESPONSE_TIME -> "requests";
      case ALERT_DELIVERY_TIME -> "alerts";
      case INCIDENT_RESOLUTION -> "incidents";
      case SERVICE_AVAILABILITY -> "minutes";
    };
  }

  /** Microseconds as minutes: whole when exact, else rounded half-up to 2 decimals. */
  static BigDecimal minutes(long micros) {
    if (micros % MINUTE_US == 0) {
      return BigDecimal.valueOf(micros / MINUTE_US);
    }
    return BigDecimal.valueOf(micros)
        .divide(BigDecimal.valueOf(MINUTE_US), 2, RoundingMode.HALF_UP);
  }

  private static String hours(long micros) {
    return BigDecimal.valueOf(micros)
        .divide(BigDecimal.valueOf(3_600_000_000L), 2, RoundingMode.HALF_UP)
        .toPlainString();
  }

  private static String uk(long micros) {
    return ReportingMonth.fromMicros(micros)
        .atZone(ReportingMonth.UK)
        .toOffsetDateTime()
        .toString();
  }
}
