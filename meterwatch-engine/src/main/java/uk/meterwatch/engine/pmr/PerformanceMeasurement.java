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
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.measure.Calculation;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.measure.MeasureContext;
import uk.meterwatch.core.measure.MeasureField;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.ExceptionRegister;
import uk.meterwatch.engine.store.Store;

/**
 * Computes the Performance Measurement Report of a month on the store: every measure of the rule
 * set in force on the month's first day, overall and per provider, with the month before and the
 * run of months below minimum. The definitions are the rule set's and the calculations' ({@link
 * Calculation}); this class runs their queries on the store, once each, and reports.
 *
 * <p>Each calculation reduces the month to a small cube in one query; all measures built on it
 * (restricted to SRVs or providers, on success or not) are sums over the cube, so a user's extra
 * measure costs no extra scan.
 */
public final class PerformanceMeasurement {
  /** How far back a run of months below minimum is followed. */
  static final int MAX_LOOKBACK_MONTHS = 120;

  private final RuleBook rules;
  private final Clock clock;
  private final SrvCatalogue catalogue;
  private final CubeSource db;
  private final boolean useSummary;
  private final Map<CubeQuery, Cube> cubes = new HashMap<>();
  private final Map<ReportingMonth, Boolean> summaryCurrent = new HashMap<>();
  private final Map<String, Map<String, Tally>> tallies = new HashMap<>();
  private final java.util.function.Supplier<List<ApprovedException>> exceptionSource;
  private List<ApprovedException> exceptions;
  private final Map<String, Excepted> excepted = new HashMap<>();

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
    this.catalogue = catalogue;
    this.db = new StoreCubes(store.connection());
    this.useSummary = useSummary;
    // The exceptions register as it stood at the end of "now"'s day (UK): the pack's --as-of.
    this.exceptionSource = () -> ExceptionRegister.asOf(store, rules, clock);
  }

  /**
   * The report from another engine's counts (docs/spark.md): the same calculations' queries run by
   * that engine, the same Java on their results.
   */
  public PerformanceMeasurement(
      CubeSource source, RuleBook rules, SrvCatalogue catalogue, Clock clock) {
    this(source, rules, catalogue, clock, List.of());
  }

  /**
   * The report from another engine's counts, leaving out what the approved exceptions given name
   * (those in force at the end of {@code clock}'s day, UK, are applied).
   */
  public PerformanceMeasurement(
      CubeSource source,
      RuleBook rules,
      SrvCatalogue catalogue,
      Clock clock,
      List<ApprovedException> exceptions) {
    this.rules = rules;
    this.clock = clock;
    this.catalogue = catalogue;
    this.db = source;
    this.useSummary = false;
    LocalDate day = ApprovedException.dayBefore(clock.instant());
    List<ApprovedException> inForce = exceptions.stream().filter(e -> e.inForceOn(day)).toList();
    this.exceptionSource = () -> inForce;
  }

  /** The approved exceptions this report applies (in force at the end of "now"'s day, UK). */
  public List<ApprovedException> exceptions() {
    if (exceptions == null) {
      exceptions =
          exceptionSource.get().stream()
              .sorted(Comparator.comparing(ApprovedException::id))
              .toList();
    }
    return exceptions;
  }

  /**
   * The approved exceptions that left something out of a month's report, each with what it left out
   * per measure line ({@code CPM1 CSP-N: 2}), in id order: the pack's list.
   */
  public List<AppliedException> applied(ReportingMonth month) {
    RuleSet ruleSet = rules.inForce(month);
    Map<String, Map<String, java.math.BigDecimal>> byException = new java.util.TreeMap<>();
    for (MeasureDefinition measure : ruleSet.measures()) {
      tallies(ruleSet, measure, month); // finds what exceptions leave out
      Excepted ex = excepted.get(key(ruleSet, measure, month));
      if (ex == null) {
        continue;
      }
      ex.amountByException.forEach(
          (id, lines) ->
              lines.forEach(
                  (line, amount) ->
                      byException
                          .computeIfAbsent(id, k -> new LinkedHashMap<>())
                          .merge(
                              ScopeTallies.ALL.equals(line)
                                  ? measure.id()
                                  : measure.id() + " " + line,
                              measure.calculation().shown(amount),
                              java.math.BigDecimal::add)));
    }
    List<AppliedException> out = new ArrayList<>();
    for (ApprovedException e : exceptions()) {
      Map<String, java.math.BigDecimal> lines = byException.get(e.id());
      if (lines != null) {
        out.add(new AppliedException(e, lines));
      }
    }
    return out;
  }

  /**
   * An approved exception applied in a month's report: what it left out of each line it touched
   * (items, or minutes for availability).
   */
  public record AppliedException(
      ApprovedException exception, Map<String, java.math.BigDecimal> leftOut) {
    public AppliedException {
      leftOut = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(leftOut));
    }
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
    MeasureDefinition measure = measure(ruleSet, month, measureId);
    MeasureResult all = results(ruleSet, measure, month).get(0);
    BigDecimal misses = all.population().subtract(all.within());
    MeasureContext context = context(ruleSet, month);
    Calculation calculation = measure.calculation();
    Optional<CubeQuery> items = calculation.items(context, measure);
    if (items.isPresent()) {
      return explainItems(
          items.get(), measure, month, all, misses, exceptedItems(ruleSet, measure, month));
    }
    List<String> details = calculation.details(cubes(measure, context), measure, context);
    return new Explanation(month, all, misses, List.of(), null, null, details);
  }

  /**
   * The population of one line of the report (a measure in a scope: {@code ALL} or a provider),
   * each member with its times and why it was within or missed, in time order; only the misses when
   * {@code missedOnly}. Requests the DCC rejected are not in it (they are not in the population).
   * The counts equal the report's: as many rows as the population (availability: as many minutes),
   * as many missed as its misses.
   */
  public List<PopulationRow> rows(
      ReportingMonth month, String measureId, String scope, boolean missedOnly) {
    RuleSet ruleSet = rules.inForce(month);
    MeasureDefinition measure = measure(ruleSet, month, measureId);
    MeasureContext context = context(ruleSet, month);
    Map<String, Tally> scopes = tallies(ruleSet, measure, month);
    String line =
        scopes.keySet().stream()
            .filter(s -> s.equalsIgnoreCase(scope))
            .findFirst()
            .orElseThrow(
                () ->
                    new MeterwatchException(
                        ErrorCode.NOT_FOUND,
                        "measure "
                            + measure.id()
                            + " has no line for scope "
                            + scope
                            + " in "
                            + month
                            + " (its scopes: "
                            + String.join(", ", scopes.keySet())
                            + ")"));
    Calculation calculation = measure.calculation();
    Optional<CubeQuery> items = calculation.items(context, measure);
    List<PopulationRow> rows = new ArrayList<>();
    // (the tallies above found what approved exceptions leave out of this measure's month)
    if (items.isPresent()) {
      for (Object[] r : db.run(items.get()).rows()) {
        String srv = Cube.text(r, 2);
        String provider = Cube.text(r, 3);
        if (!measure.srvs().isEmpty() && !measure.srvs().contains(srv)) {
          continue;
        }
        if (!measure.providers().isEmpty()
            && (provider == null || !measure.providers().contains(provider))) {
          continue;
        }
        if (!ScopeTallies.ALL.equals(line)
            && !(measure.scopeMembers().containsKey(line)
                ? measure.scopeMembers().get(line).contains(provider)
                : line.equals(provider))) {
          continue;
        }
        rows.add(itemRow(measure, calculation, r));
      }
    } else {
      rows.addAll(calculation.rows(cubes(measure, context), measure, context));
    }
    Excepted ex = excepted.get(key(ruleSet, measure, month));
    if (ex != null) {
      rows = ex.mark(rows);
    }
    return rows.stream()
        .filter(r -> !missedOnly || r.missed())
        .sorted(Comparator.comparingLong(PopulationRow::fromUs).thenComparing(PopulationRow::item))
        .toList();
  }

  /** A request or alert of the population from its items row, with why it was within or not. */
  private static PopulationRow itemRow(
      MeasureDefinition measure, Calculation calculation, Object[] r) {
    long base = Cube.whole(r, 4);
    Long outcome = Cube.wholeOrNull(r, 5);
    long target = Cube.whole(r, 6);
    boolean inTime = Cube.flag(r, 7);
    boolean within = measure.onSuccess() ? Cube.flag(r, 8) : inTime;
    String what = calculation.outcomeName();
    String reason;
    if (outcome == null) {
      reason = calculation.noOutcome();
    } else {
      reason =
          what
              + " "
              + seconds(outcome - base)
              + " s after, target "
              + seconds(target)
              + " s"
              + (inTime ? "" : ": late")
              + (inTime && !within ? ": in time but its code is not I0" : "");
    }
    return new PopulationRow(
        Cube.text(r, 0),
        Cube.text(r, 3),
        Cube.text(r, 2),
        Cube.text(r, 1),
        base,
        outcome,
        base + target,
        null,
        within ? PopulationRow.Result.WITHIN : PopulationRow.Result.MISSED,
        reason);
  }

  private static String seconds(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros().toPlainString();
  }

  /**
   * A device measure of a month per (area, provider) of the devices: the measure's own population,
   * filters and outcome, counted per cell from its items; absent values are null. For the regional
   * analysis (docs/analysis.md).
   */
  public Map<List<String>, Tally> talliesByArea(ReportingMonth month, String measureId) {
    RuleSet ruleSet = rules.inForce(month);
    MeasureDefinition measure = measure(ruleSet, month, measureId);
    Calculation calculation = measure.calculation();
    Optional<CubeQuery> items = calculation.items(context(ruleSet, month), measure);
    if (!calculation.fields().contains(MeasureField.PROVIDERS) || items.isEmpty()) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "measure "
              + measure.id()
              + " counts "
              + calculation.unit()
              + ", not requests or alerts of devices: it has no areas");
    }
    // The device's area from its row loaded last.
    Cube cells =
        db.run(
            new CubeQuery(
                "WITH e AS ("
                    + items.get().sql()
                    + ") SELECT dv.area, e.srv, e.provider, e.in_time, e.success, count(*) AS n"
                    + " FROM e LEFT JOIN (SELECT device_id, area FROM (SELECT device_id, area,"
                    + " row_number() OVER (PARTITION BY device_id ORDER BY load_id DESC,"
                    + " line DESC) AS version FROM ${devices}) d WHERE version = 1) dv"
                    + " ON dv.device_id = e.device_id GROUP BY 1, 2, 3, 4, 5",
                items.get().params()));
    Map<List<String>, Tally> out = new LinkedHashMap<>();
    for (Object[] r : cells.rows()) {
      String srv = Cube.text(r, 1);
      String provider = Cube.text(r, 2);
      if (!measure.srvs().isEmpty() && !measure.srvs().contains(srv)) {
        continue;
      }
      if (!measure.providers().isEmpty()
          && (provider == null || !measure.providers().contains(provider))) {
        continue;
      }
      boolean within = measure.onSuccess() ? Cube.flag(r, 4) : Cube.flag(r, 3);
      long n = Cube.whole(r, 5);
      out.merge(
          java.util.Arrays.asList(Cube.text(r, 0), provider),
          new Tally(within ? n : 0, n),
          Tally::plus);
    }
    return out;
  }

  private static MeasureDefinition measure(RuleSet ruleSet, ReportingMonth month, String id) {
    return ruleSet
        .measure(id)
        .orElseThrow(
            () ->
                new MeterwatchException(
                    ErrorCode.NOT_FOUND,
                    "no measure "
                        + id
                        + " in the rule set in force for "
                        + month
                        + " ("
                        + ruleSet.name()
                        + ")"));
  }

  private List<MeasureResult> results(
      RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month) {
    Map<String, Tally> current = tallies(ruleSet, measure, month);
    Map<String, Tally> previous = talliesOf(month.previous(), measure.id()).orElse(Map.of());
    Calculation calculation = measure.calculation();
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
      out.add(
          new MeasureResult(
              measure.id(),
              scope,
              measure.name(),
              calculation,
              calculation.unit(),
              tally.value(),
              measure.target(),
              measure.minimum(),
              status,
              calculation.shown(tally.within()),
              calculation.shown(tally.population()),
              run,
              run >= ruleSet.persistenceThreshold(),
              before == null ? null : before.value(),
              measure.definition(),
              measure.source(),
              calculation.rejectsRequests() ? tally.rejected() : null,
              calculation.shown(tally.excepted()),
              exceptionIds(ruleSet, measure, month, scope)));
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

  private Optional<RuleSet> ruleSetOn(LocalDate day) {
    try {
      return Optional.of(rules.inForceOn(day));
    } catch (MeterwatchException e) {
      return Optional.empty(); // before the earliest rule set
    }
  }

  private MeasureContext context(RuleSet ruleSet, ReportingMonth month) {
    return new MeasureContext(
        month, ruleSet, catalogue, ReportingMonth.micros(clock.instant()), this::ruleSetOn);
  }

  private static String key(RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month) {
    return month + "|" + ruleSet.source() + "|" + ruleSet.effectiveFrom() + "|" + measure.id();
  }

  /**
   * Tallies of a measure for a month: ALL first, then each further scope; what approved exceptions
   * name is left out.
   */
  Map<String, Tally> tallies(RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month) {
    String key = key(ruleSet, measure, month);
    Map<String, Tally> cached = tallies.get(key);
    if (cached != null) {
      return cached;
    }
    MeasureContext context = context(ruleSet, month);
    Calculation calculation = measure.calculation();
    Map<String, Tally> result = calculation.evaluate(cubes(measure, context), measure, context);
    List<ApprovedException> applicable =
        exceptions().stream().filter(e -> e.appliesTo(measure.id())).toList();
    if (!applicable.isEmpty()) {
      Excepted ex = except(applicable, measure, context);
      if (!ex.isEmpty()) {
        excepted.put(key, ex);
        Map<String, Tally> less = new LinkedHashMap<>();
        Map<String, Tally> out = ex.tallies.result();
        result.forEach((scope, t) -> less.put(scope, t.plus(out.getOrDefault(scope, Tally.EMPTY))));
        result = less;
      }
    }
    tallies.put(key, result);
    return result;
  }

  private List<String> exceptionIds(
      RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month, String scope) {
    Excepted ex = excepted.get(key(ruleSet, measure, month));
    if (ex == null) {
      return List.of();
    }
    List<String> ids = new ArrayList<>();
    ex.amountByException.forEach(
        (id, lines) -> {
          if (lines.containsKey(scope)) {
            ids.add(id);
          }
        });
    return ids;
  }

  /**
   * What approved exceptions leave out of a measure's month, found with no code per calculation:
   * for a calculation over items, its items query restricted to the ids the exceptions list; for
   * the others, its population rows (each incident; the pieces of the Target Availability Period),
   * by id, or the time of a piece inside an excepted period. Each item is left out of the lines it
   * counted in, by the first exception (in id order) that names it in scope.
   */
  private Excepted except(
      List<ApprovedException> applicable, MeasureDefinition measure, MeasureContext context) {
    Calculation calculation = measure.calculation();
    Excepted ex = new Excepted(measure);
    List<ApprovedException> byItems =
        applicable.stream().filter(e -> !e.coversPeriod() && !e.items().isEmpty()).toList();
    List<ApprovedException> byPeriod =
        applicable.stream().filter(ApprovedException::coversPeriod).toList();
    List<PopulationRow> rows = null;
    if (!byItems.isEmpty()) {
      java.util.Set<String> ids = new java.util.TreeSet<>();
      byItems.forEach(e -> ids.addAll(e.items()));
      Optional<CubeQuery> items = calculation.items(context, measure);
      List<PopulationRow> named = new ArrayList<>();
      if (items.isPresent()) {
        Map<String, Object> params = new LinkedHashMap<>(items.get().params());
        params.put("excepted_items", List.copyOf(ids));
        CubeQuery q =
            new CubeQuery(
                "SELECT * FROM ("
                    + items.get().sql()
                    + ") named"
                    + " WHERE named.item_id IN (:excepted_items)",
                params);
        for (Object[] r : db.run(q).rows()) {
          named.add(itemRow(measure, calculation, r));
        }
      } else {
        rows = calculation.rows(cubes(measure, context), measure, context);
        for (PopulationRow r : rows) {
          if (r.minutes() == null && ids.contains(r.item())) {
            named.add(r);
          }
        }
      }
      named.sort(Comparator.comparing(PopulationRow::item));
      for (PopulationRow r : named) {
        List<String> lines = ScopeTallies.lines(measure, r.srv(), r.provider());
        if (lines.isEmpty()) {
          continue; // not in this measure's population (its SRVs or providers)
        }
        for (ApprovedException e : byItems) {
          if (e.items().contains(r.item()) && e.inScope(lines, r.provider())) {
            ex.item(e, r, lines);
            break;
          }
        }
      }
    }
    if (!byPeriod.isEmpty()) {
      if (rows == null) {
        rows = calculation.rows(cubes(measure, context), measure, context);
      }
      for (PopulationRow r : rows) {
        if (r.minutes() == null || r.outcomeUs() == null) {
          continue; // periods apply to time (availability), not to items
        }
        List<String> lines = ScopeTallies.lines(measure, r.srv(), r.provider());
        if (lines.isEmpty()) {
          continue;
        }
        // Each microsecond once, by the first exception (in id order) covering it.
        for (ApprovedException e : byPeriod) {
          if (!e.inScope(lines, r.provider())) {
            continue;
          }
          long from = Math.max(r.fromUs(), ReportingMonth.micros(e.periodFrom()));
          long to = Math.min(r.outcomeUs(), ReportingMonth.micros(e.periodTo()));
          ex.piece(e, r, lines, from, to);
        }
      }
    }
    return ex;
  }

  /** What approved exceptions left out of one measure's month. */
  private static final class Excepted {
    final ScopeTallies tallies;

    /** Exception id -> line -> items (or microseconds) it left out. */
    final Map<String, Map<String, Long>> amountByException = new java.util.TreeMap<>();

    /** Item id -> the exception that left it out. */
    final Map<String, ApprovedException> items = new HashMap<>();

    /** Time left out, by exception: the spans already taken (no microsecond twice). */
    final List<ExceptedSpan> spans = new ArrayList<>();

    record ExceptedSpan(ApprovedException exception, long from, long to) {}

    Excepted(MeasureDefinition measure) {
      this.tallies = new ScopeTallies(measure);
    }

    boolean isEmpty() {
      return amountByException.isEmpty();
    }

    void item(ApprovedException e, PopulationRow r, List<String> lines) {
      items.put(r.item(), e);
      tallies.except(r.srv(), r.provider(), r.result() == PopulationRow.Result.WITHIN, 1);
      count(e, lines, 1);
    }

    /** Leaves out [from, to) of a time row, less what an earlier exception already took. */
    void piece(ApprovedException e, PopulationRow r, List<String> lines, long from, long to) {
      List<uk.meterwatch.core.measure.Intervals.Span> free =
          List.of(new uk.meterwatch.core.measure.Intervals.Span(from, to));
      List<uk.meterwatch.core.measure.Intervals.Span> taken = new ArrayList<>();
      for (ExceptedSpan s : spans) {
        taken.add(new uk.meterwatch.core.measure.Intervals.Span(s.from(), s.to()));
      }
      for (uk.meterwatch.core.measure.Intervals.Span s :
          uk.meterwatch.core.measure.Intervals.minus(
              free, uk.meterwatch.core.measure.Intervals.union(taken))) {
        if (s.length() == 0) {
          continue;
        }
        spans.add(new ExceptedSpan(e, s.start(), s.end()));
        tallies.except(
            r.srv(), r.provider(), r.result() == PopulationRow.Result.WITHIN, s.length());
        count(e, lines, s.length());
      }
    }

    private void count(ApprovedException e, List<String> lines, long amount) {
      Map<String, Long> byLine =
          amountByException.computeIfAbsent(e.id(), k -> new LinkedHashMap<>());
      for (String line : lines) {
        byLine.merge(line, amount, Long::sum);
      }
    }

    /** The rows of a line with what was left out marked EXCEPTED (time rows cut at its ends). */
    List<PopulationRow> mark(List<PopulationRow> rows) {
      List<PopulationRow> out = new ArrayList<>();
      for (PopulationRow r : rows) {
        ApprovedException e = items.get(r.item());
        if (r.minutes() == null && e != null) {
          out.add(r.excepted(r.fromUs(), r.fromUs(), why(e)));
          continue;
        }
        if (r.minutes() == null || r.outcomeUs() == null || spans.isEmpty()) {
          out.add(r);
          continue;
        }
        long cursor = r.fromUs();
        List<ExceptedSpan> inside =
            spans.stream()
                .filter(s -> s.from() < r.outcomeUs() && s.to() > r.fromUs())
                .sorted(Comparator.comparingLong(ExceptedSpan::from))
                .toList();
        for (ExceptedSpan s : inside) {
          long from = Math.max(s.from(), r.fromUs());
          long to = Math.min(s.to(), r.outcomeUs());
          if (from > cursor) {
            out.add(r.piece(cursor, from));
          }
          out.add(r.excepted(from, to, why(s.exception())));
          cursor = to;
        }
        if (cursor < r.outcomeUs()) {
          out.add(cursor == r.fromUs() ? r : r.piece(cursor, r.outcomeUs()));
        }
      }
      return out;
    }

    private static String why(ApprovedException e) {
      return "excepted by " + e.id() + ": " + e.reason();
    }
  }

  /** The items approved exceptions left out of a measure's month (item id -> exception id). */
  private Map<String, ApprovedException> exceptedItems(
      RuleSet ruleSet, MeasureDefinition measure, ReportingMonth month) {
    tallies(ruleSet, measure, month);
    Excepted ex = excepted.get(key(ruleSet, measure, month));
    return ex == null ? Map.of() : ex.items;
  }

  /**
   * The cubes of a calculation for a month: from the summary the store keeps when the calculation
   * has one and it is current, else from the rows; each query runs once per report.
   */
  private List<Cube> cubes(MeasureDefinition measure, MeasureContext context) {
    Calculation calculation = measure.calculation();
    List<CubeQuery> queries = calculation.cube(context, measure);
    if (useSummary) {
      Optional<List<CubeQuery>> summary = calculation.fromSummary(context, measure);
      if (summary.isPresent() && summaryCurrent(context.month())) {
        queries = summary.get();
      }
    }
    List<Cube> out = new ArrayList<>();
    for (CubeQuery q : queries) {
      out.add(cubes.computeIfAbsent(q, db::run));
    }
    return out;
  }

  private boolean summaryCurrent(ReportingMonth month) {
    return summaryCurrent.computeIfAbsent(month, db::summaryCurrent);
  }

  // ---- explanations ----------------------------------------------------------------------

  /**
   * The misses of a measure over items, grouped by provider, SRV, UTC hour and whether the item's
   * instant lies inside an incident's window [opened_at, resolved_at or now).
   */
  private Explanation explainItems(
      CubeQuery items,
      MeasureDefinition measure,
      ReportingMonth month,
      MeasureResult all,
      BigDecimal misses,
      Map<String, ApprovedException> excepted) {
    Map<String, Object> params = new LinkedHashMap<>(items.params());
    StringBuilder sql = new StringBuilder("WITH evaluated AS (").append(items.sql()).append(')');
    sql.append(
        ", windows AS (SELECT opened_us, coalesce(resolved_us, :explain_now_us) AS end_us"
            + " FROM (SELECT opened_us, resolved_us, row_number() OVER (PARTITION BY incident_id"
            + " ORDER BY load_id DESC, line DESC) AS version FROM ${incidents}) latest"
            + " WHERE version = 1)");
    params.put("explain_now_us", ReportingMonth.micros(clock.instant()));
    sql.append(
        " SELECT e.provider, e.srv, CAST(floor(e.base_us / 3600000000) AS BIGINT) AS h,"
            + " EXISTS (SELECT 1 FROM windows w WHERE e.base_us >= w.opened_us"
            + " AND e.base_us < w.end_us) AS inside, count(*) AS n"
            + " FROM evaluated e WHERE NOT ");
    sql.append(measure.onSuccess() ? "e.success" : "e.in_time");
    if (!measure.srvs().isEmpty()) {
      sql.append(" AND e.srv IN (:explain_srvs)");
      params.put("explain_srvs", measure.srvs());
    }
    if (!measure.providers().isEmpty()) {
      sql.append(" AND e.provider IN (:explain_providers)");
      params.put("explain_providers", measure.providers());
    }
    if (!excepted.isEmpty()) {
      // Left out by approved exceptions: not misses.
      sql.append(" AND e.item_id NOT IN (:explain_excepted)");
      params.put("explain_excepted", List.copyOf(new java.util.TreeSet<>(excepted.keySet())));
    }
    sql.append(" GROUP BY 1, 2, 3, 4");
    Cube rows = db.run(new CubeQuery(sql.toString(), params));
    Map<String, Long> byProvider = new HashMap<>();
    Map<String, Long> bySrv = new HashMap<>();
    Map<String, Long> byHour = new HashMap<>();
    Map<String, Long> byDay = new HashMap<>();
    long inside = 0;
    long total = 0;
    for (Object[] r : rows.rows()) {
      String provider = Cube.text(r, 0);
      String srv = Cube.text(r, 1);
      long count = Cube.whole(r, 4);
      byProvider.merge(provider == null ? "(device not in devices)" : provider, count, Long::sum);
      if (srv != null) {
        bySrv.merge(srv, count, Long::sum);
      }
      ZonedDateTime t = Instant.ofEpochSecond(Cube.whole(r, 2) * 3600L).atZone(ReportingMonth.UK);
      byHour.merge(String.format(java.util.Locale.ROOT, "%02d", t.getHour()), count, Long::sum);
      byDay.merge(t.toLocalDate().toString(), count, Long::sum);
      total += count;
      if (Cube.flag(r, 3)) {
        inside += count;
      }
    }
    List<Explanation.Breakdown> breakdowns = new ArrayList<>();
    if (measure.calculation().fields().contains(MeasureField.PROVIDERS)) {
      // Items of devices only: an SMKI request has no device, so no provider to break down by.
      breakdowns.add(breakdown("provider", byProvider));
    }
    if (measure.calculation().fields().contains(MeasureField.SRVS)) {
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
}
