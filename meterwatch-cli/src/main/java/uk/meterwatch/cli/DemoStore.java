package uk.meterwatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * The store {@code meterwatch demo} fills: the store in effect, so {@code ./meterwatch-data} by
 * default, which is where every other command looks. That folder is where a user's own data goes
 * too, so the demo replaces a store only when the demo made it and nothing else has been put in it
 * since: a marker file in the store records how many loads and register changes the demo left, and
 * any other load, register change or file in the folder makes the demo refuse rather than delete.
 */
final class DemoStore {
  static final String MARKER = ".meterwatch-demo";

  /** What a store folder holds after the demo: DuckDB's file and log, its spill folder, marker. */
  private static final Set<String> DEMO_FILES =
      Set.of(Store.DATABASE_FILE, Store.DATABASE_FILE + ".wal", "tmp", MARKER);

  private static final String HEADER =
      "made by meterwatch demo: running the demo again replaces this store while it holds only"
          + " what the demo put in it";

  private DemoStore() {}

  /**
   * Checks that the demo may fill {@code folder}: it is absent or empty, or a store the demo made
   * and nobody changed since (which {@link #clear} then removes). Anything else is refused with the
   * reason, and nothing is changed.
   */
  static void check(Path folder) {
    List<String> entries = entries(folder);
    if (entries.isEmpty()) {
      return;
    }
    Path marker = folder.resolve(MARKER);
    if (!Files.isRegularFile(marker)) {
      throw refuse(folder, "it already exists and the demo did not make it");
    }
    List<String> others = entries.stream().filter(e -> !DEMO_FILES.contains(e)).toList();
    if (!others.isEmpty()) {
      throw refuse(
          folder,
          "the demo made it, but it now also holds "
              + String.join(", ", others)
              + ", which the demo did not put there");
    }
    Map<String, Long> left = read(marker);
    if (left.containsKey("loads") && Files.exists(folder.resolve(Store.DATABASE_FILE))) {
      Map<String, Long> now;
      try (Store store = Store.open(folder)) {
        now = counts(store);
      }
      long loads = now.get("loads") - left.get("loads");
      long changes = now.get("audit") - left.getOrDefault("audit", 0L);
      if (loads != 0 || changes != 0) {
        throw refuse(
            folder,
            "the demo made it, but "
                + plural(loads, "load")
                + " and "
                + plural(changes, "register change")
                + " were made in it since");
      }
    }
  }

  /** Removes a store {@link #check} accepted, so the demo starts from an empty one. */
  static void clear(Path folder) {
    delete(folder);
  }

  /** Marks a store the demo is making: until it is finished, a new demo may replace it. */
  static void markStarted(Path folder) {
    write(folder, HEADER + "\n");
  }

  /** Records what the finished demo left in its store, so a later demo can tell what is new. */
  static void markFinished(Path folder, Store store) {
    Map<String, Long> counts = counts(store);
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    counts.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    write(folder, text.toString());
  }

  private static Map<String, Long> counts(Store store) {
    Map<String, Long> counts = new TreeMap<>();
    try (Statement s = store.connection().createStatement()) {
      for (String table : List.of("loads", "audit_trail")) {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
          r.next();
          counts.put(table.equals("loads") ? "loads" : "audit", r.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the store: " + e.getMessage(), e);
    }
    return counts;
  }

  private static Map<String, Long> read(Path marker) {
    Map<String, Long> values = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(marker)) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(eq + 1).strip().matches("\\d{1,18}")) {
          values.put(line.substring(0, eq).strip(), Long.parseLong(line.substring(eq + 1).strip()));
        }
      }
    } catch (IOException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read " + marker + ": " + e, e);
    }
    return values;
  }

  private static void write(Path folder, String text) {
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(MARKER), text);
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot write " + folder.resolve(MARKER) + ": " + e.getMessage(), e);
    }
  }

  private static List<String> entries(Path folder) {
    if (!Files.exists(folder)) {
      return List.of();
    }
    if (!Files.isDirectory(folder)) {
      throw refuse(folder, "it is a file, not a folder");
    }
    try (Stream<Path> list = Files.list(folder)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Deletes a folder and everything in it. */
  static void delete(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot remove the previous demo at " + root + ": " + e.getMessage(), e);
    }
  }

  private static MeterwatchException refuse(Path folder, String why) {
    return new MeterwatchException(
        ErrorCode.INVALID_VALUE,
        "the demo will not replace the store at "
            + folder
            + ": "
            + why
            + " (give the demo another --store, or remove that folder yourself)");
  }

  private static String plural(long n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }
}
