package uk.meterwatch.engine.registers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * Imports a CSV or JSON file into a register: every row is read and checked first; if any row is
 * bad nothing is written and the error names each bad row (up to five); otherwise all rows are
 * written in one transaction, each with its audit row. A row whose key is known updates the record;
 * a row equal to the record held changes nothing.
 */
final class Importer {
  private static final int ERRORS_SHOWN = 5;

  private Importer() {}

  static <T> ImportReport run(
      Store store,
      RegisterKind<T> kind,
      Path file,
      ExchangeFormat format,
      String who,
      Clock clock) {
    List<Tabular.Row> rows = Tabular.read(file, format);
    List<T> records = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (Tabular.Row row : rows) {
      Fields f = row.fields();
      try {
        T record = kind.parse(f);
        String key = kind.key(record);
        String first = seen.putIfAbsent(key, row.where());
        if (first != null) {
          throw f.error(key + " appears twice (first at " + first + ")");
        }
        Tx.read(
            store,
            c -> {
              kind.check(c, record);
              return null;
            });
        records.add(record);
      } catch (MeterwatchException e) {
        String m = e.getMessage();
        errors.add(m.startsWith(row.where()) ? m : row.where() + ": " + m);
      }
    }
    if (errors.isEmpty()) {
      try {
        Tx.read(
            store,
            c -> {
              kind.checkTogether(c, records);
              return null;
            });
      } catch (MeterwatchException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      StringBuilder m =
          new StringBuilder(
              file.getFileName()
                  + ": "
                  + errors.size()
                  + " bad row"
                  + (errors.size() == 1 ? "" : "s")
                  + ", nothing imported: ");
      m.append(String.join("; ", errors.subList(0, Math.min(ERRORS_SHOWN, errors.size()))));
      if (errors.size() > ERRORS_SHOWN) {
        m.append("; and ").append(errors.size() - ERRORS_SHOWN).append(" more");
      }
      throw new MeterwatchException(ErrorCode.INVALID_VALUE, m.toString());
    }
    String source = "import:" + file.getFileName();
    Instant now = clock.instant();
    int[] counts = new int[3];
    Tx.run(
        store,
        c -> {
          for (T record : records) {
            String key = kind.key(record);
            Optional<T> before = kind.find(c, key);
            if (before.isEmpty()) {
              kind.insert(c, record, now, who, source);
              AuditTrail.record(
                  c, now, who, kind.name(), key, "ADD", source, null, kind.toMap(record));
              counts[0]++;
            } else if (kind.toMap(before.get()).equals(kind.toMap(record))) {
              counts[2]++;
            } else {
              kind.update(c, before.get(), record, now, who, source);
              AuditTrail.record(
                  c,
                  now,
                  who,
                  kind.name(),
                  key,
                  "UPDATE",
                  source,
                  kind.toMap(before.get()),
                  kind.toMap(record));
              counts[1]++;
            }
          }
          return null;
        });
    return new ImportReport(kind.name(), rows.size(), counts[0], counts[1], counts[2]);
  }
}
