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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * The register of approved exceptions (docs/registers.md): what the DCC may leave out of measures,
 * by item id or, for availability, by period. Records are added, withdrawn (never deleted: a report
 * as of an earlier day still applies them), exported and imported like every register, each change
 * with its audit row. The PMR applies those in force (docs/measures.md).
 */
public final class ExceptionRegister {
  public static final String REGISTER = "exceptions";

  /** An exception's id and each item id: letters, digits and {@code . _ / : -}, no spaces. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/:-]{0,99}");

  /** A scope: ALL or a line of a measure (a provider or a reporting scope). */
  static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._&/ -]{0,99}");

  /** The columns of exports and imports. */
  public static final List<String> COLUMNS =
      List.of(
          "exception_id",
          "measures",
          "scope",
          "items",
          "period_from",
          "period_to",
          "reason",
          "approved_by",
          "approved_on",
          "withdrawn_on",
          "withdrawn_reason");

  private static final String SELECT =
      "SELECT exception_id, measures, scope, items, period_from_us, period_to_us, reason,"
          + " approved_by, approved_on, withdrawn_on, withdrawn_reason FROM approved_exceptions";

  private final Store store;
  private final RuleBook rules;
  private final Clock clock;
  private final Kind kind = new Kind();
  private final Records<ApprovedException> records;

  public ExceptionRegister(Store store, RuleBook rules, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.clock = clock;
    this.records =
        new Records<>(
            store, kind, clock, "exception", "register", "withdraw it and add another id");
  }

  /**
   * The exceptions in force at the end of {@code clock}'s day (UK), as the register stood then
   * (docs/registers.md, "As of a date"): what a report made with that "now" applies.
   */
  public static List<ApprovedException> asOf(Store store, RuleBook rules, Clock clock) {
    LocalDate day = ApprovedException.dayBefore(clock.instant());
    return RegistersAsOf.of(new Registers(store, rules, clock), day).exceptions().stream()
        .filter(e -> e.inForceOn(day))
        .toList();
  }

  /** Every exception, by approval date then id. */
  public List<ApprovedException> list() {
    return Tx.read(store, c -> query(c, SELECT + " ORDER BY approved_on, exception_id"));
  }

  public Optional<ApprovedException> find(String id) {
    return records.find(id);
  }

  public ApprovedException get(String id) {
    return records.get(id);
  }

  public ApprovedException add(ApprovedException exception, String who) {
    if (exception.withdrawn()) {
      throw IncidentRegister.invalid(
          "exception " + exception.id() + ": a new exception is not withdrawn");
    }
    return records.add(exception, who);
  }

  /** Withdraws an exception on a day (default today): reports as of that day on leave it out. */
  public ApprovedException withdraw(String id, LocalDate on, String reason, String who) {
    ApprovedException e = get(id);
    if (e.withdrawn()) {
      throw IncidentRegister.invalid(
          "exception " + id + " was already withdrawn on " + e.withdrawnOn());
    }
    LocalDate day = on != null ? on : today();
    return records.change(
        new ApprovedException(
            e.id(),
            e.measures(),
            e.scope(),
            e.items(),
            e.periodFrom(),
            e.periodTo(),
            e.reason(),
            e.approvedBy(),
            e.approvedOn(),
            day,
            reason == null || reason.isBlank() ? null : reason.strip()),
        "WITHDRAW",
        who);
  }

  public void exportTo(Path file, ExchangeFormat format) {
    records.exportTo(file, format, list());
  }

  public ImportReport importFrom(Path file, ExchangeFormat format, String who) {
    return records.importFrom(file, format, who);
  }

  private LocalDate today() {
    return clock.instant().atZone(ReportingMonth.UK).toLocalDate();
  }

  /** An exception as the contract-like fields of its exports (instants ISO-8601 UTC). */
  public static Map<String, Object> toMap(ApprovedException e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exception_id", e.id());
    m.put("measures", e.measures());
    m.put("scope", e.scope());
    m.put("items", e.items());
    m.put("period_from", e.periodFrom() == null ? null : e.periodFrom().toString());
    m.put("period_to", e.periodTo() == null ? null : e.periodTo().toString());
    m.put("reason", e.reason());
    m.put("approved_by", e.approvedBy());
    m.put("approved_on", e.approvedOn() == null ? null : e.approvedOn().toString());
    m.put("withdrawn_on", e.withdrawnOn() == null ? null : e.withdrawnOn().toString());
    m.put("withdrawn_reason", e.withdrawnReason());
    return m;
  }

  /** An exception from an import's row or the audit trail's record. */
  static ApprovedException from(Fields f) {
    return new ApprovedException(
        f.required("exception_id"),
        f.list("measures"),
        f.text("scope"),
        f.list("items"),
        f.instant("period_from", false),
        f.instant("period_to", false),
        f.required("reason"),
        f.required("approved_by"),
        f.date("approved_on", true),
        f.date("withdrawn_on", false),
        f.text("withdrawn_reason"));
  }

  private static List<ApprovedException> query(Connection c, String sql, String... args)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      List<ApprovedException> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new ApprovedException(
                  r.getString("exception_id"),
                  Values.list(r, "measures"),
                  r.getString("scope"),
                  Values.list(r, "items"),
                  Values.getInstant(r, "period_from_us"),
                  Values.getInstant(r, "period_to_us"),
                  r.getString("reason"),
                  r.getString("approved_by"),
                  Values.getDate(r, "approved_on"),
                  Values.getDate(r, "withdrawn_on"),
                  r.getString("withdrawn_reason")));
        }
      }
      return out;
    }
  }

  /** The rules of an exception record. */
  private final class Kind implements RegisterKind<ApprovedException> {
    @Override
    public String name() {
      return REGISTER;
    }

    @Override
    public List<String> columns() {
      return COLUMNS;
    }

    @Override
    public ApprovedException parse(Fields f) {
      return from(f);
    }

    @Override
    public void check(Connection c, ApprovedException e) {
      String id = e.id();
      if (id == null || !ID.matcher(id).matches()) {
        throw IncidentRegister.invalid(
            "exception id '"
                + id
                + "' must be letters, digits and . _ / : - (no spaces), at most 100");
      }
      String what = "exception " + id;
      if (e.measures().isEmpty()) {
        throw IncidentRegister.invalid(what + " names no measure (--measure CPM1 ...)");
      }
      if (!ApprovedException.ALL.equalsIgnoreCase(e.scope())
          && !SCOPE.matcher(e.scope()).matches()) {
        throw IncidentRegister.invalid(
            what + ": scope '" + e.scope() + "' is not ALL or a line of a measure (CSP-N)");
      }
      boolean period = e.periodFrom() != null || e.periodTo() != null;
      if (period && !e.items().isEmpty()) {
        throw IncidentRegister.invalid(what + " covers either listed items or a period, not both");
      }
      if (!period && e.items().isEmpty()) {
        throw IncidentRegister.invalid(
            what + " covers nothing: list the request, alert or incident ids, or give a period");
      }
      if (period && (e.periodFrom() == null || e.periodTo() == null)) {
        throw IncidentRegister.invalid(what + ": a period needs both its start and its end");
      }
      if (period && !e.periodFrom().isBefore(e.periodTo())) {
        throw IncidentRegister.invalid(
            what
                + ": the period ends at "
                + e.periodTo()
                + ", not after it starts at "
                + e.periodFrom());
      }
      for (String item : e.items()) {
        if (!ID.matcher(item).matches()) {
          throw IncidentRegister.invalid(
              what + ": item id '" + item + "' must be letters, digits and . _ / : -");
        }
      }
      for (String m : e.measures()) {
        Optional<MeasureDefinition> def = anyDefinition(m);
        if (def.isEmpty()) {
          throw IncidentRegister.invalid(
              what + ": no rule set has a measure " + m + " (meterwatch rules lists them)");
        }
        boolean time = "minutes".equals(def.get().calculation().unit());
        if (time && !period) {
          throw IncidentRegister.invalid(
              what
                  + ": "
                  + m
                  + " counts minutes of availability: an exception to it covers a period"
                  + " (--from, --to), not items");
        }
        if (!time && period) {
          throw IncidentRegister.invalid(
              what
                  + ": "
                  + m
                  + " counts "
                  + def.get().calculation().unit()
                  + ": an exception to it lists their ids (--item), not a period");
        }
      }
      if (e.reason() == null || e.reason().isBlank()) {
        throw IncidentRegister.invalid(what + " needs its reason");
      }
      if (e.approvedBy() == null || e.approvedBy().isBlank()) {
        throw IncidentRegister.invalid(what + " needs who approved it");
      }
      if (e.approvedOn() == null) {
        throw IncidentRegister.invalid(what + " needs the day it was approved");
      }
      if (e.approvedOn().isAfter(today())) {
        throw IncidentRegister.invalid(
            what + ": approved on " + e.approvedOn() + ", after today " + today());
      }
      if (e.withdrawnOn() != null) {
        if (e.withdrawnOn().isBefore(e.approvedOn())) {
          throw IncidentRegister.invalid(
              what
                  + ": withdrawn on "
                  + e.withdrawnOn()
                  + ", before it was approved on "
                  + e.approvedOn());
        }
        if (e.withdrawnOn().isAfter(today())) {
          throw IncidentRegister.invalid(
              what + ": withdrawn on " + e.withdrawnOn() + ", after today " + today());
        }
      } else if (e.withdrawnReason() != null) {
        throw IncidentRegister.invalid(what + " has a withdrawal reason but no withdrawal date");
      }
    }

    /** The measure of this id in the rule set in force today, else in any rule set. */
    private Optional<MeasureDefinition> anyDefinition(String id) {
      try {
        Optional<MeasureDefinition> now = rules.inForceOn(today()).measure(id);
        if (now.isPresent()) {
          return now;
        }
      } catch (RuntimeException before) {
        // today is before every rule set: look in all of them
      }
      for (RuleSet rs : rules.ruleSets()) {
        Optional<MeasureDefinition> d = rs.measure(id);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }

    @Override
    public String key(ApprovedException e) {
      return e.id();
    }

    @Override
    public Optional<ApprovedException> find(Connection c, String key) throws SQLException {
      return query(c, SELECT + " WHERE exception_id = ?", key).stream().findFirst();
    }

    @Override
    public void insert(Connection c, ApprovedException e, Instant now, String who, String source)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "INSERT INTO approved_exceptions (measures, scope, items, period_from_us,"
                  + " period_to_us, reason, approved_by, approved_on, withdrawn_on,"
                  + " withdrawn_reason, exception_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        bind(c, p, e);
        p.setString(11, e.id());
        p.executeUpdate();
      }
    }

    @Override
    public void update(
        Connection c,
        ApprovedException before,
        ApprovedException after,
        Instant now,
        String who,
        String source)
        throws SQLException {
      try (PreparedStatement p =
          c.prepareStatement(
              "UPDATE approved_exceptions SET measures = ?, scope = ?, items = ?,"
                  + " period_from_us = ?, period_to_us = ?, reason = ?, approved_by = ?,"
                  + " approved_on = ?, withdrawn_on = ?, withdrawn_reason = ?"
                  + " WHERE exception_id = ?")) {
        bind(c, p, after);
        p.setString(11, before.id());
        p.executeUpdate();
      }
    }

    private void bind(Connection c, PreparedStatement p, ApprovedException e) throws SQLException {
      p.setArray(1, Values.array(c, e.measures()));
      p.setString(2, e.scope());
      p.setArray(3, Values.array(c, e.items()));
      Values.setMicros(p, 4, e.periodFrom());
      Values.setMicros(p, 5, e.periodTo());
      p.setString(6, e.reason());
      p.setString(7, e.approvedBy());
      Values.setDate(p, 8, e.approvedOn());
      Values.setDate(p, 9, e.withdrawnOn());
      p.setString(10, e.withdrawnReason());
    }

    @Override
    public Map<String, Object> toMap(ApprovedException e) {
      return ExceptionRegister.toMap(e);
    }
  }
}
