package uk.meterwatch.engine.registers;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.meterwatch.engine.store.Store;

/**
 * The action log: the contract's actions table, one row per ref. Every change is written with its
 * audit row in one transaction; a change that breaks a rule is refused and changes nothing.
 */
public final class ActionLog {
  public static final String REGISTER = "actions";

  /** "meeting/number", optionally after the group's name: 105/01, OPSG 102/05. */
  static final Pattern REF = Pattern.compile("([A-Za-z][A-Za-z0-9_-]* )?\\d+/\\d+");

  private static final String SELECT =
      "SELECT ref, text, owner, raised_on, target_on, revised_target_on, status, closed_on"
          + " FROM actions";

  private final Store store;
  private final Kind kind = new Kind();
  private final Records<Action> records;

  public ActionLog(Store store, Clock clock) {
    this.store = store;
    this.records = new Records<>(store, kind, clock, "action", "log", "use update");
  }

  /** Every action in ref order (meeting, then number). */
  public List<Action> list() {
    return Tx.read(store, c -> query(c, SELECT + " ORDER BY raised_on, ref"));
  }

  /** Open actions past their (revised) target date on a day. */
  public List<Action> overdue(LocalDate today) {
    return list().stream().filter(a -> a.overdue(today)).toList();
  }

  public Optional<Action> find(String ref) {
    return records.find(ref);
  }

  public Action get(String ref) {
    return records.get(ref);
  }

  public Action add(Action action, String who) {
    return records.add(action, who);
  }

  public Action update(Action changed, String who) {
    return records.change(changed, "UPDATE", who);
  }

  /** Closes an open action on a day. */
  public Action close(String ref, LocalDate closedOn, String who) {
    Action before = get(ref);
    if (!before.open()) {
      throw IncidentRegister.invalid("action " + ref + " is already closed");
    }
    return records.change(
        new Action(
            before.ref(),
            before.text(),
            before.owner(),
            before.raisedOn(),
            before.targetOn(),
            before.revisedTargetOn(),
            Action.CLOSED,
            closedOn),
        "CLOSE",
        who);
  }

  public void exportTo(Path file, ExchangeFormat format) {
    records.exportTo(file, format, list());
  }

  public ImportReport importFrom(Path file, ExchangeFormat format, String who) {
    return records.importFrom(file, format, who);
  }

  private static List<Action> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      List<Action> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Action(
                  r.getString("ref"),
                  r.getString("text"),
                  r.getString("owner"),
                  Values.getDate(r, "raised_on"),
                  Values.getDate(r, "target_on"),
                  Values.getDate(r, "revised_target_on"),
                  r.getString("status"),
                  Values.getDate(r, "closed_on")));
        }
      }
      return out;
    }
  }

  /** The rules of an action record. */
  private final class Kind implements RegisterKind<Action> {
    @Override
    public String name() {
      return REGISTER;
    }

    @Override
    public List<String> columns() {
      return Action.COLUMNS;
    }

    @Override
    public Action parse(Fields f) {
      return Action.from(f);
    }

    @Override
    public void check(Connection c, Action a) {
      if (a.ref() == null || !REF.matcher(a.ref()).matches()) {
        throw IncidentRegister.invalid(
            "action reference '" + a.ref() + "' is not meeting/number (e.g. 105/01)");
      }
      if (a.text() == null || a.text().isBlank()) {
        throw IncidentRegister.invalid("action " + a.ref() + " needs its text");
      }
      if (a.owner() == null || a.owner().isBlank()) {
        throw IncidentRegister.invalid("action " + a.ref() + " needs an owner");
      }
      if (a.raisedOn() == null) {
        throw IncidentRegister.invalid("action " + a.ref() + " needs the date it was raised");
      }
      notBefore(a, "target date", a.targetOn());
      notBefore(a, "revised target date", a.revisedTargetOn());
      notBefore(a, "closing date", a.closedOn());
      if (!Action.OPEN.equals(a.status()) && !Action.CLOSED.equals(a.status())) {
        throw IncidentRegister.invalid(
            "action " + a.ref() + ": status '" + a.status() + "' is not OPEN or CLOSED");
      }
      if (a.open() && a.closedOn() != null) {
        throw IncidentRegister.invalid(
            "action " + a.ref() + " is OPEN but has a closing date " + a.closedOn());
      }
    }

    private void notBefore(Action a, String what, LocalDate d) {
      if (d != null && d.isBefore(a.raisedOn())) {
        throw IncidentRegister.invalid(
            "action "
                + a.ref()
                + ": "
                + what
                + " "
                + d
                + " is before the date it was raised "
                + a.raisedOn());
      }
    }

    @Override
    public String key(Action a) {
      return a.ref();
    }

    @Override
    public Optional<Action> find(Connection c, String key) throws SQLException {
      return query(c, SELECT + " WHERE ref = ?", key).stream().findFirst();
    }

    @Override
    public void insert(Connection c, Action a, Instant now, String who, String source)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO actions (text, owner, raised_on, target_on, revised_target_on, status,"
                  + " closed_on, ref, load_id, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0)")) {
        bind(p, a);
        p.setString(8, a.ref());
        p.executeUpdate();
      }
    }

    @Override
    public void update(
        Connection c, Action before, Action after, Instant now, String who, String source)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE actions SET text = ?, owner = ?, raised_on = ?, target_on = ?,"
                  + " revised_target_on = ?, status = ?, closed_on = ? WHERE ref = ?")) {
        bind(p, after);
        p.setString(8, before.ref());
        p.executeUpdate();
      }
    }

    private void bind(PreparedStatement p, Action a) throws SQLException {
      p.setString(1, a.text());
      p.setString(2, a.owner());
      Values.setDate(p, 3, a.raisedOn());
      Values.setDate(p, 4, a.targetOn());
      Values.setDate(p, 5, a.revisedTargetOn());
      p.setString(6, a.status());
      Values.setDate(p, 7, a.closedOn());
    }

    @Override
    public Map<String, Object> toMap(Action a) {
      return a.toMap();
    }
  }
}
