package uk.meterwatch.engine.registers;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An action of the action log.
 *
 * @param ref "meeting/number", e.g. 105/01 or OPSG 102/05
 * @param targetOn null when none was set
 * @param revisedTargetOn null unless the target was moved
 * @param status OPEN or CLOSED
 * @param closedOn null while open (may also be null for an action closed before records began)
 */
public record Action(
    String ref,
    String text,
    String owner,
    LocalDate raisedOn,
    LocalDate targetOn,
    LocalDate revisedTargetOn,
    String status,
    LocalDate closedOn) {

  public static final String OPEN = "OPEN";
  public static final String CLOSED = "CLOSED";

  /** The columns of exports, those of the data contract's actions file. */
  public static final List<String> COLUMNS =
      List.of(
          "ref",
          "text",
          "owner",
          "raised_on",
          "target_on",
          "revised_target_on",
          "status",
          "closed_on");

  public Action {
    status = status == null ? OPEN : status.strip().toUpperCase(Locale.ROOT);
  }

  public boolean open() {
    return OPEN.equals(status);
  }

  /** The date the action is due: the revised target when there is one, else the target. */
  public LocalDate dueOn() {
    return revisedTargetOn != null ? revisedTargetOn : targetOn;
  }

  /** Open past its (revised) target date: due yesterday or earlier. */
  public boolean overdue(LocalDate today) {
    return open() && dueOn() != null && today.isAfter(dueOn());
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ref", ref);
    m.put("text", text);
    m.put("owner", owner);
    m.put("raised_on", str(raisedOn));
    m.put("target_on", str(targetOn));
    m.put("revised_target_on", str(revisedTargetOn));
    m.put("status", status);
    m.put("closed_on", str(closedOn));
    return m;
  }

  static Action from(Fields f) {
    return new Action(
        f.required("ref"),
        f.required("text"),
        f.required("owner"),
        f.date("raised_on", true),
        f.date("target_on", false),
        f.date("revised_target_on", false),
        f.required("status"),
        f.date("closed_on", false));
  }

  private static String str(LocalDate d) {
    return d == null ? null : d.toString();
  }
}
