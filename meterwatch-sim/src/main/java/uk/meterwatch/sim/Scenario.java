package uk.meterwatch.sim;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

/**
 * A simulation scenario, as read from YAML (see docs/simulator.md): the network's parties and
 * regions, the traffic mix and behaviour, the faults and events, and the registers (incidents,
 * outages, risks, actions) written as they are.
 */
public record Scenario(
    String name,
    String description,
    YearMonth from,
    YearMonth to,
    Long seed,
    Integer devices,
    Traffic traffic,
    List<Organisation> organisations,
    Map<String, ProviderLevels> providers,
    Map<String, Region> regions,
    List<MixEntry> mix,
    List<Degradation> degradations,
    List<Fault> faults,
    List<Sunset> sunsets,
    List<Flood> floods,
    List<Migration> migrations,
    List<Incident> incidents,
    List<Outage> outages,
    List<Risk> risks,
    List<Action> actions,
    List<RdpIncident> rdpIncidents,
    Smki smki,
    List<ModificationAssessment> modificationAssessments) {

  public Scenario {
    traffic = traffic == null ? Traffic.DEFAULT : traffic;
    organisations = orEmpty(organisations);
    providers = providers == null ? Map.of() : providers;
    regions = regions == null ? Map.of() : regions;
    mix = orEmpty(mix);
    degradations = orEmpty(degradations);
    faults = orEmpty(faults);
    sunsets = orEmpty(sunsets);
    floods = orEmpty(floods);
    migrations = orEmpty(migrations);
    incidents = orEmpty(incidents);
    outages = orEmpty(outages);
    risks = orEmpty(risks);
    actions = orEmpty(actions);
    rdpIncidents = orEmpty(rdpIncidents);
    modificationAssessments = orEmpty(modificationAssessments);
  }

  /** The same scenario with other traffic settings. */
  public Scenario withTraffic(Traffic other) {
    return new Scenario(
        name,
        description,
        from,
        to,
        seed,
        devices,
        other,
        organisations,
        providers,
        regions,
        mix,
        degradations,
        faults,
        sunsets,
        floods,
        migrations,
        incidents,
        outages,
        risks,
        actions,
        rdpIncidents,
        smki,
        modificationAssessments);
  }

  /** The same scenario with other SMKI requests and modification assessments. */
  public Scenario withSmki(Smki otherSmki, List<ModificationAssessment> otherAssessments) {
    return new Scenario(
        name,
        description,
        from,
        to,
        seed,
        devices,
        traffic,
        organisations,
        providers,
        regions,
        mix,
        degradations,
        faults,
        sunsets,
        floods,
        migrations,
        incidents,
        outages,
        risks,
        actions,
        rdpIncidents,
        otherSmki,
        otherAssessments);
  }

  private static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /**
   * Volumes and User behaviour; every rate is a probability per request unless said. A value left
   * out takes its default.
   */
  public record Traffic(
      Double requestsPerDeviceDay,
      Double alertsPerDeviceDay,
      Double smets1Share,
      Double futureDatedShare,
      Double duplicateRate,
      Double retryRate,
      Double lateSuccessRate,
      Double certificateMismatchRate,
      Double stopCommunicatingShare,
      Double hubBadDayRate,
      Double regionBadDayRate,
      List<Double> dailyRhythm) {
    /** Share of the day's traffic in each of its 24 hours (UK time), before normalising. */
    static final List<Double> DEFAULT_RHYTHM =
        List.of(
            1.0, 0.7, 0.6, 0.6, 0.7, 1.0, 2.0, 3.5, 5.0, 6.0, 6.0, 6.0, 5.5, 5.5, 5.5, 5.5, 5.0,
            5.0, 4.5, 4.0, 3.0, 2.5, 2.0, 1.5);

    static final Traffic DEFAULT =
        new Traffic(null, null, null, null, null, null, null, null, null, null, null, null);

    public Traffic {
      requestsPerDeviceDay = or(requestsPerDeviceDay, 1.0);
      alertsPerDeviceDay = or(alertsPerDeviceDay, 0.1);
      smets1Share = or(smets1Share, 0.4);
      futureDatedShare = or(futureDatedShare, 0.05);
      duplicateRate = or(duplicateRate, 0.003);
      retryRate = or(retryRate, 0.3);
      lateSuccessRate = or(lateSuccessRate, 0.1);
      certificateMismatchRate = or(certificateMismatchRate, 0.004);
      stopCommunicatingShare = or(stopCommunicatingShare, 0.02);
      hubBadDayRate = or(hubBadDayRate, 0.003);
      regionBadDayRate = or(regionBadDayRate, 0.01);
      dailyRhythm = dailyRhythm == null ? DEFAULT_RHYTHM : List.copyOf(dailyRhythm);
    }

    private static Double or(Double value, double fallback) {
      return value == null ? fallback : value;
    }
  }

  /** A party behind one or more User ids; {@code share} is its share of supplied premises. */
  public record Organisation(String name, double share, List<User> users) {}

  /** One User id with its role. */
  public record User(String id, String role) {}

  /**
   * The service levels of a provider: {@code late} is the share of responses delivered after the
   * Target Response Time, {@code failure} the share of device requests that time out (E21), {@code
   * alertLate} the share of alerts delivered late.
   */
  public record ProviderLevels(
      Double late, Double failure, Double alertLate, Double slow, Double alertSlow) {}

  /** A CSP region: its provider and postcode areas. */
  public record Region(String provider, List<String> areas) {}

  /** One SRV of the traffic mix, with optional behaviour overrides. */
  public record MixEntry(String srv, double weight, Double retryRate, Double lateSuccessRate) {}

  /** A provider's levels replaced over UK days [from, to). */
  public record Degradation(
      String provider,
      LocalDate from,
      LocalDate to,
      Double late,
      Double failure,
      Double alertLate,
      Double slow,
      Double alertSlow) {}

  /**
   * A component down over [start, end). DSP, DSP_ROUTER or DUIS: all DUIS traffic fails; a provider
   * (CSP-N, CSP-C, CSP-S, S1SP-DXC): its devices cannot be reached (E20). Each of {@code services}
   * (e.g. SSI) gets an unplanned outage row over the window, tied to {@code incidentId}.
   */
  public record Fault(
      String component, Instant start, Instant end, List<String> services, String incidentId) {
    public Fault {
      services = services == null ? List.of() : List.copyOf(services);
    }
  }

  /** A region's 3G switch-off: from each date, its areas' failure rate grows month by month. */
  public record Sunset(
      String region, List<String> areas, LocalDate effectiveOn, double extraFailurePerMonth) {}

  /**
   * A User flooding duplicates of one SRV to its own devices (of one SMETS generation when {@code
   * smets} is given, of one SMETS1 cohort when {@code cohort} is) over UK days [from, to).
   */
  public record Flood(
      String user,
      String srv,
      Integer smets,
      String cohort,
      LocalDate from,
      LocalDate to,
      double requestsPerDay,
      int duplicates,
      double originalFailure,
      double duplicateFailure) {}

  /**
   * Internal migrations: {@code user} sends change of supply (6.23) to devices whose certificate
   * owner is {@code fromUser} (same organisation) over UK days [from, to).
   */
  public record Migration(
      String user,
      String fromUser,
      LocalDate from,
      LocalDate to,
      double requestsPerDay,
      double failure) {}

  /** An incident of the register. */
  public record Incident(
      String incidentId,
      int category,
      String title,
      Instant openedAt,
      Instant resolvedAt,
      List<String> components,
      List<String> services,
      String causeClass,
      String rootCause,
      Boolean major,
      Boolean dccResponsible) {}

  /** An incident of a Registration Data Provider (not the DCC's own), written as given. */
  public record RdpIncident(
      String incidentId, String rdp, String title, Instant openedAt, Instant resolvedAt) {}

  /**
   * Requests to the SMKI (smki_requests), drawn each UK day at times spread evenly over it, with
   * their own random stream (so the rest of the drop is the same with or without them). A request
   * is processed within the default rule set's SMKI Target Response Time of its kind, but a share
   * {@code late} later; a share {@code failure} is refused. While the SMKI Repository is down (an
   * outage or fault of SMKI_REPO) its requests queue; once it is back it works the queue off, in
   * order, at {@code repositoryDrainPerHour} requests an hour, so a request received while the
   * queue lasts is late.
   */
  public record Smki(
      double csrPerDay,
      double repositoryPerDay,
      double late,
      double failure,
      double repositoryDrainPerHour) {}

  /** A Preliminary or Impact Assessment of a modification proposal, written as given. */
  public record ModificationAssessment(
      String assessmentId,
      String modification,
      String kind,
      Instant requestedAt,
      LocalDate dueOn,
      Instant deliveredAt) {}

  /** A planned or unplanned outage of a service. */
  public record Outage(
      String service, Instant start, Instant end, boolean planned, String incidentId) {}

  /** A risk of the register. */
  public record Risk(
      String riskId, String title, int likelihood, int impact, String owner, String status) {}

  /** An action of the log. */
  public record Action(
      String ref,
      String text,
      String owner,
      LocalDate raisedOn,
      LocalDate targetOn,
      LocalDate revisedTargetOn,
      String status,
      LocalDate closedOn) {}
}
