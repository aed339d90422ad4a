package uk.meterwatch.report.pack;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.architecture.ComponentTally;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.analysis.AreaEvents;
import uk.meterwatch.engine.analysis.Counts;
import uk.meterwatch.engine.analysis.EventStudy;
import uk.meterwatch.engine.analysis.Glidepath;
import uk.meterwatch.engine.analysis.GlidepathStore;
import uk.meterwatch.engine.analysis.Level;
import uk.meterwatch.engine.analysis.RegionalData;
import uk.meterwatch.engine.analysis.Scope;
import uk.meterwatch.engine.analysis.Subject;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.Bucket;
import uk.meterwatch.engine.bpi.MonthOnMonth;
import uk.meterwatch.engine.bpi.ProcessIndicators;
import uk.meterwatch.engine.bpi.Split;
import uk.meterwatch.engine.bpi.SplitBy;
import uk.meterwatch.engine.bpi.UseCase;
import uk.meterwatch.engine.pmr.Explanation;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.pmr.ServiceLevelStatus;
import uk.meterwatch.engine.regional.ProviderShares;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.IncidentMapQuery;
import uk.meterwatch.engine.registers.IncidentTrend;
import uk.meterwatch.engine.registers.RdpIncidents;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.RegistersAsOf;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.registers.Risk;
import uk.meterwatch.engine.store.DataCoverage;
import uk.meterwatch.engine.store.KnownUsers;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.report.map.IncidentMapSvg;

/**
 * Gathers the pack's plain data from the engines (PMR, BPI, registers, the store's load records):
 * the only class of the pack that knows the engines, so the rest of the pack ({@link Pack}, {@link
 * PackHtml}) stays engine-free. The CLI's {@code report} and the web's download both call it.
 */
