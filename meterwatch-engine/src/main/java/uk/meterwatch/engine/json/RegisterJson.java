package uk.meterwatch.engine.json;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.engine.registers.Action;
import uk.meterwatch.engine.registers.AuditEntry;
import uk.meterwatch.engine.registers.AuditTrail;
import uk.meterwatch.engine.registers.IncidentStatus;
import uk.meterwatch.engine.registers.Review;
import uk.meterwatch.engine.registers.RiskAssessment;
import uk.meterwatch.engine.registers.RiskRating;

/**
 * The JSON of the registers' records ({@code incidents|risks|actions list --json}, {@code show
 * --json}, {@code review show --json}, {@code audit --json}, and the API's registers): written by
 * {@link Json#register}.
 */
public final class RegisterJson {
  private RegisterJson() {}

  /** An approved exception, with its status: IN_FORCE or WITHDRAWN. */
  public static Map<String, Object> exception(uk.meterwatch.core.measure.ApprovedException e) {
    Map<String, Object> m =
        new LinkedHashMap<>(uk.meterwatch.engine.registers.ExceptionRegister.toMap(e));
    m.put("status", e.withdrawn() ? "WITHDRAWN" : "IN_FORCE");
    return m;
  }

  /** An incident with its Target Resolution Time, duration and outcome. */
  public static Map<String, Object> incident(IncidentStatus s) {
    Map<String, Object> m = new LinkedHashMap<>(s.incident().toMap());
    m.put("target_resolution_minutes", s.targetResolution().toMinutes());
    m.put("duration_minutes", s.duration() == null ? null : s.duration().toMinutes());
    m.put("target_outcome", s.outcome().name());
    return m;
  }

  /** A risk with its severity, band and escalation. */
  public static Map<String, Object> risk(RiskAssessment a) {
    Map<String, Object> m = new LinkedHashMap<>(a.risk().toMap());
    m.put("severity", a.severity());
    m.put("band", a.band());
    m.put("escalated", a.escalated());
    return m;
  }

  /** A risk and every rating it had ({@code risks show --json}). */
  public static Map<String, Object> risk(RiskAssessment a, List<RiskRating> history) {
    Map<String, Object> m = risk(a);
    List<Map<String, Object>> ratings = new ArrayList<>();
    for (RiskRating h : history) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("seq", h.seq());
      x.put("rated_on", h.ratedOn().toString());
      x.put("rated_by", h.ratedBy());
      x.put("reason", h.reason());
      x.put("likelihood", h.likelihood());
      x.put("impact", h.impact());
      x.put("severity", h.severity());
      ratings.add(x);
    }
    m.put("ratings", ratings);
    return m;
  }

  /** An action and whether it is overdue on the day given. */
  public static Map<String, Object> action(Action a, LocalDate day) {
    Map<String, Object> m = new LinkedHashMap<>(a.toMap());
    m.put("overdue", a.overdue(day));
    return m;
  }

  /** One version of a major incident review. */
  public static Map<String, Object> review(Review r) {
    return r.toMap();
  }

  /** One change in the audit trail. */
  public static Map<String, Object> audit(AuditEntry e) {
    return AuditTrail.toMap(e);
  }
}
