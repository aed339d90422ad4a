package uk.meterwatch.report.pack;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.rules.RuleSet;

/**
 * Everything the monthly pack shows, as plain data: the pack knows no engine, so each section can
 * be fed by whichever engine produces it. A section that is null is left out, and {@code omitted}
 * says why (never fake data). The pack is as of a date: registers as they stood at its end.
 *
 * @param cover the cover page
 * @param ruleSet the rule set in force in the month: the appendix is generated from it
 * @param sections the sections in the order printed (ids of {@link PackSection}): by default the
 *     operations group's agenda
 * @param performance the PMR section (summary, table, trends), null when left out
 * @param bpi the BPI section, one entry per process, null when left out
 * @param regional success by region over time, null when left out
 * @param incidents incidents of the month, their trend, the map and reviews, null when left out
 * @param risks the risk register, null when left out
 * @param actions the action log, null when left out
 * @param rdp the Registration Data Providers' incidents of the month, null when left out
 * @param omitted sections left out, each with the reason (shown on the cover)
 * @param glidepaths the glidepaths the BPI section draws (saved ones, or the pack's default)
 */
public record Pack(
    Cover cover,
    RuleSet ruleSet,
    List<String> sections,
    Performance performance,
    List<BpiProcess> bpi,
    Regional regional,
    Incidents incidents,
    Risks risks,
    List<ActionLine> actions,
    RdpReport rdp,
    List<String> omitted,
    List<GlidepathFigure> glidepaths) {

  public Pack {
    sections = List.copyOf(sections);
    omitted = List.copyOf(omitted);
    glidepaths = glidepaths == null ? List.of() : List.copyOf(glidepaths);
  }

  /** A pack without glidepaths. */
  public Pack(
      Cover cover,
      RuleSet ruleSet,
      List<String> sections,
      Performance performance,
      List<BpiProcess> bpi,
      Regional regional,
      Incidents incidents,
      Risks risks,
      List<ActionLine> actions,
      RdpReport rdp,
      List<String> omitted) {
    this(
        cover,
        ruleSet,
        sections,
        performance,
        bpi,
        regional,
        incidents,
        risks,
        actions,
        rdp,
        omitted,
        List.of());
  }

  /**
   * A glidepath to a target (docs/analysis.md), judged through the pack's month.
   *
   * @param subject the process (by name) or measure
   * @param scope "national", or the area, region or provider
   * @param name the name it is saved under; null for the pack's default
   * @param by the month the target is due (YYYY-MM)
   * @param sentence whether and when it reaches the target, as the glidepath command says it
   * @param method how the line and its interval are calculated
   * @param points every month from the first fitted to the later of the pack's month and {@code
   *     by}; actuals only to the pack's month
   */
  public record GlidepathFigure(
      String subject,
      String scope,
      String name,
      double target,
      String by,
      String fitFrom,
      String fitTo,
      int monthsFitted,
      String sentence,
      String method,
      List<GlidePoint> points) {
    public GlidepathFigure {
      points = List.copyOf(points);
    }
  }

  /**
   * A month of a glidepath.
   *
   * @param actual the month's rate, null without data (or after the pack's month)
   * @param total the transactions (or population) behind it
   * @param standing against the glidepath, in words
   */
  public record GlidePoint(
      String month,
      boolean fitted,
      Double actual,
      long total,
      double expected,
      double lower,
      double upper,
      String standing) {}

  /**
   * The cover: what the pack is about and how complete its data is.
   *
   * @param asOf the date the pack is as of (registers as they stood at its end, UK time)
   * @param made when it was made (the only text that differs when made again)
   * @param daysWithoutTraffic UK days of the month with no service request at all
   */
  public record Cover(
      String month,
      String classification,
      LocalDate asOf,
      String made,
      long loads,
      long rowsLoaded,
      long rowsQuarantined,
      long requestsInMonth,
      List<LocalDate> daysWithoutTraffic) {
    public Cover {
      daysWithoutTraffic = List.copyOf(daysWithoutTraffic);
    }
  }

  /** Where a measure stands; shown as a colour and a word, never colour alone. */
  public enum Status {
    TARGET_MET("Target met", "#00703c"),
    BELOW_TARGET("Below target", "#b35900"),
    BELOW_MINIMUM("Below minimum", "#d4351c"),
    NO_DATA("No data", "#505a5f");

    private final String word;
    private final String colour;

    Status(String word, String colour) {
      this.word = word;
      this.colour = colour;
    }

    public String word() {
      return word;
    }

    public String colour() {
      return colour;
    }
  }

  /**
   * One line of the PMR: a measure in one scope ("ALL" or a provider).
   *
   * @param rejected for a request measure, the requests the DCC rejected left out of its
   *     population; null otherwise
   * @param local a measure of Meterwatch's own ({@code source: local}), not one of the Code's:
   *     shown apart and never counted among the Code's non-compliances
   */
  public record MeasureLine(
      String id,
      String scope,
      String name,
      String unit,
      BigDecimal value,
      BigDecimal target,
      BigDecimal minimum,
      Status status,
      BigDecimal previousValue,
      BigDecimal within,
      BigDecimal population,
      int consecutiveBelowMinimum,
      boolean nonCompliance,
      Long rejected,
      boolean local) {

    /** A line of a measure that does not count rejected requests. */
    public MeasureLine(
        String id,
        String scope,
        String name,
        String unit,
        BigDecimal value,
        BigDecimal target,
        BigDecimal minimum,
        Status status,
        BigDecimal previousValue,
        BigDecimal within,
        BigDecimal population,
        int consecutiveBelowMinimum,
        boolean nonCompliance) {
      this(
          id,
          scope,
          name,
          unit,
          value,
          target,
          minimum,
          status,
          previousValue,
          within,
          population,
          consecutiveBelowMinimum,
          nonCompliance,
          null,
          false);
    }

    /** A line of one of the Code's measures. */
    public MeasureLine(
        String id,
        String scope,
        String name,
        String unit,
        BigDecimal value,
        BigDecimal target,
        BigDecimal minimum,
        Status status,
        BigDecimal previousValue,
        BigDecimal within,
        BigDecimal population,
        int consecutiveBelowMinimum,
        boolean nonCompliance,
        Long rejected) {
      this(
          id,
          scope,
          name,
          unit,
          value,
          target,
          minimum,
          status,
          previousValue,
          within,
          population,
          consecutiveBelowMinimum,
          nonCompliance,
          rejected,
          false);
    }

    public boolean overall() {
      return "ALL".equals(scope);
    }

    /** "CPM1" overall, "CPM1 CSP North" for a provider. */
    public String label() {
      return overall() ? id : id + " " + Names.provider(scope);
    }
  }

  /** A sentence explaining a measure's misses (from the PMR's explain). */
  public record Miss(String measureId, String sentence) {}

  /** A measure's value month by month (oldest first); null value = no data that month. */
  public record Trend(
      String id, String scope, BigDecimal target, BigDecimal minimum, List<Point> points) {
    public Trend {
      points = List.copyOf(points);
    }
  }

  public record Point(String month, BigDecimal value) {}

  /**
   * The PMR section.
   *
   * @param exceptions the approved exceptions applied in the month (docs/measures.md), by id
   */
  public record Performance(
      List<MeasureLine> lines,
      List<Miss> misses,
      List<Trend> trends,
      List<ExceptionApplied> exceptions) {
    public Performance {
      lines = List.copyOf(lines);
      misses = List.copyOf(misses);
      trends = List.copyOf(trends);
      exceptions = List.copyOf(exceptions);
    }

    /** A month no approved exception applied to. */
    public Performance(List<MeasureLine> lines, List<Miss> misses, List<Trend> trends) {
      this(lines, misses, trends, List.of());
    }
  }

  /**
   * An approved exception applied in the month: why, who approved it and when, and what it left out
   * of each line it touched ("CPM1 CSP-N: 2 requests").
   */
  public record ExceptionApplied(
      String id, String reason, String approvedBy, LocalDate approvedOn, List<String> leftOut) {
    public ExceptionApplied {
      leftOut = List.copyOf(leftOut);
    }
  }

  /**
   * One process's Business Process Indicators.
   *
   * @param buckets waterfall buckets in order (label to transactions), adding up to transactions
   * @param requestSuccessRate the naive rate: attempts answered I0 / attempts
   * @param successRate the transaction rate: successful transactions / transactions
   * @param slowSuccessHours successes later than this after the request was due are slow
   * @param slowSuccesses per success bucket (label), the slow ones among them
   * @param timelySuccessRate successes within the slow-success threshold / transactions
   * @param splits per split (its title), the parts in order
   * @param change against last month, null when last month has no such process
   */
  public record BpiProcess(
      String process,
      long transactions,
      long requests,
      long retries,
      long duplicates,
      long successes,
      Double successRate,
      Double requestSuccessRate,
      Map<String, Long> buckets,
      Map<String, Long> otherFailureCodes,
      TimeToSuccess timeToSuccess,
      List<UserLine> users,
      Map<String, Long> useCases,
      int slowSuccessHours,
      Map<String, Long> slowSuccesses,
      Double timelySuccessRate,
      Map<String, List<SplitLine>> splits,
      Change change) {

    /** Slow successes, every bucket. */
    public long slowSuccessCount() {
      return slowSuccesses.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The waterfall's bars (the pack's and the web's): each success bucket less its slow successes,
     * then the slow successes together as a bar of their own, then the failures; they still add up
     * to the transactions.
     */
    public Map<String, Long> waterfallBars() {
      Map<String, Long> bars = new java.util.LinkedHashMap<>();
      long slow = 0;
      for (Map.Entry<String, Long> e : buckets.entrySet()) {
        Long s = slowSuccesses.get(e.getKey());
        if (s != null) {
          bars.put(e.getKey(), e.getValue() - s);
          slow += s;
        }
      }
      bars.put("Success after " + slowSuccessHours + " h", slow);
      for (Map.Entry<String, Long> e : buckets.entrySet()) {
        if (!slowSuccesses.containsKey(e.getKey())) {
          bars.put(e.getKey(), e.getValue());
        }
      }
      return bars;
    }
  }

  /** One part of a split (already named for the reader). */
  public record SplitLine(
      String part, long transactions, long successes, Double successRate, long slowSuccesses) {}

  /**
   * A process against last month: the change and what moved it most (Users and failure causes, each
   * contribution in percentage points; they add up to the change).
   */
  public record Change(
      String previousMonth,
      long previousTransactions,
      Double previousSuccessRate,
      Double changePoints,
      List<Mover> users,
      List<Mover> causes) {
    public Change {
      users = List.copyOf(users);
      causes = List.copyOf(causes);
    }
  }

  /**
   * A User or cause that moved a process's rate.
   *
   * @param before last month (transactions and rate for a User; share of transactions for a cause)
   * @param now this month, as {@code before}
   */
  public record Mover(String name, String before, String now, double contributionPoints) {}

  /** Cumulative counts, as the BPI engine gives them. */
  public record TimeToSuccess(
      long successes,
      Double medianS,
      Double p95S,
      long withinTarget,
      long within1h,
      long within24h,
      long over24h) {}

  public record UserLine(
      String user,
      long transactions,
      long successes,
      double successRate,
      long requests,
      long duplicates,
      boolean flagged) {}

  /** Success rate (percent of requests answered I0) by region, month by month. */
  public record Regional(
      List<String> months, Map<String, List<Double>> successByRegion, Areas areas) {
    public Regional(List<String> months, Map<String, List<Double>> successByRegion) {
      this(months, successByRegion, null);
    }
  }

  /**
   * Success by area (the regional analysis, docs/analysis.md).
   *
   * @param subject what the rates are, in words
   * @param successByArea each area's rate month by month (null: no data), areas sorted
   * @param regionOfArea each area's region
   * @param eventMonthOfArea the month an event reached an area (only the areas it reached)
   * @param event the event studied, or null when the store has none
   * @param sentence the study's verdict in words (null without an event)
   * @param areaSentences per affected area, whether its decline continued
   * @param howCalculated the test and interval used, in words
   */
  public record Areas(
      String subject,
      Map<String, List<Double>> successByArea,
      Map<String, String> regionOfArea,
      Map<String, String> eventMonthOfArea,
      String event,
      String sentence,
      List<String> areaSentences,
      String howCalculated) {}

  /**
   * Incidents: those of the month, the monthly trend by category, the architecture incident map of
   * the period and where it hurt most with the open actions linked to it, and the major incident
   * reviews.
   *
   * @param trendMonths the months of the trend, oldest first
   * @param trendByCategory per category, incidents opened in each trend month
   * @param mapPeriod the map's period in words ("September 2022 to August 2023")
   * @param hotspots the map's components with an incident or outage, most incidents first
   */
  public record Incidents(
      List<IncidentLine> lines,
      List<String> trendMonths,
      Map<Integer, List<Long>> trendByCategory,
      String mapSvg,
      String mapPeriod,
      List<Hotspot> hotspots,
      List<ReviewLine> reviews) {}

  /**
   * An incident of the month.
   *
   * @param hours open time in hours (to the end of the as-of day when unresolved)
   * @param targetHours the Target Resolution Time of its category by the rule set in force on the
   *     day it opened (UK time)
   * @param components the architecture components and services it touched, by name
   * @param cause its cause class as the reader should take it ("Not yet established" for a major
   *     incident whose review is not published)
   */
  public record IncidentLine(
      String id,
      int category,
      String title,
      String opened,
      String resolved,
      double hours,
      Double targetHours,
      boolean major,
      String components,
      String cause) {
    public boolean withinTarget() {
      return targetHours == null || hours <= targetHours;
    }
  }

  /**
   * A component where incidents occurred in the map's period, and the open actions linked to it as
   * next steps.
   */
  public record Hotspot(
      String component, long incidents, long outageMinutes, String causes, List<String> nextSteps) {
    public Hotspot {
      nextSteps = List.copyOf(nextSteps);
    }
  }

  /**
   * A major incident's review as of the pack's date: its latest published version, or where it
   * stands when none is published.
   *
   * @param status "Published" or, e.g., "Not yet published: draft 2 of 2023-10-30"
   * @param version the published version shown, 0 when none is published
   */
  public record ReviewLine(
      String incidentId,
      String status,
      int version,
      String published,
      Map<String, String> rag,
      String rootCause,
      String summary,
      List<String> actions) {}

  public record Risks(List<RiskLine> lines, int escalationThreshold) {}

  public record RiskLine(
      String id, String title, int likelihood, int impact, String band, String owner) {
    public int severity() {
      return likelihood * impact;
    }
  }

  public record ActionLine(
      String ref,
      String text,
      String owner,
      String raised,
      String target,
      String revisedTarget,
      String status,
      boolean overdue) {}

  /** The SEC Panel's Registration Data Provider report of the month. */
  public record RdpReport(List<RdpLine> opened, List<RdpLine> closed, List<RdpLine> openAtEnd) {
    public RdpReport {
      opened = List.copyOf(opened);
      closed = List.copyOf(closed);
      openAtEnd = List.copyOf(openAtEnd);
    }
  }

  /** An RDP incident; {@code resolved} empty while open. */
  public record RdpLine(String id, String rdp, String title, String opened, String resolved) {}
}
