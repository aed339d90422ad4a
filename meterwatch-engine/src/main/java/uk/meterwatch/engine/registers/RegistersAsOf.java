package uk.meterwatch.engine.registers;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * The registers as they stood at the end of a day (UK time), from their history, so that a pack
 * made again later with the same date says the same (docs/registers.md, "As of a date").
 *
 * <p>Two histories meet here. The records' own dates say what had happened by then: an action
 * raised later is not there, one closed later was still open, an incident opened later is not there
 * and one resolved later was still open, a risk is rated as its latest rating on or before the day,
 * a review version written later is not there and one published later was a draft. The audit trail
 * says what the register held then for every other field (text, owner, targets, category, cause
 * class, status of a risk): a change recorded after the day is undone. A record entered after the
 * day but dated before it (history entered later, a drop loaded later) is taken as it was first
 * entered.
 */
public final class RegistersAsOf {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Registers registers;
  private final LocalDate day;
  private final Instant end;
  private final Map<String, Map<String, List<AuditEntry>>> trails = new HashMap<>();

  private RegistersAsOf(Registers registers, LocalDate day) {
    this.registers = registers;
    this.day = day;
    this.end = day.plusDays(1).atStartOfDay(ReportingMonth.UK).toInstant();
  }

  /** The registers at the end of {@code day} (UK time). */
  public static RegistersAsOf of(Registers registers, LocalDate day) {
    return new RegistersAsOf(registers, day);
  }

  /** The day. */
  public LocalDate day() {
    return day;
  }

  /** The end of the day (UK time): the first instant after it. */
  public Instant end() {
    return end;
  }

  /**
   * Actions raised on or before the day, as they stood; closed after it: still open then. The dates
   * (raised, closed) are the register's latest word; the other fields as recorded then.
   */
  public List<Action> actions() {
    List<Action> out = new ArrayList<>();
    for (Action current : registers.actions().list()) {
      if (current.raisedOn() == null || current.raisedOn().isAfter(day)) {
        continue;
      }
      Action then = asRecorded(ActionLog.REGISTER, current.ref(), current, Action::from);
      // Closed by the day when the register dates the closing on or before it; an action closed
      // with no date is as the register recorded it then.
      Action dated = current.closedOn() != null ? current : then;
      boolean closed =
          !dated.open() && (dated.closedOn() == null || !dated.closedOn().isAfter(day));
      out.add(
          new Action(
              then.ref(),
              then.text(),
              then.owner(),
              current.raisedOn(),
              then.targetOn(),
              then.revisedTargetOn(),
              closed ? Action.CLOSED : Action.OPEN,
              closed ? dated.closedOn() : null));
    }
    out.sort(Comparator.comparing(Action::raisedOn).thenComparing(Action::ref));
    return out;
  }

  /**
   * Incidents opened by the end of the day, as they stood; resolved after it: open then. The times
   * (opened, resolved) are the register's latest word; the other fields as recorded then.
   */
  public List<Incident> incidents() {
    List<Incident> out = new ArrayList<>();
    for (Incident current : registers.incidents().list()) {
      if (!current.openedAt().isBefore(end)) {
        continue;
      }
      Incident then = asRecorded(IncidentRegister.REGISTER, current.id(), current, Incident::from);
      Instant resolved = current.resolvedAt() != null ? current.resolvedAt() : then.resolvedAt();
      if (resolved != null && !resolved.isBefore(end)) {
        resolved = null;
      }
      out.add(
          new Incident(
              then.id(),
              then.category(),
              then.title(),
              current.openedAt(),
              resolved,
              then.components(),
              then.services(),
              then.causeClass(),
              then.rootCause(),
              then.major(),
              then.dccResponsible()));
    }
    out.sort(Comparator.comparing(Incident::openedAt).thenComparing(Incident::id));
    return out;
  }

