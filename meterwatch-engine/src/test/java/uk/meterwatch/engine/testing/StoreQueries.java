package uk.meterwatch.engine.testing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.engine.store.Store;

/** Reads a store in tests. */
public final class StoreQueries {
  private StoreQueries() {}

  public static long count(Store store, String sql) {
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Every row of a query as "a|b|c" strings. */
  public static List<String> rows(Store store, String sql) {
    List<String> out = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet r = s.executeQuery(sql)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          if (i > 1) {
            b.append('|');
          }
          b.append(r.getString(i));
        }
        out.add(b.toString());
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** A fingerprint of everything the store holds, to prove a failed load changed nothing. */
  public static List<String> fingerprint(Store store) {
    List<String> out = new ArrayList<>();
    for (String table :
        List.of(
            "loads",
            "quarantine",
            "service_requests",
            "service_responses",
            "alerts",
            "devices",
            "users",
            "area_events",
            "incidents",
            "outages",
            "risks",
            "actions",
            "smki_requests",
            "modification_assessments",
            "response_orphans")) {
      out.addAll(
          rows(
              store,
              "SELECT '" + table + "', count(*), hash(list(t ORDER BY ALL)) FROM " + table + " t"));
    }
    return out;
  }
}
