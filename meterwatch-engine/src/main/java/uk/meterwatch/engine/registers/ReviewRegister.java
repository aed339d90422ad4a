package uk.meterwatch.engine.registers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * Major Incident Reviews: each edit writes a new draft version (every version is kept, as the group
 * asked for a redraft before publication); publishing stamps the latest draft. Only a major
 * incident of the register has a review; its follow-up actions must be in the action log.
 */
public final class ReviewRegister {
  public static final String REGISTER = "reviews";

  private static final String SELECT = "SELECT * FROM incident_reviews";

  private final Store store;
  private final Clock clock;
  private final IncidentRegister incidents;
  private final Kind kind = new Kind();

  public ReviewRegister(Store store, IncidentRegister incidents, Clock clock) {
    this.store = store;
    this.incidents = incidents;
    this.clock = clock;
  }

  /** Every version of the review of an incident, oldest first. */
  public List<Review> versions(String incidentId) {
    return Tx.read(
        store, c -> query(c, SELECT + " WHERE incident_id = ? ORDER BY version", incidentId));
  }

  /** Every version of every review. */
  public List<Review> all() {
    return Tx.read(store, c -> query(c, SELECT + " ORDER BY incident_id, version"));
  }

  /** The latest version, or the one asked for. */
  public Review get(String incidentId, Integer version) {
    List<Review> all = versions(incidentId);
    if (all.isEmpty()) {
      incidents.get(incidentId);
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND, "incident " + incidentId + " has no review yet (use review edit)");
    }
    if (version == null) {
      return all.get(all.size() - 1);
    }
    return all.stream()
        .filter(r -> r.version() == version)
        .findFirst()
        .orElseThrow(
            () ->
                new MeterwatchException(
                    ErrorCode.NOT_FOUND,
                    "the review of "
                        + incidentId
                        + " has no version "
                        + version
                        + " (versions 1 to "
                        + all.size()
                        + ")"));
  }

  /** Writes a new draft version: the latest version with the edit applied. */
  public Review edit(String incidentId, ReviewEdit edit, String who) {
    return Tx.run(
        store,
        c -> {
          checkIncident(c, incidentId);
          List<Review> all =
              query(c, SELECT + " WHERE incident_id = ? ORDER BY version", incidentId);
          Review latest = all.isEmpty() ? null : all.get(all.size() - 1);
          if (latest != null && edit.isEmpty()) {
            throw IncidentRegister.invalid("nothing to change in the review of " + incidentId);
          }
          Instant now = clock.instant();
          Review next = apply(incidentId, latest, edit, who, now);
          kind.check(c, next);
          insert(c, next);
          AuditTrail.record(
              c,
              now,
              who,
              REGISTER,
              next.key(),
              "EDIT",
              "cli",
              latest == null ? null : latest.toMap(),
              next.toMap());
          return next;
        });
  }

  /** Publishes the latest draft: it must give all five RAG statuses and a root cause. */
  public Review publish(String incidentId, String who) {
    Review latest = get(incidentId, null);
    if (latest.published()) {
      throw IncidentRegister.invalid(
          "version "
              + latest.version()
              + " of the review of "
              + incidentId
              + " is already published (edit to start a new draft)");
    }
    List<String> missing = missingToPublish(latest);
    if (!missing.isEmpty()) {
      throw IncidentRegister.invalid(
          "cannot publish version "
              + latest.version()
              + " of the review of "
              + incidentId
              + ": it lacks "
              + String.join(", ", missing));
    }
    Instant now = clock.instant();
    Review published =
        new Review(
            latest.incidentId(),
            latest.version(),
            Review.PUBLISHED,
            latest.rags(),
            latest.reasonings(),
            latest.rootCause(),
            latest.symptoms(),
            latest.detectedAt(),
            latest.usersToldAt(),
            latest.restoredAt(),
            latest.actionRefs(),
            latest.summary(),
            latest.author(),
            latest.createdAt(),
            who,
            now);
    return Tx.run(
        store,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE incident_reviews SET status = ?, published_by = ?, published_us = ?"
                      + " WHERE incident_id = ? AND version = ? AND status = ?")) {
            p.setString(1, Review.PUBLISHED);
            p.setString(2, who);
            p.setLong(3, Values.micros(now));
            p.setString(4, incidentId);
            p.setInt(5, latest.version());
            p.setString(6, Review.DRAFT);
            if (p.executeUpdate() != 1) {
              throw IncidentRegister.invalid(
                  "the review of " + incidentId + " changed meanwhile; nothing published");
            }
          }
          AuditTrail.record(
              c,
              now,
              who,
              REGISTER,
              published.key(),
              "PUBLISH",
              "cli",
              latest.toMap(),
              published.toMap());
          return published;
        });
  }

  public void exportTo(Path file, ExchangeFormat format) {
    Tabular.write(file, format, Review.COLUMNS, all().stream().map(Review::toMap).toList());
  }

  /**
   * Imports review versions: a version not held is added as it is; a version held must be equal
   * (versions never change).
   */
  public ImportReport importFrom(Path file, ExchangeFormat format, String who) {
    return Importer.run(store, kind, file, format, who, clock);
  }

  private static Review apply(
      String incidentId, Review latest, ReviewEdit edit, String who, Instant now) {
    EnumMap<ReviewArea, Rag> rags = new EnumMap<>(ReviewArea.class);
    EnumMap<ReviewArea, String> reasons = new EnumMap<>(ReviewArea.class);
    if (latest != null) {
      rags.putAll(latest.rags());
      reasons.putAll(latest.reasonings());
    }
    rags.putAll(edit.rags());
    reasons.putAll(edit.reasonings());
    return new Review(
        incidentId,
        latest == null ? 1 : latest.version() + 1,
        Review.DRAFT,
        rags,
        reasons,
        pick(edit.rootCause(), latest == null ? null : latest.rootCause()),
        pick(edit.symptoms(), latest == null ? null : latest.symptoms()),
        pick(edit.detectedAt(), latest == null ? null : latest.detectedAt()),
        pick(edit.usersToldAt(), latest == null ? null : latest.usersToldAt()),
        pick(edit.restoredAt(), latest == null ? null : latest.restoredAt()),
        pick(edit.actionRefs(), latest == null ? List.of() : latest.actionRefs()),
        pick(edit.summary(), latest == null ? null : latest.summary()),
        who,
        now,
        null,
        null);
  }

  /** What a version lacks to be published: each area's RAG status and the root cause. */
  private static List<String> missingToPublish(Review r) {
    List<String> missing = new ArrayList<>();
    for (ReviewArea a : ReviewArea.values()) {
      if (r.rag(a) == null) {
        missing.add("the RAG status of " + a.label());
      }
    }
    if (r.rootCause() == null) {
      missing.add("the root cause");
    }
    return missing;
  }

  private static <T> T pick(T given, T previous) {
    return given != null ? given : previous;
  }

  private void checkIncident(Connection c, String incidentId) throws SQLException {
    Incident i =
        incidents
            .kind()
            .find(c, incidentId)
            .orElseThrow(
                () ->
                    new MeterwatchException(
                        ErrorCode.NOT_FOUND, "no incident " + incidentId + " in the register"));
    if (!i.major()) {
      throw IncidentRegister.invalid(
          "incident " + incidentId + " is not a major incident: only major incidents are reviewed");
    }
  }

  private static void insert(Connection c, Review r) throws SQLException {
    List<String> cols = new ArrayList<>(List.of("incident_id", "version", "status"));
    for (ReviewArea a : ReviewArea.values()) {
      cols.add(a.column() + "_rag");
      cols.add(a.column() + "_reasoning");
    }
    cols.addAll(
        List.of(
            "root_cause",
            "symptoms",
            "detected_us",
            "users_told_us",
            "restored_us",
            "action_refs",
            "summary",
            "author",
            "created_us",
            "published_by",
            "published_us"));
    String sql =
        "INSERT INTO incident_reviews ("
            + String.join(", ", cols)
            + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(cols.size(), "?"))
            + ")";
    try (PreparedStatement p = c.prepareStatement(sql)) {
      int i = 1;
      p.setString(i++, r.incidentId());
      p.setInt(i++, r.version());
      p.setString(i++, r.status());
      for (ReviewArea a : ReviewArea.values()) {
        Rag rag = r.rag(a);
        p.setString(i++, rag == null ? null : rag.name());
        p.setString(i++, r.reasoning(a));
      }
      p.setString(i++, r.rootCause());
      p.setString(i++, r.symptoms());
      Values.setMicros(p, i++, r.detectedAt());
      Values.setMicros(p, i++, r.usersToldAt());
      Values.setMicros(p, i++, r.restoredAt());
      p.setArray(i++, Values.array(c, r.actionRefs()));
      p.setString(i++, r.summary());
      p.setString(i++, r.author());
      Values.setMicros(p, i++, r.createdAt());
      p.setString(i++, r.publishedBy());
      Values.setMicros(p, i, r.publishedAt());
      p.executeUpdate();
    }
  }

  private static List<Review> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      List<Review> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          EnumMap<ReviewArea, Rag> rags = new EnumMap<>(ReviewArea.class);
          EnumMap<ReviewArea, String> reasons = new EnumMap<>(ReviewArea.class);
          for (ReviewArea a : ReviewArea.values()) {
            String rag = r.getString(a.column() + "_rag");
            if (rag != null) {
              rags.put(a, Rag.valueOf(rag));
            }
            String why = r.getString(a.column() + "_reasoning");
            if (why != null) {
              reasons.put(a, why);
            }
          }
          out.add(
              new Review(
                  r.getString("incident_id"),
                  r.getInt("version"),
                  r.getString("status"),
                  rags,
                  reasons,
                  r.getString("root_cause"),
                  r.getString("symptoms"),
                  Values.getInstant(r, "detected_us"),
                  Values.getInstant(r, "users_told_us"),
                  Values.getInstant(r, "restored_us"),
                  Values.list(r, "action_refs"),
                  r.getString("summary"),
                  r.getString("author"),
                  Values.getInstant(r, "created_us"),
                  r.getString("published_by"),
                  Values.getInstant(r, "published_us")));
        }
      }
      return out;
    }
  }

  /** The rules of a review version. */
  private final class Kind implements RegisterKind<Review> {
    @Override
    public String name() {
      return REGISTER;
    }

    @Override
    public List<String> columns() {
      return Review.COLUMNS;
    }

    @Override
    public Review parse(Fields f) {
      return Review.from(f);
    }

    @Override
    public void check(Connection c, Review r) throws SQLException {
      Optional<Review> same = find(c, key(r));
      if (same.isPresent() && same.get().toMap().equals(r.toMap())) {
        return; // unchanged: an export imports back whatever became of its incident since
      }
      checkIncident(c, r.incidentId());
      if (r.version() < 1) {
        throw IncidentRegister.invalid("review version " + r.version() + " is not 1 or more");
      }
      if (!Review.DRAFT.equals(r.status()) && !Review.PUBLISHED.equals(r.status())) {
        throw IncidentRegister.invalid(
            "review status '" + r.status() + "' is not DRAFT or PUBLISHED");
      }
      if (r.published()) {
        // What `review publish` requires, an imported published version requires too.
        List<String> missing = missingToPublish(r);
        if (r.publishedBy() == null || r.publishedAt() == null) {
          missing.add("who published it and when");
        }
        if (!missing.isEmpty()) {
          throw IncidentRegister.invalid(
              "published version "
                  + r.version()
                  + " of the review of "
                  + r.incidentId()
                  + " lacks "
                  + String.join(", ", missing));
        }
        if (r.createdAt() != null && r.publishedAt().isBefore(r.createdAt())) {
          throw IncidentRegister.invalid(
              "version "
                  + r.version()
                  + " of the review of "
                  + r.incidentId()
                  + " is published before it was written");
        }
      }
      if (r.detectedAt() != null) {
        notBefore(r.usersToldAt(), "Users were told", r.detectedAt());
        notBefore(r.restoredAt(), "service was restored", r.detectedAt());
      }
      for (String ref : r.actionRefs()) {
        try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM actions WHERE ref = ?")) {
          p.setString(1, ref);
          try (ResultSet rs = p.executeQuery()) {
            if (!rs.next()) {
              throw new MeterwatchException(
                  ErrorCode.NOT_FOUND,
                  "follow-up action " + ref + " is not in the action log (add it first)");
            }
          }
        }
      }
      Optional<Review> held = find(c, key(r));
      if (held.isPresent() && !held.get().toMap().equals(r.toMap())) {
        throw IncidentRegister.invalid(
            "version "
                + r.version()
                + " of the review of "
                + r.incidentId()
                + " is already held with other content (review versions never change)");
      }
    }

    /** Each incident's versions, held and imported, run 1, 2, 3 ... with none skipped. */
    @Override
    public void checkTogether(Connection c, List<Review> records) throws SQLException {
      java.util.Map<String, java.util.TreeSet<Integer>> versions = new java.util.TreeMap<>();
      for (Review r : records) {
        versions.computeIfAbsent(r.incidentId(), k -> new java.util.TreeSet<>()).add(r.version());
      }
      for (var e : versions.entrySet()) {
        try (PreparedStatement p =
            c.prepareStatement("SELECT version FROM incident_reviews WHERE incident_id = ?")) {
          p.setString(1, e.getKey());
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              e.getValue().add(rs.getInt(1));
            }
          }
        }
        int expected = 1;
        for (int v : e.getValue()) {
          if (v != expected) {
            throw IncidentRegister.invalid(
                "the review of "
                    + e.getKey()
                    + " would skip version "
                    + expected
                    + " (versions run 1, 2, 3 ... with none skipped)");
          }
          expected++;
        }
      }
    }

    private void notBefore(Instant t, String what, Instant detected) {
      if (t != null && t.isBefore(detected)) {
        throw IncidentRegister.invalid(
            "the timeline says "
                + what
                + " at "
                + t
                + ", before the incident was detected at "
                + detected);
      }
    }

    @Override
    public String key(Review r) {
      return r.key();
    }

    @Override
    public Optional<Review> find(Connection c, String key) throws SQLException {
      int hash = key.lastIndexOf('#');
      return query(
              c,
              SELECT + " WHERE incident_id = ? AND CAST(version AS VARCHAR) = ?",
              key.substring(0, hash),
              key.substring(hash + 1))
          .stream()
          .findFirst();
    }

    @Override
    public void insert(Connection c, Review r, Instant now, String who, String source)
        throws SQLException {
      ReviewRegister.insert(c, r);
    }

    @Override
    public void update(
        Connection c, Review before, Review after, Instant now, String who, String source) {
      throw IncidentRegister.invalid(
          "version "
              + after.version()
              + " of the review of "
              + after.incidentId()
              + " is already held (review versions never change)");
    }

    @Override
    public Map<String, Object> toMap(Review r) {
      return r.toMap();
    }
  }
}
