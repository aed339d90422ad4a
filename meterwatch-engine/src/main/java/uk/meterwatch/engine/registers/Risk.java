package uk.meterwatch.engine.registers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A risk of the register: likelihood and impact 1 to 5 each.
 *
 * @param id e.g. OPSG-006
 * @param owner null when none is named
 * @param status OPEN or CLOSED
 */
public record Risk(
    String id, String title, int likelihood, int impact, String owner, String status) {

  public static final String OPEN = "OPEN";
  public static final String CLOSED = "CLOSED";

  /** The columns of the data contract's risks file. */
  public static final List<String> COLUMNS =
      List.of("risk_id", "title", "likelihood", "impact", "owner", "status");

  public Risk {
    status = status == null ? OPEN : status.strip().toUpperCase(Locale.ROOT);
    owner = owner == null || owner.isBlank() ? null : owner.strip(); // "" is no owner
  }

  /** Severity = likelihood x impact. */
  public int severity() {
    return likelihood * impact;
  }

  public boolean open() {
    return OPEN.equals(status);
  }

  public Risk rated(int newLikelihood, int newImpact) {
    return new Risk(id, title, newLikelihood, newImpact, owner, status);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("risk_id", id);
    m.put("title", title);
    m.put("likelihood", likelihood);
    m.put("impact", impact);
    m.put("owner", owner);
    m.put("status", status);
    return m;
  }

  static Risk from(Fields f) {
    return new Risk(
        f.required("risk_id"),
        f.required("title"),
        f.integer("likelihood", true),
        f.integer("impact", true),
        f.text("owner"),
        f.text("status"));
  }
}
