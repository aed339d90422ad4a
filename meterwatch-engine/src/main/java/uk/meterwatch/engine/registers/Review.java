package uk.meterwatch.engine.registers;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One version of the review of a Major Incident. A version never changes once written, except that
 * publishing stamps the latest draft with who published it and when.
 *
 * @param version 1, 2, ... per incident
 * @param status DRAFT or PUBLISHED
 * @param rags the RAG status of each area (absent while not yet given)
 * @param reasonings why each area got its status
 * @param rootCause the underlying cause (a memory leak is a symptom, not a root cause)
 * @param symptoms what was seen
 * @param detectedAt timeline: when the DCC detected it
 * @param usersToldAt timeline: when Users were told
 * @param restoredAt timeline: when service was restored
 * @param actionRefs follow-up actions, refs in the action log
 */
public record Review(
    String incidentId,
    int version,
    String status,
    Map<ReviewArea, Rag> rags,
    Map<ReviewArea, String> reasonings,
    String rootCause,
    String symptoms,
    Instant detectedAt,
    Instant usersToldAt,
    Instant restoredAt,
    List<String> actionRefs,
    String summary,
    String author,
    Instant createdAt,
    String publishedBy,
    Instant publishedAt) {

  public static final String DRAFT = "DRAFT";
  public static final String PUBLISHED = "PUBLISHED";

  public static final List<String> COLUMNS = columns();

  public Review {
    rags = copy(rags);
    reasonings = copy(reasonings);
    actionRefs = actionRefs == null ? List.of() : List.copyOf(actionRefs);
  }

  public boolean published() {
    return PUBLISHED.equals(status);
  }

  /** The version as it was before it was published: a draft, with no publisher. */
  public Review asDraft() {
    return new Review(
        incidentId,
        version,
        DRAFT,
        rags,
        reasonings,
        rootCause,
        symptoms,
        detectedAt,
        usersToldAt,
        restoredAt,
        actionRefs,
        summary,
        author,
        createdAt,
        null,
        null);
  }

  /** The key of the version in the audit trail: INC000001076111#2. */
  public String key() {
    return incidentId + "#" + version;
  }

  public Rag rag(ReviewArea a) {
    return rags.get(a);
  }

  public String reasoning(ReviewArea a) {
    return reasonings.get(a);
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("incident_id", incidentId);
    m.put("version", version);
    m.put("status", status);
    for (ReviewArea a : ReviewArea.values()) {
      Rag r = rags.get(a);
      m.put(a.column() + "_rag", r == null ? null : r.name());
      m.put(a.column() + "_reasoning", reasonings.get(a));
    }
    m.put("root_cause", rootCause);
    m.put("symptoms", symptoms);
    m.put("detected_at", str(detectedAt));
    m.put("users_told_at", str(usersToldAt));
    m.put("restored_at", str(restoredAt));
    m.put("action_refs", actionRefs);
    m.put("summary", summary);
    m.put("author", author);
    m.put("created_at", str(createdAt));
    m.put("published_by", publishedBy);
    m.put("published_at", str(publishedAt));
    return m;
  }

  static Review from(Fields f) {
    EnumMap<ReviewArea, Rag> rags = new EnumMap<>(ReviewArea.class);
    EnumMap<ReviewArea, String> reasons = new EnumMap<>(ReviewArea.class);
    for (ReviewArea a : ReviewArea.values()) {
      String r = f.text(a.column() + "_rag");
      if (r != null) {
        try {
          rags.put(a, Rag.parse(r));
        } catch (RuntimeException e) {
          throw f.error(a.column() + "_rag: " + e.getMessage());
        }
      }
      String why = f.text(a.column() + "_reasoning");
      if (why != null) {
        reasons.put(a, why);
      }
    }
    String status = f.text("status");
    return new Review(
        f.required("incident_id"),
        f.integer("version", true),
        status == null ? DRAFT : status.toUpperCase(java.util.Locale.ROOT),
        rags,
        reasons,
        f.text("root_cause"),
        f.text("symptoms"),
        f.instant("detected_at", false),
        f.instant("users_told_at", false),
        f.instant("restored_at", false),
        f.list("action_refs"),
        f.text("summary"),
        f.required("author"),
        f.instant("created_at", true),
        f.text("published_by"),
        f.instant("published_at", false));
  }

  private static <V> Map<ReviewArea, V> copy(Map<ReviewArea, V> in) {
    EnumMap<ReviewArea, V> out = new EnumMap<>(ReviewArea.class);
    if (in != null) {
      in.forEach(
          (k, v) -> {
            if (v != null) {
              out.put(k, v);
            }
          });
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  private static String str(Instant t) {
    return t == null ? null : t.toString();
  }

  private static List<String> columns() {
    List<String> c = new java.util.ArrayList<>(List.of("incident_id", "version", "status"));
    for (ReviewArea a : ReviewArea.values()) {
      c.add(a.column() + "_rag");
      c.add(a.column() + "_reasoning");
    }
    c.addAll(
        List.of(
            "root_cause",
            "symptoms",
            "detected_at",
            "users_told_at",
            "restored_at",
            "action_refs",
            "summary",
            "author",
            "created_at",
            "published_by",
            "published_at"));
    return List.copyOf(c);
  }
}
