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
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.analysis.AreaEvents;
import uk.meterwatch.engine.analysis.Counts;
import uk.meterwatch.engine.analysis.EventStudy;
import uk.meterwatch.engine.analysis.Level;
import uk.meterwatch.engine.analysis.RegionalData;
import uk.meterwatch.engine.analysis.Subject;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.Bucket;
import uk.meterwatch.engine.bpi.ProcessIndicators;
import uk.meterwatch.engine.bpi.UseCase;
import uk.meterwatch.engine.pmr.Explanation;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.pmr.ServiceLevelStatus;
import uk.meterwatch.engine.regional.ProviderShares;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.Incident;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.registers.RiskAssessment;
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

  private final Store store;
  private final RuleBook book;
  private final Clock clock;

  public PackAssembler(Store store, RuleBook book, Clock clock) {
    this.store = store;
    this.book = book;
    this.clock = clock;
  }

  public Assembled assemble(ReportingMonth month, String classification, boolean anonymise) {
    RuleSet rules = book.inForce(month);
    List<String> omitted = new ArrayList<>();
    Pack.Cover cover = cover(month, classification);
    Pack.Performance performance = performance(month);
    BpiReport bpi = new BpiCalculator(store, rules).compute(month);
    Pack.Regional regional = regional(month);
    Registers registers = new Registers(store, book, clock);
    Pack.Incidents incidents = incidents(registers, rules, month);
    Pack.Risks risks = risks(registers, rules);
    List<Pack.ActionLine> actions = actions(registers, month);
    Anonymiser anonymiser =
        anonymise ? Anonymiser.of(bpi.userIds(), KnownUsers.of(store)) : Anonymiser.none();
    Pack pack =
        new Pack(
            cover,
            rules,
            performance,
            bpi.processes().stream().map(PackAssembler::process).toList(),
            regional,
            incidents,
            risks,
            actions,
            omitted);
    return new Assembled(pack, anonymiser);
  }

  // ---- cover -----------------------------------------------------------------------------------

  private Pack.Cover cover(ReportingMonth month, String classification) {
    DataCoverage.Loads loads = DataCoverage.loads(store);
    DataCoverage.Month traffic = DataCoverage.month(store, month);
    return new Pack.Cover(
        month.toString(),
        classification,
        LocalDate.now(clock.withZone(UK)).toString(),
        loads.loads(),
        loads.rowsLoaded(),
        loads.rowsQuarantined(),
        traffic.requests(),
        traffic.gaps());
  }

  // ---- PMR -------------------------------------------------------------------------------------

  /**
   * The PMR section: every line, the misses explained, 12-month trends (also the web's overview).
   */
  public Pack.Performance performance(ReportingMonth month) {
    PerformanceMeasurement pmr =
        new PerformanceMeasurement(store, book, SrvCatalogue.standard(), clock);
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
    return new Pack.Performance(lines, misses, trends);
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
        r.nonCompliance(),
        r.rejected());
  }

  /** One sentence from the PMR's explain: how many missed, and the largest sources. */
  static String sentence(Explanation e) {
    MeasureResult r = e.result();
    StringBuilder s = new StringBuilder();
    s.append(e.misses().stripTrailingZeros().toPlainString())
        .append(' ')
        .append(r.unit())
        .append(" of ")
        .append(r.population().stripTrailingZeros().toPlainString())
        .append(" missed");
    List<String> tops = new ArrayList<>();
    for (Explanation.Breakdown b : e.breakdowns()) {
      if (!b.counts().isEmpty() && List.of("provider", "srv", "day").contains(b.by())) {
        Explanation.Count top = b.counts().get(0);
        tops.add(
            "by " + b.by().replace('_', ' ') + " mostly " + top.key() + " (" + top.misses() + ")");
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

  static Pack.BpiProcess process(ProcessIndicators p) {
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
        useCases);
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

  private Pack.Incidents incidents(Registers registers, RuleSet rules, ReportingMonth month) {
    Instant start = month.start();
    Instant end = month.end();
    Instant now = clock.instant();
    List<Incident> ofMonth =
        registers.incidents().list().stream()
            .filter(
                i ->
                    i.openedAt().isBefore(end)
                        && (i.resolvedAt() == null || !i.resolvedAt().isBefore(start)))
            .sorted(Comparator.comparing(Incident::openedAt))
            .toList();
    List<Pack.IncidentLine> lines = new ArrayList<>();
    for (Incident i : ofMonth) {
      Instant until = i.resolvedAt() == null ? now : i.resolvedAt();
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
              String.join(", ", i.components()),
              i.causeClass() == null ? "" : i.causeClass().toString()));
    }
    String map = IncidentMapSvg.render(registers.map().run(model(), month, month));
    List<Pack.ReviewLine> reviews = new ArrayList<>();
    for (Incident i : ofMonth) {
      if (!i.major()) {
        continue;
      }
      registers.reviews().versions(i.id()).stream()
          .filter(Review::published)
          .max(Comparator.comparingInt(Review::version))
          .ifPresent(r -> reviews.add(review(r)));
    }
    return new Pack.Incidents(lines, map, reviews);
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

  private static Pack.ReviewLine review(Review r) {
    Map<String, String> rag = new LinkedHashMap<>();
    for (ReviewArea a : ReviewArea.values()) {
      rag.put(a.label(), r.rag(a) == null ? null : r.rag(a).name());
    }
    return new Pack.ReviewLine(
        r.incidentId(),
        r.version(),
        r.publishedAt() == null ? "" : WHEN.format(r.publishedAt()),
        rag,
        r.rootCause(),
        r.summary(),
        r.actionRefs());
  }

  /**
   * Open risks, banded and escalated by the month's rule set, both (the register's own bands are
   * today's: with them a risk could be escalated by the month's threshold in today's band).
   */
  private static Pack.Risks risks(Registers registers, RuleSet rules) {
    List<Pack.RiskLine> lines = new ArrayList<>();
    for (RiskAssessment a : registers.risks().list()) {
      if (a.risk().open()) {
        lines.add(
            new Pack.RiskLine(
                a.risk().id(),
                a.risk().title(),
                a.risk().likelihood(),
                a.risk().impact(),
                rules.risks().bandOf(a.severity()),
                a.risk().owner()));
      }
    }
    return new Pack.Risks(lines, rules.risks().escalationThreshold());
  }

  /** Open actions, and those closed since the month began; overdue as at the date made. */
  private List<Pack.ActionLine> actions(Registers registers, ReportingMonth month) {
    LocalDate today = LocalDate.now(clock.withZone(UK));
    List<Pack.ActionLine> out = new ArrayList<>();
    for (Action a : registers.actions().list()) {
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

  private static String str(LocalDate d) {
    return d == null ? "" : d.toString();
  }
}
