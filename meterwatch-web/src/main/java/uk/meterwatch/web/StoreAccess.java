package uk.meterwatch.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.store.StoreSnapshot;

/**
 * One store, two ways in (docs/architecture.md): pages and the API read a read-only copy of the
 * store as last committed ({@link StoreSnapshot}), so {@code meterwatch load} or any other command
 * can write the store while the server answers. At most once a second a request checks whether the
 * store changed; if so, and no other process holds it, a new copy is taken and the old one closed.
 * While a writer holds the store the server keeps answering from the copy it has. Its own changes
 * (register edits, uploads) open the store itself, waiting for a running command as the CLI does,
 * and take a new copy at once, so the user sees the change.
 *
 * <p>Reads are serialised on the copy (one DuckDB connection) and their results cached per copy: a
 * month's PMR is computed once per version of the store, whoever asks.
 */
public final class StoreAccess implements AutoCloseable {
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final Path folder;
  private final Clock clock;
  private StoreSnapshot snapshot;
  private RuleBook rules;
  private long generation;
  private long lastCheck;
  private final Map<String, Object> cache = new ConcurrentHashMap<>();

  public StoreAccess(Path folder, Clock clock) {
    this.folder = folder;
    this.clock = clock;
    // Creates and migrates the store if needed, so every copy is at this Meterwatch's schema.
    Store.open(folder).close();
    refresh(30_000);
  }

  public Path folder() {
    return folder;
  }

  public Clock clock() {
    return clock;
  }

  /** Runs a read on the copy, refreshing it first if the store changed and is free. */
  public synchronized <T> T read(Function<Store, T> work) {
    maybeRefresh();
    return work.apply(snapshot.store());
  }

  /** The rule book of the store (built-in default, the store's rules/ folder). */
  public synchronized RuleBook rules() {
    maybeRefresh();
    return rules;
  }

  /** A value computed once per version of the store. */
  @SuppressWarnings("unchecked")
  public <T> T cached(String key, Function<Store, T> work) {
    long gen;
    synchronized (this) {
      maybeRefresh();
      gen = generation;
    }
    String k = gen + "|" + key;
    Object hit = cache.get(k);
    if (hit != null) {
      return (T) hit;
    }
    T value = read(work);
    cache.put(k, value);
    return value;
  }

  /** A change to the store itself; then a new copy, so the next read sees it. */
  public synchronized void write(Consumer<Store> work) {
    try (Store store = Store.open(folder)) {
      work.accept(store);
    }
    refresh(30_000);
  }

  /** A version number of the copy being served (it grows with every new copy). */
  public synchronized long generation() {
    return generation;
  }

  private void maybeRefresh() {
    long now = System.nanoTime();
    if (now - lastCheck < CHECK_EVERY.toNanos()) {
      return;
    }
    lastCheck = now;
    if (snapshot.stale(folder)) {
      try {
        refresh(0);
      } catch (MeterwatchException busy) {
        // Another process is writing: keep serving the copy as last committed.
      }
    }
  }

  private void refresh(long waitMillis) {
    Path dir = folder.resolve("web").resolve("snapshots");
    Path copy = dir.resolve("store-" + (generation + 1) + ".duckdb");
    StoreSnapshot next = StoreSnapshot.take(folder, copy, waitMillis);
    StoreSnapshot old = snapshot;
    snapshot = next;
    rules = RuleFiles.load(folder, null);
    generation++;
    cache.keySet().removeIf(k -> !k.startsWith(generation + "|"));
    if (old != null) {
      old.close();
    }
    try (var leftovers = Files.list(dir)) {
      leftovers
          .filter(p -> !p.getFileName().toString().startsWith("store-" + generation + "."))
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (java.io.IOException e) {
                  // A copy of an earlier server run still open elsewhere: left for next time.
                }
              });
    } catch (java.io.IOException e) {
      // Nothing to tidy.
    }
  }

  @Override
  public synchronized void close() {
    if (snapshot != null) {
      snapshot.close();
    }
  }
}