  /**
   * Risks as they stood, each with its latest rating on or before the day; a risk whose every
   * rating is dated after the day was not yet raised. A risk with no rating history (loaded before
   * ratings were kept) keeps the likelihood and impact the register held then.
   */
  public List<Risk> risks() {
    List<Risk> out = new ArrayList<>();
    for (RiskAssessment a : registers.risks().list()) {
      Risk current = a.risk();
      Risk r = asRecorded(RiskRegister.REGISTER, current.id(), current, Risk::from);
      List<RiskRating> ratings = registers.risks().history(current.id());
      if (!ratings.isEmpty()) {
        Optional<RiskRating> then =
            ratings.stream().filter(x -> !x.ratedOn().isAfter(day)).reduce((x, y) -> y);
        if (then.isEmpty()) {
          continue;
        }
        r = r.rated(then.get().likelihood(), then.get().impact());
      }
      out.add(r);
    }
    out.sort(Comparator.comparingInt(Risk::severity).reversed().thenComparing(Risk::id));
    return out;
  }

  /**
   * Approved exceptions approved on or before the day, as the register held them then; one
   * withdrawn after the day was still in force then (a report as of the day applies it).
   */
  public List<uk.meterwatch.core.measure.ApprovedException> exceptions() {
    List<uk.meterwatch.core.measure.ApprovedException> out = new ArrayList<>();
    for (uk.meterwatch.core.measure.ApprovedException current : registers.exceptions().list()) {
      if (current.approvedOn() == null || current.approvedOn().isAfter(day)) {
        continue;
      }
      uk.meterwatch.core.measure.ApprovedException then =
          asRecorded(ExceptionRegister.REGISTER, current.id(), current, ExceptionRegister::from);
      boolean withdrawn = current.withdrawnOn() != null && !current.withdrawnOn().isAfter(day);
      out.add(
          new uk.meterwatch.core.measure.ApprovedException(
              then.id(),
              then.measures(),
              then.scope(),
              then.items(),
              then.periodFrom(),
              then.periodTo(),
              then.reason(),
              then.approvedBy(),
              current.approvedOn(),
              withdrawn ? current.withdrawnOn() : null,
              withdrawn ? current.withdrawnReason() : null));
    }
    return out;
  }

  /**
   * The review versions of an incident written by the end of the day; one published after it is
   * shown as the draft it then was.
   */
  public List<Review> reviews(String incidentId) {
    List<Review> out = new ArrayList<>();
    for (Review r : registers.reviews().versions(incidentId)) {
      if (r.createdAt() != null && !r.createdAt().isBefore(end)) {
        continue;
      }
      if (r.published() && (r.publishedAt() == null || !r.publishedAt().isBefore(end))) {
        r = r.asDraft();
      }
      out.add(r);
    }
    return out;
  }

  /** The latest version of an incident's review published by the end of the day. */
  public Optional<Review> publishedReview(String incidentId) {
    return reviews(incidentId).stream()
        .filter(Review::published)
        .max(Comparator.comparingInt(Review::version));
  }

  /**
   * The record as the register held it at the end of the day: undoes the changes the audit trail
   * recorded after it; a record first entered after it is taken as first entered.
   */
  private <T> T asRecorded(String register, String key, T current, Function<Fields, T> parse) {
    List<AuditEntry> entries =
        trails
            .computeIfAbsent(register, r -> byKey(registers.audit().list(r, null)))
            .getOrDefault(key, List.of());
    for (AuditEntry e : entries) {
      if (!e.at().isBefore(end)) {
        String json = e.beforeJson() != null ? e.beforeJson() : e.afterJson();
        return parse.apply(new Fields("audit trail " + register + " " + key, fields(json)));
      }
    }
    return current;
  }

  private static Map<String, List<AuditEntry>> byKey(List<AuditEntry> entries) {
    Map<String, List<AuditEntry>> out = new HashMap<>();
    for (AuditEntry e : entries) {
      out.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
    }
    return out;
  }

  /**
   * A record of the audit trail as the contract's fields: the registers write them so; the loader
   * writes the store's columns, whose instants ({@code opened_us}) are epoch microseconds.
   */
  static Map<String, Object> fields(String json) {
    Map<String, Object> raw;
    try {
      raw = JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
    } catch (java.io.IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "the audit trail holds a record that is not JSON: " + e.getMessage(), e);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (k.endsWith("_us")) {
            String name = k.substring(0, k.length() - 3) + "_at";
            out.put(name, v == null ? null : Values.instant(((Number) v).longValue()).toString());
          } else {
            out.put(k, v);
          }
        });
    return out;
  }
}
