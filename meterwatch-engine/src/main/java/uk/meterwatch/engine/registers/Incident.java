package uk.meterwatch.engine.registers;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.architecture.CauseClass;

/**
 * An incident of the register, in the data contract's words.
 *
 * @param id e.g. INC000001076111
 * @param category 1 (most severe) to 5
 * @param resolvedAt null while open
 * @param components architecture components it sat on, e.g. DSP_ROUTER, DSP
 * @param services services unavailable during it, e.g. DUIS, SSI
 * @param causeClass UNKNOWN until someone classifies it
 * @param rootCause null until known
 * @param dccResponsible false = not counted in CPM4/CPM5
 */
public record Incident(
    String id,
    int category,
    String title,
    Instant openedAt,
    Instant resolvedAt,
    List<String> components,
    List<String> services,
    CauseClass causeClass,
    String rootCause,
    boolean major,
    boolean dccResponsible) {

  /** The columns of exports, those of the data contract's incidents file. */
  public static final List<String> COLUMNS =
      List.of(
          "incident_id",
          "category",
          "title",
          "opened_at",
          "resolved_at",
          "components",
          "services",
          "cause_class",
          "root_cause",
          "major",
          "dcc_responsible");

  public Incident {
    components = components == null ? List.of() : List.copyOf(components);
    services = services == null ? List.of() : List.copyOf(services);
    causeClass = causeClass == null ? CauseClass.UNKNOWN : causeClass;
  }

  public boolean open() {
    return resolvedAt == null;
  }

  public Incident withResolution(Instant at, String cause) {
    return new Incident(
        id,
        category,
        title,
        openedAt,
        at,
        components,
        services,
        causeClass,
        cause == null ? rootCause : cause,
        major,
        dccResponsible);
  }

  /** The record as the contract's fields, for exports and the audit trail. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident_id", id);
    m.put("category", category);
    m.put("title", title);
    m.put("opened_at", openedAt.toString());
    m.put("resolved_at", resolvedAt == null ? null : resolvedAt.toString());
    m.put("components", components);
    m.put("services", services);
    m.put("cause_class", causeClass.name());
    m.put("root_cause", rootCause);
    m.put("major", major);
    m.put("dcc_responsible", dccResponsible);
    return m;
  }

  /** Reads an imported row; defaults as the contract's (major false, dcc_responsible true). */
  static Incident from(Fields f) {
    String cause = f.text("cause_class");
    CauseClass cc;
    try {
      cc = cause == null ? CauseClass.UNKNOWN : CauseClass.parse(cause);
    } catch (RuntimeException e) {
      throw f.error(e.getMessage());
    }
    Boolean major = f.bool("major");
    Boolean dcc = f.bool("dcc_responsible");
    return new Incident(
        f.required("incident_id"),
        f.integer("category", true),
        f.required("title"),
        f.instant("opened_at", true),
        f.instant("resolved_at", false),
        f.list("components"),
        f.list("services"),
        cc,
        f.text("root_cause"),
        major != null && major,
        dcc == null || dcc);
  }
}
