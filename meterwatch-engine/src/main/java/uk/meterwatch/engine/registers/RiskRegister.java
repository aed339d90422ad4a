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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RiskSettings;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * The risk register: the contract's risks table (one row per risk id) and every rating of each risk
 * with date, who and why. Bands and the escalation threshold come from the rule set in force today.
 * Every change is written with its audit row in one transaction.
 */
public final class RiskRegister {
  public static final String REGISTER = "risks";

  /** Export columns: the contract's, then what the rules say (ignored on import). */
  public static final List<String> EXPORT_COLUMNS =
      List.of(
          "risk_id",
          "title",
          "likelihood",
          "impact",
          "owner",
          "status",
          "severity",
          "band",
          "escalated");

  private static final String SELECT =
      "SELECT risk_id, title, likelihood, impact, owner, status FROM risks";

  private final Store store;
  private final RuleBook rules;
  private final Clock clock;
  private final Kind kind = new Kind();

  public RiskRegister(Store store, RuleBook rules, Clock clock) {
    this.store = store;
    this.rules = rules;
    this.clock = clock;
  }

  /** The risk settings in force today. */
  public RiskSettings settings() {
    return rules.inForceOn(today()).risks();
  }

  public RiskAssessment assess(Risk r) {
    RiskSettings s = settings();
    return new RiskAssessment(r, r.severity(), s.bandOf(r.severity()), s.escalated(r.severity()));
  }

  /** Every risk, most severe first. */
  public List<RiskAssessment> list() {
    List<Risk> all = Tx.read(store, c -> query(c, SELECT));
    return all.stream()
        .sorted(Comparator.comparingInt(Risk::severity).reversed().thenComparing(Risk::id))
        .map(this::assess)
        .toList();
  }

  /** Open risks at or above the escalation threshold: those for the SEC Panel. */
  public List<RiskAssessment> escalations() {
    return list().stream().filter(a -> a.risk().open() && a.escalated()).toList();
  }

  public Optional<Risk> find(String id) {
    return Tx.read(store, c -> kind.find(c, id));
  }

  public Risk get(String id) {
    return find(id).orElseThrow(() -> notFound(id));
  }

  /** Every rating of a risk, oldest first. */
  public List<RiskRating> history(String id) {
    return Tx.read(store, c -> ratings(c, id));
  }

  /** Adds a risk with its first rating. */
  public Risk add(Risk risk, LocalDate ratedOn, String reason, String who) {
    return Tx.run(
        store,
        c -> {
          kind.check(c, risk);
          if (kind.find(c, risk.id()).isPresent()) {
            throw IncidentRegister.invalid(
                "risk " + risk.id() + " is already in the register (use rate or update)");
          }
          Instant now = clock.instant();
          insertRisk(c, risk);
          addRating(c, risk, ratedOn, who, reason == null ? "first rating" : reason, now);
          AuditTrail.record(c, now, who, REGISTER, risk.id(), "ADD", "cli", null, risk.toMap());
          return risk;
        });
  }

  /** Re-rates a risk; the rating is kept with date, who and why. */
  public Risk rate(
      String id, int likelihood, int impact, LocalDate ratedOn, String reason, String who) {
    if (reason == null || reason.isBlank()) {
      throw IncidentRegister.invalid("a re-rating of risk " + id + " needs a reason");
    }
    return Tx.run(
        store,
        c -> {
          Risk before = kind.find(c, id).orElseThrow(() -> notFound(id));
          Risk after = before.rated(likelihood, impact);
          kind.check(c, after);
          Instant now = clock.instant();
          updateRisk(c, after);
          addRating(c, after, ratedOn, who, reason, now);
          AuditTrail.record(
              c, now, who, REGISTER, id, "RATE", "cli", before.toMap(), after.toMap());
          return after;
        });
  }

