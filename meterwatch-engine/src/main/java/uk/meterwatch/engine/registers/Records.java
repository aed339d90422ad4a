package uk.meterwatch.engine.registers;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * What every register does with its records, once: find one, add one, change one (with an
 * operation's name: UPDATE, CLOSE, WITHDRAW, ...), export and import them. Each change is checked
 * by the register's {@link RegisterKind} and written with its audit row in one transaction; a
 * change that breaks a rule, or changes nothing, is refused and changes nothing.
 *
 * @param <T> the register's record
 */
final class Records<T> {
  private final Store store;
  private final RegisterKind<T> kind;
  private final Clock clock;
  private final String noun;
  private final String place;
  private final String whenHeld;

  /**
   * @param noun what a record is called in messages: "action", "incident"
   * @param place where it is held: "log", "register"
   * @param whenHeld what to do instead of adding a record held already: "use update"
   */
  Records(
      Store store, RegisterKind<T> kind, Clock clock, String noun, String place, String whenHeld) {
    this.store = store;
    this.kind = kind;
    this.clock = clock;
    this.noun = noun;
    this.place = place;
    this.whenHeld = whenHeld;
  }

  Optional<T> find(String key) {
    return Tx.read(store, c -> kind.find(c, key));
  }

  /** The record with this key, or a NOT_FOUND error. */
  T get(String key) {
    return find(key).orElseThrow(() -> notFound(key));
  }

  MeterwatchException notFound(String key) {
    return new MeterwatchException(
        ErrorCode.NOT_FOUND, "no " + noun + " " + key + " in the " + place);
  }

  T add(T record, String who) {
    return Tx.run(
        store,
        c -> {
          kind.check(c, record);
          String key = kind.key(record);
          if (kind.find(c, key).isPresent()) {
            throw IncidentRegister.invalid(
                noun + " " + key + " is already in the " + place + " (" + whenHeld + ")");
          }
          Instant now = clock.instant();
          kind.insert(c, record, now, who, "cli");
          AuditTrail.record(c, now, who, kind.name(), key, "ADD", "cli", null, kind.toMap(record));
          return record;
        });
  }

  /** Replaces a record (its key says which) and records the change as {@code operation}. */
  T change(T changed, String operation, String who) {
    return Tx.run(
        store,
        c -> {
          String key = kind.key(changed);
          T before = kind.find(c, key).orElseThrow(() -> notFound(key));
          if (kind.toMap(before).equals(kind.toMap(changed))) {
            // Nothing would change: no write and no audit row saying "no field changed".
            throw IncidentRegister.invalid(
                key + ": nothing to change (give at least one new value)");
          }
          kind.check(c, changed);
          Instant now = clock.instant();
          kind.update(c, before, changed, now, who, "cli");
          AuditTrail.record(
              c,
              now,
              who,
              kind.name(),
              key,
              operation,
              "cli",
              kind.toMap(before),
              kind.toMap(changed));
          return changed;
        });
  }

  void exportTo(Path file, ExchangeFormat format, List<T> records) {
    Tabular.write(file, format, kind.columns(), records.stream().map(kind::toMap).toList());
  }

  ImportReport importFrom(Path file, ExchangeFormat format, String who) {
    return Importer.run(store, kind, file, format, who, clock);
  }
}