public final class PackAssembler {
  public static final int TREND_MONTHS = 12;
  private static final ZoneId UK = ReportingMonth.UK;
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.UK).withZone(UK);

  /** The pack and the aliases that a CLEAR pack applies to every text. */
  public record Assembled(Pack pack, Anonymiser anonymiser) {}

  /**
   * How a pack is made.
   *
   * @param asOf the registers as they stood at the end of this day (UK time); overdue is judged on
   *     it, and the engines' "now" is the end of it
   * @param sections the sections in the order printed ({@link PackSection} ids)
   */
  public record Options(LocalDate asOf, List<String> sections) {
    public Options {
      sections = List.copyOf(sections);
    }
  }

  /** The months the incident trend and map cover, the pack's month the last. */
  static final int MAP_MONTHS = 12;

  private final Store store;
  private final RuleBook book;
  private final Clock clock;

  public PackAssembler(Store store, RuleBook book, Clock clock) {
    this.store = store;
    this.book = book;
    this.clock = clock;
  }

  /** The pack of a month as of today (UK time), sections in the operations group's order. */
  public Assembled assemble(ReportingMonth month, String classification, boolean anonymise) {
    return assemble(
        month, classification, anonymise, new Options(defaultAsOf(clock), PackSection.OPSG_AGENDA));
  }

  /**
   * The default as-of date: today (UK time), the day the pack is made; a pack made again later
   * gives its date to say the same ({@code report --as-of}).
   */
  public static LocalDate defaultAsOf(Clock clock) {
    return LocalDate.now(clock.withZone(UK));
  }

  /**
   * The pack of a month as of a day. The as-of day may not be after today (the registers cannot say
   * yet), nor before the month's last day (the month would not be over) unless it is today: a month
   * not yet over is packed as it stands so far.
   */
  public Assembled assemble(
      ReportingMonth month, String classification, boolean anonymise, Options options) {
    LocalDate asOf = options.asOf();
    LocalDate last = month.next().firstDay().minusDays(1);
    LocalDate today = LocalDate.now(clock.withZone(UK));
    if (asOf.isBefore(last) && !asOf.equals(today)) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "as of "
              + asOf
              + " the month "
              + month
              + " was not over: give a date from "
              + last
              + " on");
    }
    if (asOf.isAfter(today)) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "as of " + asOf + " is after today (" + today + ")");
    }
    // Every engine judges "now" at the end of the as-of day: the same pack whenever it is made.
    Clock then = Clock.fixed(asOf.plusDays(1).atStartOfDay(UK).toInstant(), UK);
    RuleSet rules = book.inForce(month);
    List<String> omitted = new ArrayList<>();
    Pack.Cover cover = cover(month, classification, asOf);
    Pack.Performance performance = performance(month, then);
    BpiReport bpi = new BpiCalculator(store, rules).compute(month);
    Map<String, MonthOnMonth> changes = MonthOnMonth.of(store, book, bpi);
    Pack.Regional regional = regional(month);
    Registers registers = new Registers(store, book, then);
    RegistersAsOf asOfRegisters = RegistersAsOf.of(registers, asOf);
    List<Incident> incidentsThen = asOfRegisters.incidents();
    Pack.Incidents incidents = incidents(registers, asOfRegisters, incidentsThen, rules, month);
    Pack.Risks risks = risks(asOfRegisters, rules);
    List<Pack.ActionLine> actions = actions(asOfRegisters, month);
    RdpIncidents.Report rdp = new RdpIncidents(store).report(month, asOfRegisters.end());
    Anonymiser anonymiser =
        anonymise ? Anonymiser.of(bpi.userIds(), KnownUsers.of(store)) : Anonymiser.none();
    Pack pack =
        new Pack(
            cover,
            rules,
            options.sections(),
            performance,
            bpi.processes().stream()
                .map(p -> process(p, changes.get(p.process()), month.previous()))
                .toList(),
            regional,
            incidents,
            risks,
            actions,
            rdp(rdp),
            omitted,
            glidepaths(month, rules, asOfRegisters.end()));
    return new Assembled(pack, anonymiser);
  }

  // ---- cover -----------------------------------------------------------------------------------

  private static final DateTimeFormatter MADE_TIME =
      DateTimeFormatter.ofPattern("HH:mm z", Locale.UK).withZone(UK);

  private Pack.Cover cover(ReportingMonth month, String classification, LocalDate asOf) {
    DataCoverage.Loads loads = DataCoverage.loads(store);
    DataCoverage.Month traffic = DataCoverage.month(store, month);
    return new Pack.Cover(
        month.toString(),
        classification,
        asOf,
        PackDocument.day(clock.instant().atZone(UK).toLocalDate())
            + " "
            + MADE_TIME.format(clock.instant()),
        loads.loads(),
        loads.rowsLoaded(),
        loads.rowsQuarantined(),
        traffic.requests(),
        traffic.gaps());
  }

  // ---- PMR -------------------------------------------------------------------------------------

  /**
   * The PMR section as of now: every line, the misses explained, 12-month trends (the web's
   * overview).
   */
  public Pack.Performance performance(ReportingMonth month) {
    return performance(month, clock);
  }

  private Pack.Performance performance(ReportingMonth month, Clock then) {
    PerformanceMeasurement pmr =
        new PerformanceMeasurement(store, book, SrvCatalogue.standard(), then);
    PerformanceReport report = pmr.report(month);
    List<Pack.MeasureLine> lines = report.measures().stream().map(PackAssembler::line).toList();
    List<Pack.Miss> misses = new ArrayList<>();
    for (MeasureResult r : report.measures()) {
      if (MeasureResult.ALL.equals(r.scope())
          && (r.status() == ServiceLevelStatus.BELOW_TARGET
              || r.status() == ServiceLevelStatus.BELOW_MINIMUM)) {
        misses.add(new Pack.Miss(r.id(), sentence(pmr.explain(month, r.id()))));
      }
    }
    // Trends: the same engine month by month; a month before any data has no value.
    List<ReportingMonth> months = new ArrayList<>();
    ReportingMonth m = month;
    for (int i = 0; i < TREND_MONTHS; i++) {
      months.add(0, m);
      m = m.previous();
    }
    Map<String, Map<String, BigDecimal>> values = new LinkedHashMap<>();
    for (MeasureResult r : report.measures()) {
      values.put(r.label(), new TreeMap<>());
    }
    for (ReportingMonth each : months) {
      PerformanceReport past = each.equals(month) ? report : pmr.report(each);
      for (MeasureResult r : past.measures()) {
        Map<String, BigDecimal> series = values.get(r.label());
        if (series != null && r.value() != null) {
          series.put(each.toString(), r.value());
        }
      }
    }
    List<Pack.Trend> trends = new ArrayList<>();
    for (MeasureResult r : report.measures()) {
      Map<String, BigDecimal> series = values.get(r.label());
      List<Pack.Point> points =
          months.stream()
              .map(each -> new Pack.Point(each.toString(), series.get(each.toString())))
              .toList();
      trends.add(new Pack.Trend(r.id(), r.scope(), r.target(), r.minimum(), points));
    }
    List<Pack.ExceptionApplied> applied = new ArrayList<>();
    Map<String, String> units = new LinkedHashMap<>();
    for (MeasureResult r : report.measures()) {
      units.put(r.label(), r.unit());
    }
    for (PerformanceMeasurement.AppliedException a : pmr.applied(month)) {
      List<String> leftOut = new ArrayList<>();
      a.leftOut()
          .forEach(
              (line, amount) ->
                  leftOut.add(
                      line + ": " + amount.toPlainString() + " " + units.getOrDefault(line, "")));
      applied.add(
          new Pack.ExceptionApplied(
              a.exception().id(),
              a.exception().reason(),
              a.exception().approvedBy(),
              a.exception().approvedOn(),
              leftOut));
    }
    return new Pack.Performance(lines, misses, trends, applied);
  }

  static Pack.MeasureLine line(MeasureResult r) {
    return new Pack.MeasureLine(
        r.id(),
        r.scope(),
        r.name(),
        r.unit(),
        r.value(),
        r.target(),
        r.minimum(),
        Pack.Status.valueOf(r.status().name()),
        r.previousValue(),
        r.within(),
        r.population(),
        r.consecutiveBelowMinimum(),
        r.nonCompliance() && !r.local(),
        r.rejected(),
        r.local());
  }

  /** One sentence from the PMR's explain: how many missed, and the largest sources. */
  static String sentence(Explanation e) {
    MeasureResult r = e.result();
    StringBuilder s = new StringBuilder();
    // "1 of 4 incidents missed": the unit goes with the population, singular for one.
    String unit = r.unit();
    if (r.population().compareTo(BigDecimal.ONE) == 0 && unit.endsWith("s")) {
      unit = unit.substring(0, unit.length() - 1);
    }
    s.append(e.misses().stripTrailingZeros().toPlainString())
        .append(" of ")
        .append(r.population().stripTrailingZeros().toPlainString())
        .append(' ')
        .append(unit)
        .append(" missed");
    List<String> tops = new ArrayList<>();
    for (Explanation.Breakdown b : e.breakdowns()) {
      if (!b.counts().isEmpty() && List.of("provider", "srv", "day").contains(b.by())) {
        Explanation.Count top = b.counts().get(0);
        tops.add(
            "by "
                + (b.by().equals("srv") ? "SRV" : b.by().replace('_', ' '))
                + " mostly "
                + breakdownKey(b.by(), top.key())
                + " ("
                + top.misses()
                + ")");
      }
    }
    if (!tops.isEmpty()) {
      s.append("; ").append(String.join(", ", tops));
    }
    if (e.missesInIncidentWindows() != null && e.incidentWindowShare() != null) {
      s.append("; ")
          .append(e.incidentWindowShare().toPlainString())
          .append(" % of them inside incident windows");
    }
    if (!e.details().isEmpty()) {
      s.append(". ")
          .append(String.join("; ", e.details().subList(0, Math.min(3, e.details().size()))));
    }
    return s.append('.').toString();
  }

  // ---- BPI -------------------------------------------------------------------------------------

  /** A breakdown's key as a reader names it: an SRV with its name, a provider by its name. */
  static String breakdownKey(String by, String key) {
    return switch (by) {
      case "srv" -> Names.srv(key);
      case "provider" -> Names.provider(key);
      default -> key;
    };
  }

  // ---- BPI -------------------------------------------------------------------------------------

  /** The most Users and causes shown as moving a process. */
  static final int MOVERS = 3;

  static Pack.Change change(MonthOnMonth c, ReportingMonth previous) {
    List<Pack.Mover> users =
        c.users().stream()
            .limit(MOVERS)
            .map(
                u ->
                    new Pack.Mover(
                        u.userId(),
                        u.previousTransactions() == 0
                            ? "none"
                            : String.format(
                                Locale.UK,
                                "%,d at %.2f %%",
                                u.previousTransactions(),
                                u.previousSuccessRate()),
                        u.transactions() == 0
                            ? "none"
                            : String.format(
                                Locale.UK, "%,d at %.2f %%", u.transactions(), u.successRate()),
                        u.contributionPoints()))
            .toList();
    List<Pack.Mover> causes =
        c.causes().stream()
            .limit(MOVERS)
            .map(
                k ->
                    new Pack.Mover(
                        Names.part(k.cause()),
                        String.format(Locale.UK, "%.2f %%", k.previousShare()),
                        String.format(Locale.UK, "%.2f %%", k.share()),
                        k.contributionPoints()))
            .toList();
    return new Pack.Change(
        previous.toString(),
        c.previousTransactions(),
        c.previousSuccessRate(),
        c.changePoints(),
        users,
        causes);
  }

  static Pack.BpiProcess process(ProcessIndicators p) {
    return process(p, null, null);
  }

  /** A process's indicators as the pack shows them (names for codes), month on month if given. */
  public static Pack.BpiProcess process(
      ProcessIndicators p, MonthOnMonth change, ReportingMonth previous) {
    Map<String, Long> buckets = new LinkedHashMap<>();
    for (Bucket b : Bucket.values()) {
      buckets.put(bucketName(b), p.bucket(b));
    }
    Map<String, Long> useCases = new LinkedHashMap<>();
    for (UseCase u : UseCase.values()) {
      useCases.put(u.name(), p.useCases().getOrDefault(u, 0L));
    }
    var t = p.timeToSuccess();
    return new Pack.BpiProcess(
        p.process(),
        p.transactions(),
        p.requests(),
        p.retries(),
        p.duplicates(),
        p.successes(),
        p.successRate(),
        p.requestSuccessRate(),
        buckets,
        new TreeMap<>(p.otherFailureCodes()),
        new Pack.TimeToSuccess(
            t.successes(),
            t.medianS(),
            t.p95S(),
            t.withinTarget(),
            t.within1h(),
            t.within24h(),
            t.over24h()),
        p.users().stream()
            .map(
                u ->
                    new Pack.UserLine(
                        u.userId(),
                        u.transactions(),
                        u.successes(),
                        u.successRate(),
                        u.requests(),
                        u.duplicates(),
                        u.flagged()))
            .toList(),
        useCases,
        p.slowSuccessHours(),
        slowByName(p),
        p.timelySuccessRate(),
        splits(p),
        change == null ? null : change(change, previous));
  }

  private static Map<String, Long> slowByName(ProcessIndicators p) {
    Map<String, Long> out = new LinkedHashMap<>();
    p.slowSuccesses().forEach((b, n) -> out.put(bucketName(b), n));
    return out;
  }

  /** The splits with their parts named for the reader; a split with no part left out. */
  static Map<String, List<Pack.SplitLine>> splits(ProcessIndicators p) {
    Map<String, List<Pack.SplitLine>> out = new LinkedHashMap<>();
    for (SplitBy by : SplitBy.values()) {
      Map<String, Split> parts = p.split(by);
      if (parts.isEmpty() || parts.values().stream().allMatch(x -> x.transactions() == 0)) {
        continue;
      }
      String title =
          switch (by) {
            case SMETS -> "SMETS generation";
            case COHORT -> "SMETS1 cohort";
            case REGION -> "Region";
            case USE_CASE -> "Use case";
            case SRV -> "SRV";
          };
      List<Pack.SplitLine> lines = new ArrayList<>();
      parts.forEach(
          (part, x) ->
              lines.add(
                  new Pack.SplitLine(
                      switch (by) {
                        case REGION -> Names.region(part);
                        case SRV -> Names.srv(part);
                        default -> Names.part(part);
                      },
                      x.transactions(),
                      x.successes(),
                      x.successRate(),
                      x.slowSuccesses())));
      out.put(title, lines);
    }
    return out;
  }

  public static String bucketName(Bucket b) {
    return switch (b) {
      case FIRST_TIME_SUCCESS -> "First-time success";
      case RETRY_SUCCESS -> "Re-try success";
      case SUBSEQUENT_SUCCESS -> "Subsequent success";
      case PENDING -> "Pending";
      case INCORRECT_CERTIFICATE -> "Incorrect certificate";
      case COMMUNICATING -> "Communicating";
      case NON_COMMUNICATING -> "Non-communicating";
      case OTHER_FAILURE -> "Other failure";
    };
  }

  // ---- glidepaths ------------------------------------------------------------------------------

  /** The pack's glidepath when none is saved: the minutes' 97.5 % by December. */
  static final double DEFAULT_TARGET = 97.5;

  /** The months the default glidepath is fitted to: the pack's month and those before it. */
  static final int DEFAULT_FIT_MONTHS = 6;

  /**
   * The glidepaths saved by the end of the as-of day whose first month is on or before the pack's
   * month, each judged through that month against its saved forecast; with none, the default: for
   * each process of the rule set with three months of data at least, national, fitted to the pack's
   * month and the five before, to {@link #DEFAULT_TARGET} % by December of the pack's year.
   */
  List<Pack.GlidepathFigure> glidepaths(ReportingMonth month, RuleSet rules, Instant asOfEnd) {
    GlidepathStore saved = new GlidepathStore(store);
    List<Pack.GlidepathFigure> out = new ArrayList<>();
    for (Glidepath g : saved.all()) {
      if (g.fitFrom().compareTo(month) <= 0
          && (g.savedAt() == null || g.savedAt().isBefore(asOfEnd))) {
        out.add(figure(g, saved.judge(g, book, month)));
      }
    }
    if (!out.isEmpty()) {
      return out;
    }
    ReportingMonth from = month;
    for (int i = 1; i < DEFAULT_FIT_MONTHS; i++) {
      from = from.previous();
    }
    ReportingMonth by = ReportingMonth.of(month.month().getYear(), 12);
    for (String process : rules.processes().keySet()) {
      Subject subject = Subject.process(process);
      RegionalData data = RegionalData.read(store, book, subject, from, month);
      List<Counts> series = data.series(Level.NATIONAL, Scope.NATIONAL.key());
      if (series.stream().filter(c -> c.rate() != null).count() < 3) {
        continue;
      }
      Glidepath g =
          Glidepath.fit(subject, Scope.NATIONAL, data.months(), series, DEFAULT_TARGET, by);
      out.add(figure(g, g.points(data.months(), series, month)));
    }
    return out;
  }

  private static Pack.GlidepathFigure figure(Glidepath g, List<Glidepath.Point> points) {
    return new Pack.GlidepathFigure(
        g.subject().kind() == Subject.Kind.PROCESS
            ? Names.process(g.subject().name())
            : g.subject().name(),
        switch (g.scope().level()) {
          case NATIONAL -> "national";
          case PROVIDER -> Names.provider(g.scope().key());
          default -> g.scope().level().name().toLowerCase(Locale.ROOT) + " " + g.scope().key();
        },
        g.name(),
        g.target(),
        g.by().toString(),
        g.fitFrom().toString(),
        g.fitTo().toString(),
        g.fit().n(),
        g.sentence(),
        Glidepath.METHOD,
        points.stream()
            .map(
                p ->
                    new Pack.GlidePoint(
                        p.month().toString(),
                        p.fitted(),
                        p.actual().rate(),
                        p.actual().total(),
                        p.expected(),
                        p.lower(),
                        p.upper(),
                        standing(p.standing())))
            .toList());
  }

  static String standing(Glidepath.Standing s) {
    return switch (s) {
      case ON_OR_ABOVE -> "On or above the line";
      case BELOW_LINE -> "Below the line, within the interval";
      case BELOW_INTERVAL -> "Below the interval";
      case ABOVE_INTERVAL -> "Above the interval";
      case NO_DATA -> "No data";
    };
  }

  // ---- regional --------------------------------------------------------------------------------

  /** Share of requests with an I0 response by region (the device's provider), month by month. */
  private Pack.Regional regional(ReportingMonth month) {
    List<ReportingMonth> months = new ArrayList<>();
    ReportingMonth m = month;
    for (int i = 0; i < TREND_MONTHS; i++) {
      months.add(0, m);
      m = m.previous();
    }
    return new Pack.Regional(
        months.stream().map(Object::toString).toList(),
        ProviderShares.i0Shares(store, months),
        areas(month, months));
  }

  /** The measure the pack's areas show (a choice, docs/pack.md): success of on-demand requests. */
  static final String AREA_MEASURE = "CPM1-S";

  /** The area event the pack studies when the store has it. */
  static final String AREA_EVENT = "3G_SUNSET";

  /**
   * Success by area over the pack's months, and whether the 3G switch-off lowered it locally (the
   * regional analysis, docs/analysis.md); null when the rule set has no {@link #AREA_MEASURE}.
   */
  private Pack.Areas areas(ReportingMonth month, List<ReportingMonth> months) {
    if (book.inForce(month).measure(AREA_MEASURE).isEmpty()) {
      return null;
    }
    RegionalData data =
        RegionalData.read(
            store,
            book,
            Subject.measure(AREA_MEASURE),
            months.get(0),
            months.get(months.size() - 1));
    Map<String, List<Double>> byArea = new LinkedHashMap<>();
    Map<String, String> regions = new LinkedHashMap<>();
    for (String area : data.keys(Level.AREA)) {
      byArea.put(area, data.series(Level.AREA, area).stream().map(Counts::rate).toList());
      regions.put(area, data.geography().region(area));
    }
    Map<String, LocalDate> events = AreaEvents.read(store, AREA_EVENT);
    Map<String, String> eventMonths = new LinkedHashMap<>();
    events.forEach(
        (area, on) -> {
          if (byArea.containsKey(area)) {
            eventMonths.put(area, ReportingMonth.of(on.getYear(), on.getMonthValue()).toString());
          }
        });
    String sentence = null;
    List<String> areaSentences = new ArrayList<>();
    if (!eventMonths.isEmpty()) {
      EventStudy.Result study = EventStudy.run(data, AREA_EVENT, events);
      sentence = study.sentence();
      for (EventStudy.AffectedArea a : study.affected()) {
        areaSentences.add(
            a.excludedWhy() != null ? a.area() + ": left out, " + a.excludedWhy() : a.sentence());
      }
    }
    String subject =
        AREA_MEASURE + " (" + book.inForce(month).measure(AREA_MEASURE).orElseThrow().name() + ")";
    return new Pack.Areas(
        subject,
        byArea,
        regions,
        eventMonths,
        AREA_EVENT,
        sentence,
        areaSentences,
        "Each panel is one area's "
            + AREA_MEASURE
            + " month by month (requests counted in the area of their device, the devices file's"
            + " area), all panels on one scale; an area reached by "
            + AREA_EVENT
            + " is drawn in red with a dashed line at its month. The verdict is a"
            + " difference-in-differences by area: each affected area's change in success from"
            + " its months before the event to its months after (the month it took effect in part"
            + " left out) minus the mean change of the unaffected areas over the same months,"
            + " tested against the unaffected areas' own (placebo) differences with Welch's"
            + " t-test; intervals are 95 % confidence intervals from Student's t with"
            + " Welch-Satterthwaite degrees of freedom. National change: one-sample t-test of the"
            + " unaffected areas' changes. A month is below an area's rate before the event when a"
            + " one-sided two-proportion z-test gives p < 0.05; the decline continued when it"
            + " fell again the next month. Details: docs/analysis.md.");
  }

  // ---- registers -------------------------------------------------------------------------------

  private Pack.Incidents incidents(
      Registers registers,
      RegistersAsOf asOf,
      List<Incident> all,
      RuleSet rules,
      ReportingMonth month) {
    Instant start = month.start();
    Instant end = month.end();
    ArchitectureModel model = model();
    List<Incident> ofMonth =
        all.stream()
            .filter(
                i ->
                    i.openedAt().isBefore(end)
                        && (i.resolvedAt() == null || !i.resolvedAt().isBefore(start)))
            .sorted(Comparator.comparing(Incident::openedAt))
            .toList();
    Function<Incident, CauseClass> cause = i -> causeThen(asOf, i);
    List<Pack.IncidentLine> lines = new ArrayList<>();
    for (Incident i : ofMonth) {
      Instant until = i.resolvedAt() == null ? asOf.end() : i.resolvedAt();
      Integer target = targetHours(rules, i);
      lines.add(
          new Pack.IncidentLine(
              i.id(),
              i.category(),
              i.title(),
              WHEN.format(i.openedAt()),
              i.resolvedAt() == null ? null : WHEN.format(i.resolvedAt()),
              Duration.between(i.openedAt(), until).toMinutes() / 60.0,
              target == null ? null : target.doubleValue(),
              i.major(),
              componentNames(model, i),
              cause.apply(i).label()));
    }
    List<ReportingMonth> months = new ArrayList<>();
    for (ReportingMonth m = month; months.size() < MAP_MONTHS; m = m.previous()) {
      months.add(0, m);
    }
    IncidentTrend trend = IncidentTrend.of(all, months);
    IncidentMap map = registers.map().run(model, months.get(0), month, all, cause);
    List<Pack.ReviewLine> reviews = new ArrayList<>();
    for (Incident i : ofMonth) {
      if (i.major()) {
        reviews.add(review(i, asOf));
      }
    }
    return new Pack.Incidents(
        lines,
        months.stream().map(Object::toString).toList(),
        trend.byCategory(),
        IncidentMapSvg.render(map),
        PackDocument.monthName(months.get(0).toString())
            + " to "
            + PackDocument.monthName(month.toString()),
        hotspots(model, map, all, asOf, months.get(0), month),
        reviews);
  }

  /**
   * The cause class the pack gives an incident: "not yet established" for a major incident whose
   * review is not published by the as-of date; the register's class otherwise (an incident that is
   * not major has no review: its class stands).
   */
  public static CauseClass causeThen(RegistersAsOf asOf, Incident i) {
    if (i.major() && asOf.publishedReview(i.id()).isEmpty()) {
      return CauseClass.NOT_YET_ESTABLISHED;
    }
    return i.causeClass();
  }

  /** The components and services an incident touched, by the model's names. */
  public static String componentNames(ArchitectureModel model, Incident i) {
    List<String> names = new ArrayList<>();
    for (String c : i.components()) {
      names.add(model.find(c).map(ArchitectureModel.Component::name).orElse(c));
    }
    for (String c : i.services()) {
      String name = model.find(c).map(ArchitectureModel.Component::name).orElse(c);
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return String.join(", ", names);
  }

  /**
   * The map's components with an incident or outage, most incidents first, each with the open
   * actions (as of the date) that name one of its incidents in their text (the id, or its number
   * without the INC and leading zeros, as the minutes write "Incident 1076111") or that the
   * incident's review lists as follow-up: the next steps.
   */
  private static List<Pack.Hotspot> hotspots(
      ArchitectureModel model,
      IncidentMap map,
      List<Incident> incidents,
      RegistersAsOf asOf,
      ReportingMonth from,
      ReportingMonth to) {
    List<Action> open = asOf.actions().stream().filter(Action::open).toList();
    Map<String, java.util.Set<String>> steps = new LinkedHashMap<>();
    Instant start = from.start();
    Instant end = to.end();
    for (Incident i : incidents) {
      if (!i.openedAt().isBefore(end)
          || (i.resolvedAt() != null && i.resolvedAt().isBefore(start))) {
        continue;
      }
      java.util.Set<String> refs = new java.util.LinkedHashSet<>();
      String number = i.id().replaceFirst("^INC0*", "");
      for (Action a : open) {
        if (a.text().contains(i.id())
            || (!number.isEmpty()
                && a.text()
                    .matches("(?s).*\\b" + java.util.regex.Pattern.quote(number) + "\\b.*"))) {
          refs.add(a.ref());
        }
      }
      asOf.reviews(i.id()).stream()
          .max(Comparator.comparingInt(Review::version))
          .ifPresent(
              r ->
                  r.actionRefs().stream()
                      .filter(ref -> open.stream().anyMatch(a -> a.ref().equals(ref)))
                      .forEach(refs::add));
      for (String c : IncidentMapQuery.componentsOf(model, i)) {
        steps.computeIfAbsent(c, k -> new java.util.TreeSet<>()).addAll(refs);
      }
    }
    Map<String, Action> byRef = new LinkedHashMap<>();
    open.forEach(a -> byRef.put(a.ref(), a));
    List<Pack.Hotspot> out = new ArrayList<>();
    for (ArchitectureModel.Component c : model.components()) {
      ComponentTally t = map.tally(c.id());
      if (t.isEmpty()) {
        continue;
      }
      List<String> causes = new ArrayList<>();
      for (CauseClass cc : CauseClass.values()) {
        if (t.incidents(cc) > 0) {
          causes.add(cc.label() + " " + t.incidents(cc));
        }
      }
      List<String> next = new ArrayList<>();
      for (String ref : steps.getOrDefault(c.id(), java.util.Set.of())) {
        Action a = byRef.get(ref);
        next.add(ref + ": " + a.text());
      }
      out.add(
          new Pack.Hotspot(
              c.name(), t.incidentCount(), t.minutes(), String.join(", ", causes), next));
    }
    out.sort(
        Comparator.comparingLong(Pack.Hotspot::incidents)
            .reversed()
            .thenComparing(Comparator.comparingLong(Pack.Hotspot::outageMinutes).reversed()));
    return out;
  }

  /**
   * An incident's Target Resolution Time, hours: that of the rule set in force on the day it opened
   * (UK), as the PMR and the incident register judge it; the month's when no rule set was in force
   * then or it has no time for the category.
   */
  private Integer targetHours(RuleSet monthRules, Incident i) {
    LocalDate opened = i.openedAt().atZone(UK).toLocalDate();
    if (!opened.isBefore(book.ruleSets().get(0).effectiveFrom())) {
      Integer hours = book.inForceOn(opened).resolutionHours().get(i.category());
      if (hours != null) {
        return hours;
      }
    }
    return monthRules.resolutionHours().get(i.category());
  }

  /** The store's architecture model when it has one (as {@code meterwatch map}), else built-in. */
  private ArchitectureModel model() {
    if (store.folder() != null) {
      var file = store.folder().resolve("architecture.yaml");
      if (Files.isRegularFile(file)) {
        try {
          return ArchitectureModel.parse(file.toString(), Files.readString(file));
        } catch (java.io.IOException e) {
          throw new MeterwatchException(
              ErrorCode.INPUT_UNREADABLE, "cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return ArchitectureModel.defaults();
  }

  /** A major incident's review as of the date: its latest published version, or its state. */
  private static Pack.ReviewLine review(Incident i, RegistersAsOf asOf) {
    List<Review> versions = asOf.reviews(i.id());
    Review r = asOf.publishedReview(i.id()).orElse(null);
    if (r == null) {
      String status =
          versions.isEmpty()
              ? "No review yet: its cause is not yet established."
              : "Not yet published: draft "
                  + versions.get(versions.size() - 1).version()
                  + " of "
                  + PackDocument.day(
                      versions.get(versions.size() - 1).createdAt().atZone(UK).toLocalDate())
                  + "; its cause is not yet established.";
      return new Pack.ReviewLine(i.id(), status, 0, "", Map.of(), null, null, List.of());
    }
    Map<String, String> rag = new LinkedHashMap<>();
    for (ReviewArea a : ReviewArea.values()) {
      rag.put(a.label(), r.rag(a) == null ? null : r.rag(a).name());
    }
    String published = r.publishedAt() == null ? "" : WHEN.format(r.publishedAt());
    return new Pack.ReviewLine(
        r.incidentId(),
        "Version " + r.version() + ", published " + published + ".",
        r.version(),
        published,
        rag,
        r.rootCause(),
        r.summary(),
        r.actionRefs());
  }

  /**
   * Open risks, banded and escalated by the month's rule set, both (the register's own bands are
   * today's: with them a risk could be escalated by the month's threshold in today's band).
   */
  private static Pack.Risks risks(RegistersAsOf registers, RuleSet rules) {
    List<Pack.RiskLine> lines = new ArrayList<>();
    for (Risk r : registers.risks()) {
      if (r.open()) {
        lines.add(
            new Pack.RiskLine(
                r.id(),
                r.title(),
                r.likelihood(),
                r.impact(),
                rules.risks().bandOf(r.severity()),
                r.owner()));
      }
    }
    return new Pack.Risks(lines, rules.risks().escalationThreshold());
  }

  /** Open actions, and those closed since the month began, as of the date; overdue on it. */
  private static List<Pack.ActionLine> actions(RegistersAsOf registers, ReportingMonth month) {
    LocalDate today = registers.day();
    List<Pack.ActionLine> out = new ArrayList<>();
    for (Action a : registers.actions()) {
      if (!a.open() && a.closedOn() != null && a.closedOn().isBefore(month.firstDay())) {
        continue;
      }
      out.add(
          new Pack.ActionLine(
              a.ref(),
              a.text(),
              a.owner(),
              str(a.raisedOn()),
              str(a.targetOn()),
              str(a.revisedTargetOn()),
              a.status(),
              a.overdue(today)));
    }
    return out;
  }

  private static Pack.RdpReport rdp(RdpIncidents.Report r) {
    java.util.function.Function<RdpIncidents.RdpIncident, Pack.RdpLine> line =
        i ->
            new Pack.RdpLine(
                i.id(),
                i.rdp(),
                i.title() == null ? "" : i.title(),
                WHEN.format(i.openedAt()),
                i.resolvedAt() == null ? "" : WHEN.format(i.resolvedAt()));
    return new Pack.RdpReport(
        r.opened().stream().map(line).toList(),
        r.closed().stream().map(line).toList(),
        r.openAtEnd().stream().map(line).toList());
  }

  private static String str(LocalDate d) {
    return d == null ? "" : d.toString();
  }
}
