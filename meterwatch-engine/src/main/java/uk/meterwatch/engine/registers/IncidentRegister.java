package uk.meterwatch.engine.registers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * The incident register: the contract's incidents table, loaded from drops and edited here. A
 * record entered here has load_id 0 and line 0. Every change is written with its audit row in one
 * transaction; a change that breaks a rule is refused and changes nothing.
 */
public final class IncidentRegister {
  public static final String REGISTER = "incidents";

  private static final String SELECT =
      "SELECT incident_id, category, title, opened_us, resolved_us, components, services,"
          + " cause_class, root_cause, major, dcc_responsible FROM incidents";

  private final Store store;
  private final RuleBook rules;
  private final Clock clock;
  private final Kind kind = new Kind();
  private final Records<Incident> records;

  public IncidentRegister(Store store, RuleBook rules, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.clock = clock;
    this.records = new Records<>(store, kind, clock, "incident", "register", "use update");
  }

  /** Every incident, oldest first. */
  public List<Incident> list() {
    return Tx.read(store, c -> all(c));
  }

  /** Every incident, oldest first, on a connection. */
  static List<Incident> all(Connection c) throws SQLException {
    return query(c, SELECT + " ORDER BY opened_us, incident_id");
  }

  public Optional<Incident> find(String id) {
    return records.find(id);
  }

  /** The incident with this id, or a NOT_FOUND error. */
  public Incident get(String id) {
    return records.get(id);
  }

  /** The Target Resolution Time, duration and outcome of an incident by the rules. */
  public IncidentStatus status(Incident i) {
    RuleSet rs = rules.inForceOn(i.openedAt().atZone(ReportingMonth.UK).toLocalDate());
    Duration target = rs.resolutionTime(i.category());
    if (i.resolvedAt() != null) {
      Duration d = Duration.between(i.openedAt(), i.resolvedAt());
      return new IncidentStatus(
          i, target, d, d.compareTo(target) <= 0 ? TargetOutcome.MET : TargetOutcome.MISSED);
    }
    boolean late = clock.instant().isAfter(i.openedAt().plus(target));
    return new IncidentStatus(i, target, null, late ? TargetOutcome.MISSED : TargetOutcome.OPEN);
  }

  public Incident add(Incident incident, String who) {
    return records.add(incident, who);
  }

  /** Replaces an incident's fields with those given (the id says which). */
  public Incident update(Incident changed, String who) {
    return change(changed, "UPDATE", who);
  }

  /** Records the resolution of an open incident. */
  public Incident close(String id, Instant resolvedAt, String rootCause, String who) {
    Incident before = get(id);
    if (!before.open()) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE,
          "incident " + id + " is already closed (resolved at " + before.resolvedAt() + ")");
    }
    return change(before.withResolution(resolvedAt, rootCause), "CLOSE", who);
  }

  private Incident change(Incident changed, String operation, String who) {
    return records.change(changed, operation, who);
  }

  public void exportTo(Path file, ExchangeFormat format) {
    records.exportTo(file, format, list());
  }

  public ImportReport importFrom(Path file, ExchangeFormat format, String who) {
    return records.importFrom(file, format, who);
  }

  RegisterKind<Incident> kind() {
    return kind;
  }

  static List<Incident> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      List<Incident> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          String cause = r.getString("cause_class");
          out.add(
              new Incident(
                  r.getString("incident_id"),
                  r.getInt("category"),
                  r.getString("title"),
                  Values.getInstant(r, "opened_us"),
                  Values.getInstant(r, "resolved_us"),
                  Values.list(r, "components"),
                  Values.list(r, "services"),
                  cause == null ? null : causeOrUnknown(cause),
                  r.getString("root_cause"),
                  r.getBoolean("major"),
                  r.getBoolean("dcc_responsible")));
        }
      }
      return out;
    }
  }

  private static uk.meterwatch.core.architecture.CauseClass causeOrUnknown(String s) {
    try {
      return uk.meterwatch.core.architecture.CauseClass.parse(s);
    } catch (MeterwatchException e) {
      return uk.meterwatch.core.architecture.CauseClass.UNKNOWN;
    }
  }

  /** The rules of an incident record. */
  private final class Kind implements RegisterKind<Incident> {
    @Override
    public String name() {
      return REGISTER;
    }

    @Override
    public List<String> columns() {
      return Incident.COLUMNS;
    }

    @Override
    public Incident parse(Fields f) {
      return Incident.from(f);
    }

    @Override
    public void check(Connection c, Incident i) {
      if (i.id() == null || i.id().isBlank()) {
        throw invalid("an incident needs an incident id");
      }
      if (i.title() == null || i.title().isBlank()) {
        throw invalid("incident " + i.id() + " needs a title");
      }
      if (i.openedAt() == null) {
        throw invalid("incident " + i.id() + " needs the time it opened");
      }
      Map<Integer, Integer> hours =
          rules.inForceOn(i.openedAt().atZone(ReportingMonth.UK).toLocalDate()).resolutionHours();
      if (!hours.containsKey(i.category())) {
        TreeSet<Integer> known = new TreeSet<>(hours.keySet());
        throw invalid(
            "category "
                + i.category()
                + " is not an incident category ("
                + known.first()
                + " to "
                + known.last()
                + ")");
      }
      if (i.resolvedAt() != null && i.resolvedAt().isBefore(i.openedAt())) {
        throw invalid(
            "incident "
                + i.id()
                + " resolved at "
                + i.resolvedAt()
                + ", before it opened at "
                + i.openedAt());
      }
    }

    @Override
    public String key(Incident i) {
      return i.id();
    }

    @Override
    public Optional<Incident> find(Connection c, String key) throws SQLException {
      return query(c, SELECT + " WHERE incident_id = ?", key).stream().findFirst();
    }

    @Override
    public void insert(Connection c, Incident i, Instant now, String who, String source)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO incidents (incident_id, category, title, opened_us, resolved_us,"
                  + " components, services, cause_class, root_cause, major, dcc_responsible,"
                  + " load_id, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
        bind(c, p, i);
        p.executeUpdate();
      }
    }

    @Override
    public void update(
        Connection c, Incident before, Incident after, Instant now, String who, String source)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE incidents SET incident_id = ?, category = ?, title = ?, opened_us = ?,"
                  + " resolved_us = ?, components = ?, services = ?, cause_class = ?,"
                  + " root_cause = ?, major = ?, dcc_responsible = ? WHERE incident_id = ?")) {
        bind(c, p, after);
        p.setString(12, before.id());
        p.executeUpdate();
      }
    }

    private void bind(Connection c, PreparedStatement p, Incident i) throws SQLException {
      p.setString(1, i.id());
      p.setInt(2, i.category());
      p.setString(3, i.title());
      Values.setMicros(p, 4, i.openedAt());
      Values.setMicros(p, 5, i.resolvedAt());
      p.setArray(6, Values.array(c, i.components()));
      p.setArray(7, Values.array(c, i.services()));
      p.setString(8, i.causeClass().name());
      p.setString(9, i.rootCause());
      p.setBoolean(10, i.major());
      p.setBoolean(11, i.dccResponsible());
    }

    @Override
    public Map<String, Object> toMap(Incident i) {
      return i.toMap();
    }
  }

  static MeterwatchException invalid(String message) {
    return new MeterwatchException(ErrorCode.INVALID_VALUE, message);
  }
}