  /** Changes title, owner or status; a new rating goes through {@link #rate}, with its reason. */
  public Risk update(Risk changed, String who) {
    return Tx.run(
        store,
        c -> {
          Risk before = kind.find(c, changed.id()).orElseThrow(() -> notFound(changed.id()));
          if (before.likelihood() != changed.likelihood() || before.impact() != changed.impact()) {
            throw IncidentRegister.invalid(
                "risk "
                    + changed.id()
                    + ": change likelihood or impact with rate (a reason is kept)");
          }
          if (before.toMap().equals(changed.toMap())) {
            throw IncidentRegister.invalid(
                changed.id() + ": nothing to change (give at least one new value)");
          }
          kind.check(c, changed);
          Instant now = clock.instant();
          updateRisk(c, changed);
          AuditTrail.record(
              c,
              now,
              who,
              REGISTER,
              changed.id(),
              "UPDATE",
              "cli",
              before.toMap(),
              changed.toMap());
          return changed;
        });
  }

  public void exportTo(Path file, ExchangeFormat format) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RiskAssessment a : list()) {
      Map<String, Object> m = new LinkedHashMap<>(a.risk().toMap());
      m.put("severity", a.severity());
      m.put("band", a.band());
      m.put("escalated", a.escalated());
      rows.add(m);
    }
    Tabular.write(file, format, EXPORT_COLUMNS, rows);
  }

  /**
   * Imports risks; a new risk or a changed likelihood or impact gets a rating dated today with the
   * reason "imported from FILE".
   */
  public ImportReport importFrom(Path file, ExchangeFormat format, String who) {
    return Importer.run(store, kind, file, format, who, clock);
  }

  /**
   * Rates the risks a load writes (in its transaction, before they replace the stored ones): a risk
   * it adds gets its first rating, one whose likelihood or impact it changes a new one, dated the
   * load's day (UK) and never before the current rating, by "loader", reason "loaded from FILE", as
   * an import rates them.
   *
   * @param newRows a table of the risks about to be written (the contract's columns)
   */
  public static void rateLoaded(Connection c, String newRows, String file, Instant now)
      throws SQLException {
    LocalDate today = LocalDate.ofInstant(now, ReportingMonth.UK);
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO risk_ratings (risk_id, seq, rated_on, rated_by, reason, likelihood,"
                + " impact, recorded_us) SELECT v.risk_id, coalesce(h.seq, 0) + 1,"
                + " greatest(?::DATE, coalesce(h.last_on, ?::DATE)), 'loader', ?, v.likelihood,"
                + " v.impact, ? FROM "
                + newRows
                + " v LEFT JOIN risks t ON t.risk_id = v.risk_id LEFT JOIN (SELECT risk_id,"
                + " max(seq) AS seq, max(rated_on) AS last_on FROM risk_ratings GROUP BY risk_id)"
                + " h ON h.risk_id = v.risk_id WHERE t.risk_id IS NULL"
                + " OR t.likelihood <> v.likelihood OR t.impact <> v.impact")) {
      p.setString(1, today.toString());
      p.setString(2, today.toString());
      p.setString(3, "loaded from " + file);
      p.setLong(4, Values.micros(now));
      p.executeUpdate();
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ReportingMonth.UK);
  }

  private static MeterwatchException notFound(String id) {
    return new MeterwatchException(ErrorCode.NOT_FOUND, "no risk " + id + " in the register");
  }

  private static void insertRisk(Connection c, Risk r) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO risks (title, likelihood, impact, owner, status, risk_id, load_id, line)"
                + " VALUES (?, ?, ?, ?, ?, ?, 0, 0)")) {
      bind(p, r);
      p.executeUpdate();
    }
  }

  private static void updateRisk(Connection c, Risk r) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "UPDATE risks SET title = ?, likelihood = ?, impact = ?, owner = ?, status = ?"
                + " WHERE risk_id = ?")) {
      bind(p, r);
      p.executeUpdate();
    }
  }

  private static void bind(PreparedStatement p, Risk r) throws SQLException {
    p.setString(1, r.title());
    p.setInt(2, r.likelihood());
    p.setInt(3, r.impact());
    p.setString(4, r.owner());
    p.setString(5, r.status());
    p.setString(6, r.id());
  }

  private void addRating(
      Connection c, Risk r, LocalDate ratedOn, String who, String reason, Instant now)
      throws SQLException {
    List<RiskRating> held = ratings(c, r.id());
    int seq = held.size() + 1;
    LocalDate on = ratedOn == null ? today() : ratedOn;
    // Ratings are kept in date order, none ahead of today: the current rating is the latest.
    if (on.isAfter(today())) {
      throw IncidentRegister.invalid(
          "risk " + r.id() + ": a rating cannot be dated after today (" + on + ")");
    }
    if (!held.isEmpty() && on.isBefore(held.get(held.size() - 1).ratedOn())) {
      throw IncidentRegister.invalid(
          "risk "
              + r.id()
              + ": a rating dated "
              + on
              + " would come before the current one, dated "
              + held.get(held.size() - 1).ratedOn());
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO risk_ratings (risk_id, seq, rated_on, rated_by, reason, likelihood,"
                + " impact, recorded_us) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setString(1, r.id());
      p.setInt(2, seq);
      Values.setDate(p, 3, on);
      p.setString(4, who);
      p.setString(5, reason);
      p.setInt(6, r.likelihood());
      p.setInt(7, r.impact());
      p.setLong(8, Values.micros(now));
      p.executeUpdate();
    }
  }

  private static List<RiskRating> ratings(Connection c, String id) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT risk_id, seq, rated_on, rated_by, reason, likelihood, impact, recorded_us"
                + " FROM risk_ratings WHERE risk_id = ? ORDER BY seq")) {
      p.setString(1, id);
      List<RiskRating> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new RiskRating(
                  r.getString("risk_id"),
                  r.getInt("seq"),
                  Values.getDate(r, "rated_on"),
                  r.getString("rated_by"),
                  r.getString("reason"),
                  r.getInt("likelihood"),
                  r.getInt("impact"),
                  Values.getInstant(r, "recorded_us")));
        }
      }
      return out;
    }
  }

  private static List<Risk> query(Connection c, String sql, String... args) throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        p.setString(i + 1, args[i]);
      }
      List<Risk> out = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          out.add(
              new Risk(
                  r.getString("risk_id"),
                  r.getString("title"),
                  r.getInt("likelihood"),
                  r.getInt("impact"),
                  r.getString("owner"),
                  r.getString("status")));
        }
      }
      return out;
    }
  }

  /** The rules of a risk record. */
  private final class Kind implements RegisterKind<Risk> {
    @Override
    public String name() {
      return REGISTER;
    }

    @Override
    public List<String> columns() {
      return Risk.COLUMNS;
    }

    @Override
    public Risk parse(Fields f) {
      return Risk.from(f);
    }

    @Override
    public void check(Connection c, Risk r) {
      if (r.id() == null || r.id().isBlank()) {
        throw IncidentRegister.invalid("a risk needs a risk id");
      }
      if (r.title() == null || r.title().isBlank()) {
        throw IncidentRegister.invalid("risk " + r.id() + " needs a title");
      }
      scale(r, "likelihood", r.likelihood());
      scale(r, "impact", r.impact());
      if (!Risk.OPEN.equals(r.status()) && !Risk.CLOSED.equals(r.status())) {
        throw IncidentRegister.invalid(
            "risk " + r.id() + ": status '" + r.status() + "' is not OPEN or CLOSED");
      }
    }

    private void scale(Risk r, String what, int value) {
      if (value < 1 || value > 5) {
        throw IncidentRegister.invalid(
            "risk " + r.id() + ": " + what + " " + value + " is outside 1 to 5");
      }
    }

    @Override
    public String key(Risk r) {
      return r.id();
    }

    @Override
    public Optional<Risk> find(Connection c, String key) throws SQLException {
      return query(c, SELECT + " WHERE risk_id = ?", key).stream().findFirst();
    }

    @Override
    public void insert(Connection c, Risk r, Instant now, String who, String source)
        throws SQLException {
      insertRisk(c, r);
      addRating(c, r, null, who, "imported from " + source.replaceFirst("^import:", ""), now);
    }

    @Override
    public void update(
        Connection c, Risk before, Risk after, Instant now, String who, String source)
        throws SQLException {
      updateRisk(c, after);
      if (before.likelihood() != after.likelihood() || before.impact() != after.impact()) {
        addRating(c, after, null, who, "imported from " + source.replaceFirst("^import:", ""), now);
      }
    }

    @Override
    public Map<String, Object> toMap(Risk r) {
      return r.toMap();
    }
  }
}
