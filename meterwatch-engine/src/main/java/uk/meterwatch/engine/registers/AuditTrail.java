package uk.meterwatch.engine.registers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * Every change to any register: who, when, which record, and the record before and after. Rows are
 * written by the registers inside the transaction of the change they describe, so a change never
 * exists without its audit row nor the reverse.
 */
public final class AuditTrail {
  private final Store store;

  public AuditTrail(Store store) {
    this.store = store;
  }

  /**
   * Records one change inside the caller's transaction. Public so the drop loader can record its
   * updates too (source {@code load:FILE}).
   */
  public static void record(
      Connection c,
      Instant at,
      String who,
      String register,
      String key,
      String operation,
      String source,
      Map<String, Object> before,
      Map<String, Object> after)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO audit_trail (audit_id, at_us, who, register, record_key, operation,"
                + " source, before_json, after_json)"
                + " VALUES (nextval('audit_id_seq'), ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setLong(1, Values.micros(at));
      p.setString(2, who);
      p.setString(3, register);
      p.setString(4, key);
      p.setString(5, operation);
      p.setString(6, source);
      p.setString(7, Tabular.json(before));
      p.setString(8, Tabular.json(after));
      p.executeUpdate();
    }
  }

  /**
   * The trail, oldest first, optionally for one register and one record key.
   *
   * @param register null for every register
   * @param key null for every record
   */
  /** The registers the trail records changes of. */
  public static final List<String> REGISTERS =
      List.of("incidents", "reviews", "risks", "actions", "exceptions");

  public List<AuditEntry> list(String register, String key) {
    if (register != null && !REGISTERS.contains(register)) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE,
          "no register " + register + " (one of " + String.join(", ", REGISTERS) + ")");
    }
    return Tx.read(
        store,
        c -> {
          StringBuilder sql =
              new StringBuilder(
                  "SELECT audit_id, at_us, who, register, record_key, operation, source,"
                      + " before_json, after_json FROM audit_trail WHERE 1 = 1");
          List<String> args = new ArrayList<>();
          if (register != null) {
            sql.append(" AND register = ?");
            args.add(register);
          }
          if (key != null) {
            sql.append(" AND record_key = ?");
            args.add(key);
          }
          sql.append(" ORDER BY audit_id");
          try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              p.setString(i + 1, args.get(i));
            }
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(
                    new AuditEntry(
                        r.getLong("audit_id"),
                        Values.instant(r.getLong("at_us")),
                        r.getString("who"),
                        r.getString("register"),
                        r.getString("record_key"),
                        r.getString("operation"),
                        r.getString("source"),
                        r.getString("before_json"),
                        r.getString("after_json")));
              }
            }
            return out;
          }
        });
  }

  /** An entry as a map with snake_case keys, for JSON and CSV export. */
  public static Map<String, Object> toMap(AuditEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("audit_id", e.id());
    m.put("at", e.at().toString());
    m.put("who", e.who());
    m.put("register", e.register());
    m.put("key", e.key());
    m.put("operation", e.operation());
    m.put("source", e.source());
    m.put("before", e.beforeJson());
    m.put("after", e.afterJson());
    return m;
  }

  public static final List<String> COLUMNS =
      List.of("audit_id", "at", "who", "register", "key", "operation", "source", "before", "after");

  /** Writes the whole trail (it is exported, never imported: history is not rewritten). */
  public void exportTo(java.nio.file.Path file, ExchangeFormat format) {
    Tabular.write(file, format, COLUMNS, list(null, null).stream().map(AuditTrail::toMap).toList());
  }
}
