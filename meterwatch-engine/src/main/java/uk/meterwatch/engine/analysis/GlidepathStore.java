package uk.meterwatch.engine.analysis;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/** Saved glidepaths in the store (table glidepaths, migration V009). A name is saved once. */
public final class GlidepathStore {
  private final Store store;

  public GlidepathStore(Store store) {
    this.store = store;
  }

  public Glidepath save(Glidepath g, String name, Instant at) {
    if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE,
          "a glidepath name is 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or"
              + " digit), got '"
              + name
              + "'");
    }
    if (find(name).isPresent()) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE,
          "a glidepath named " + name + " is already saved: a saved forecast is never replaced");
    }
    Glidepath saved = g.saved(name, at);
    LinearFit f = g.fit();
    try (PreparedStatement p =
        store
            .connection()
            .prepareStatement(
                "INSERT INTO glidepaths VALUES"
                    + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      int i = 1;
      p.setString(i++, name);
      p.setString(i++, g.subject().kind().name());
      p.setString(i++, g.subject().name());
      p.setString(i++, g.scope().level().name());
      p.setString(i++, g.scope().level() == Level.NATIONAL ? null : g.scope().key());
      p.setDouble(i++, g.target());
      p.setString(i++, g.by().toString());
      p.setString(i++, g.fitFrom().toString());
      p.setString(i++, g.fitTo().toString());
      p.setInt(i++, f.n());
      p.setDouble(i++, f.intercept());
      p.setDouble(i++, f.slope());
      p.setDouble(i++, f.meanX());
      p.setDouble(i++, f.sxx());
      p.setDouble(i++, f.residualSd());
      p.setDouble(i++, f.slopePValue());
      p.setLong(i, ReportingMonth.micros(at));
      p.executeUpdate();
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot save the glidepath " + name + ": " + e.getMessage(), e);
    }
    return saved;
  }

  /**
   * A glidepath's months from its first to the later of {@code through} and its target month, the
   * actuals read through {@code through}, each judged against the glidepath as it is (a saved one:
   * the forecast as saved, never a refit).
   */
  public List<Glidepath.Point> judge(Glidepath g, RuleBook rules, ReportingMonth through) {
    RegionalData data = RegionalData.read(store, rules, g.subject(), g.fitFrom(), through);
    List<Counts> series = data.series(g.scope().level(), g.scope().key());
    return g.points(data.months(), series, through);
  }

  public Optional<Glidepath> find(String name) {
    List<Glidepath> found = query(" WHERE name = ?", name);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public List<Glidepath> all() {
    return query(" ORDER BY name");
  }

  private List<Glidepath> query(String where, String... values) {
    List<Glidepath> out = new ArrayList<>();
    try (PreparedStatement p =
        store.connection().prepareStatement("SELECT * FROM glidepaths" + where)) {
      for (int i = 0; i < values.length; i++) {
        p.setString(i + 1, values[i]);
      }
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          Subject subject =
              new Subject(
                  Subject.Kind.valueOf(rs.getString("subject_kind")), rs.getString("subject"));
          Level level = Level.valueOf(rs.getString("scope_level"));
          LinearFit fit =
              new LinearFit(
                  rs.getInt("n"),
                  rs.getDouble("intercept"),
                  rs.getDouble("slope"),
                  rs.getDouble("mean_x"),
                  rs.getDouble("sxx"),
                  rs.getDouble("residual_sd"),
                  rs.getDouble("slope_p"));
          out.add(
              new Glidepath(
                  rs.getString("name"),
                  subject,
                  Scope.of(level, rs.getString("scope_key")),
                  rs.getDouble("target"),
                  ReportingMonth.parse(rs.getString("by_month")),
                  ReportingMonth.parse(rs.getString("fit_from")),
                  ReportingMonth.parse(rs.getString("fit_to")),
                  fit,
                  ReportingMonth.fromMicros(rs.getLong("saved_us"))));
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the saved glidepaths: " + e.getMessage(), e);
    }
    return out;
  }
}
