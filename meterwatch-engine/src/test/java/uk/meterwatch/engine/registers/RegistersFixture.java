package uk.meterwatch.engine.registers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.store.Store;

/** An in-memory store with every register, a fixed clock, and a dump to prove nothing changed. */
final class RegistersFixture implements AutoCloseable {
  static final Instant NOW = Instant.parse("2023-10-23T12:00:00Z");

  final Store store = Store.inMemory();
  final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  final RuleBook rules = RuleBook.standard();
  final IncidentRegister incidents = new IncidentRegister(store, rules, clock);
  final ReviewRegister reviews = new ReviewRegister(store, incidents, clock);
  final RiskRegister risks = new RiskRegister(store, rules, clock);
  final ActionLog actions = new ActionLog(store, clock);
  final AuditTrail audit = new AuditTrail(store);

  /** The 20 Aug 2023 major incident (06:10 to 12:40 BST). */
  static Incident inc1076111() {
    return new Incident(
        "INC000001076111",
        1,
        "DSP primary router crash: no DUIS traffic",
        Instant.parse("2023-08-20T05:10:00Z"),
        Instant.parse("2023-08-20T11:40:00Z"),
        List.of("DSP_ROUTER", "DSP"),
        List.of("DUIS", "SSI", "SSMI", "SMKI_REPO", "REMEDY"),
        CauseClass.ARCHITECTURE,
        null,
        true,
        true);
  }

  /** Every table the registers write, as text: equal dumps mean nothing changed. */
  String dump() {
    StringBuilder b = new StringBuilder();
    for (String table :
        List.of(
            "incidents", "risks", "actions", "incident_reviews", "risk_ratings", "audit_trail")) {
      try (Statement s = store.connection().createStatement();
          ResultSet r = s.executeQuery("SELECT * FROM " + table + " ORDER BY ALL")) {
        int n = r.getMetaData().getColumnCount();
        b.append(table).append('\n');
        while (r.next()) {
          for (int i = 1; i <= n; i++) {
            b.append(r.getString(i)).append('|');
          }
          b.append('\n');
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    store.close();
  }
}
