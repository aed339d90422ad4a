package uk.meterwatch.engine.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * The embedded store: one DuckDB database file in a folder, created on first use and upgraded in
 * place by numbered migrations (each in its own transaction, so an interrupted upgrade leaves the
 * previous version intact).
 *
 * <p>Layout: one table per kind; instants as BIGINT epoch microseconds; rows inserted in time order
 * per load, so DuckDB's per-row-group min/max (zone maps) let a month's query skip the row groups
 * of other months, and loading a new day only appends.
 */
public final class Store implements AutoCloseable {
  public static final String DATABASE_FILE = "meterwatch.duckdb";
  private static final String MIGRATIONS = "migrations/";
  // Used directly rather than through DriverManager, which misses it under some class loaders.
  private static final java.sql.Driver DRIVER = new org.duckdb.DuckDBDriver();

  /** Migrations in order; a new one is added at the end with the next number. */
  static final List<String> MIGRATION_FILES =
      List.of(
          "V001__contract_kinds.sql",
          "V002__registers.sql",
          "V003__request_outcomes.sql",
          "V004__device_provider.sql",
          "V005__response_time_cube.sql",
          "V006__request_neighbours.sql",
          "V007__first_response_by_sent_at.sql",
          "V008__device_cohort.sql",
          "V009__glidepaths.sql",
          "V010__rdp_incidents.sql",
          "V011__risk_first_ratings.sql",
          "V012__approved_exceptions.sql",
          "V013__smki_requests_and_assessments.sql");

  /** The version whose migration adds the request outcomes, filled from the rows present. */
  private static final int OUTCOMES_VERSION = 3;

  /** The version whose migration adds the response-time cube, built from the requests present. */
  private static final int CUBE_VERSION = 5;

  /**
   * The version whose migration adds each request's nearest neighbour, from the requests present.
   */
  private static final int NEIGHBOURS_VERSION = 6;

  private final Path folder;
  private final Connection connection;
  private final boolean readOnly;

  /** Whether the user may write a path: tests replace it (root may write anything). */
  static java.util.function.Predicate<Path> WRITABLE = Files::isWritable;

  private Store(Path folder, Connection connection, boolean readOnly) {
    this.folder = folder;
    this.connection = connection;
    this.readOnly = readOnly;
  }

  /** The store folder must be a folder: a file named by --store is said to be one. */
  public static void requireFolder(Path folder) {
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new MeterwatchException(
          ErrorCode.STORE,
          folder
              + " is a file, not a store: give --store (or $METERWATCH_STORE) a folder, new or"
              + " holding a store");
    }
  }

  /** Whether this store was opened for reading only (the user may not write it). */
  public boolean readOnly() {
    return readOnly;
  }

  /** Fails with a clear message when this store cannot be written. */
  public void requireWritable() {
    if (readOnly) {
      throw new MeterwatchException(
          ErrorCode.STORE,
          "the store at "
              + folder
              + " cannot be written (no permission to write its folder or "
              + DATABASE_FILE
              + "): commands that only read it work; nothing was changed");
    }
  }

  /** A store opened for reading only cannot be upgraded: it must be at this version already. */
  private void requireCurrent(int version) throws SQLException {
    int current;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      r.next();
      current = r.getInt(1);
    }
    if (current < version) {
      connection.close();
      throw new MeterwatchException(
          ErrorCode.STORE,
          "the store at "
              + folder
              + " is at schema version "
              + current
              + " and cannot be written to upgrade it to "
              + version
              + ": open it once with write permission");
    }
  }

  /** An I/O error in one clear phrase (a full disk says so). */
  static String describe(IOException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof java.nio.file.FileAlreadyExistsException) {
      return "a file is in the way: " + m;
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied: " + m;
    }
    return m;
  }

  /** Opens the store in a folder, creating and migrating it as needed. */
  public static Store open(Path folder) {
    return open(folder, MIGRATION_FILES.size());
  }

  /** Opens a store migrated only up to a version: how an older Meterwatch left it (tests). */
  static Store open(Path folder, int upToVersion) {
    return open(folder, upToVersion, lockWaitMillis());
  }

  /**
   * As above; while another process holds the store (DuckDB lets one process in at a time), waits
   * up to {@code waitMillis} for it to finish.
   */
  static Store open(Path folder, int upToVersion, long waitMillis) {
    requireFolder(folder);
    Path db = folder.resolve(DATABASE_FILE).toAbsolutePath();
    // A store the user may read but not write (a shared copy, a read-only disk) is opened for
    // reading: the commands that only read it work, the others say it cannot be written.
    boolean readOnly =
        Files.isDirectory(folder)
            && Files.exists(db)
            && (!WRITABLE.test(folder) || !WRITABLE.test(db));
    if (!readOnly) {
      try {
        Files.createDirectories(folder);
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.STORE, "cannot create the store folder " + folder + ": " + describe(e), e);
      }
    }
    try {
      Properties props = new Properties();
      if (readOnly) {
        props.setProperty("access_mode", "READ_ONLY");
      }
      // Spill to the store's own folder so a large month never runs out of memory (a store that
      // cannot be written spills to the system's temporary folder).
      props.setProperty(
          "temp_directory",
          (readOnly
                  ? Path.of(System.getProperty("java.io.tmpdir"), "meterwatch-spill")
                  : folder.resolve("tmp"))
              .toAbsolutePath()
              .toString());
      // DuckDB would take 80 % of RAM; a bounded store spills to disk instead, so Meterwatch stays
      // within its memory budget (8 GB in all on the 24 GB reference machine).
      props.setProperty("memory_limit", memoryLimit());
      Connection connection = connectWaiting(db, props, waitMillis);
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      Store store = new Store(folder, connection, readOnly);
      if (readOnly) {
        store.requireCurrent(upToVersion);
      } else {
        store.migrate(upToVersion);
      }
      return store;
    } catch (SQLException e) {
      if (lockConflict(e)) {
        throw new MeterwatchException(
            ErrorCode.STORE,
            "the store at "
                + folder
                + " is in use by another process"
                + holder(e)
                + " and stayed so for "
                + waitMillis / 1000
                + " s: try again when it has finished (METERWATCH_LOCK_WAIT sets the wait, in"
                + " seconds)",
            e);
      }
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot open the store at " + db + ": " + firstLine(e), e);
    }
  }

  private static Connection connectWaiting(Path db, Properties props, long waitMillis)
      throws SQLException {
    long deadline = System.nanoTime() + waitMillis * 1_000_000L;
    while (true) {
      try {
        return DRIVER.connect("jdbc:duckdb:" + db, props);
      } catch (SQLException e) {
        if (!lockConflict(e) || System.nanoTime() >= deadline) {
          throw e;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean lockConflict(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("Could not set lock on file");
  }

  /** " (PID n)" from DuckDB's message, when it names the holder. */
  private static String holder(SQLException e) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("PID (\\d+)").matcher(e.getMessage());
    return m.find() ? " (process " + m.group(1) + ")" : "";
  }

  /** How long to wait for a store another process holds: $METERWATCH_LOCK_WAIT s, else 30 s. */
  static long lockWaitMillis() {
    String configured = System.getenv("METERWATCH_LOCK_WAIT");
    if (configured == null || configured.isBlank()) {
      return 30_000;
    }
    if (!configured.strip().matches("\\d{1,6}")) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "METERWATCH_LOCK_WAIT must be a whole number of seconds, got '" + configured + "'");
    }
    return Long.parseLong(configured.strip()) * 1000;
  }

  /** DuckDB's memory limit: $METERWATCH_MEMORY (a DuckDB size such as 4GB), else 6GB. */
  static String memoryLimit() {
    String configured = System.getenv("METERWATCH_MEMORY");
    if (configured == null || configured.isBlank()) {
      return "6GB";
    }
    if (!configured.strip().matches("\\d+(\\.\\d+)?\\s*[KMGT]?i?B")) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "METERWATCH_MEMORY must be a size such as 4GB or 512MB, got '" + configured + "'");
    }
    return configured.strip();
  }

  /** An in-memory store, for tests and one-off work. */
  public static Store inMemory() {
    try {
      Connection connection = DRIVER.connect("jdbc:duckdb:", new Properties());
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      Store store = new Store(null, connection, false);
      store.migrate(MIGRATION_FILES.size());
      return store;
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot open an in-memory store", e);
    }
  }

  /**
   * Opens a copy of a store's database file read-only, for answering reads while another process
   * may write the store itself ({@link StoreSnapshot}). {@code folder} is the store folder the copy
   * was taken from (its rules, architecture model). The copy must be at this Meterwatch's schema.
   */
  static Store openReadOnly(Path databaseFile, Path folder) {
    try {
      Properties props = new Properties();
      props.setProperty("duckdb.read_only", "true");
      props.setProperty("memory_limit", memoryLimit());
      Connection connection = DRIVER.connect("jdbc:duckdb:" + databaseFile.toAbsolutePath(), props);
      try (Statement s = connection.createStatement()) {
        s.execute("SET TimeZone = 'UTC'");
      }
      Store store = new Store(folder, connection, true);
      if (store.schemaVersion() != MIGRATION_FILES.size()) {
        store.close();
        throw new MeterwatchException(
            ErrorCode.STORE,
            "the store copy "
                + databaseFile
                + " is not at schema version "
                + MIGRATION_FILES.size());
      }
      return store;
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot open " + databaseFile + " read-only: " + firstLine(e), e);
    }
  }

  /**
   * Opens a store's database read-only, waiting up to {@code waitMillis} while a writer holds it:
   * while open, no other process can write it.
   */
  static Store openExistingReadOnly(Path folder, long waitMillis) {
    Path db = folder.resolve(DATABASE_FILE).toAbsolutePath();
    try {
      Properties props = new Properties();
      props.setProperty("duckdb.read_only", "true");
      props.setProperty("memory_limit", memoryLimit());
      return new Store(folder, connectWaiting(db, props, waitMillis), true);
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE,
          lockConflict(e)
              ? "the store at " + folder + " is in use by another process" + holder(e)
              : "cannot open the store at " + db + ": " + firstLine(e),
          e);
    }
  }

  public Connection connection() {
    return connection;
  }

  /** The store folder, or null for an in-memory store. */
  public Path folder() {
    return folder;
  }

  /** The schema version this store is at. */
  public int schemaVersion() {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT max(version) FROM schema_version")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot read the schema version", e);
    }
  }

  public static int latestSchemaVersion() {
    return MIGRATION_FILES.size();
  }

  private void migrate(int upToVersion) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
              + " name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())");
    }
    int current;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      r.next();
      current = r.getInt(1);
    }
    if (current > MIGRATION_FILES.size()) {
      throw new MeterwatchException(
          ErrorCode.STORE,
          "the store is at schema version "
              + current
              + ", newer than this Meterwatch ("
              + MIGRATION_FILES.size()
              + "): upgrade Meterwatch");
    }
    for (int v = current + 1; v <= upToVersion; v++) {
      String name = MIGRATION_FILES.get(v - 1);
      String sql = resource(MIGRATIONS + name);
      boolean auto = connection.getAutoCommit();
      connection.setAutoCommit(false);
      try (Statement s = connection.createStatement()) {
        for (String statement : statements(sql)) {
          s.execute(statement);
        }
        if (v == OUTCOMES_VERSION) {
          RequestOutcomes.rebuild(connection);
        }
        if (v == CUBE_VERSION) {
          ResponseTimeCube.rebuild(connection);
        }
        if (v == NEIGHBOURS_VERSION) {
          RequestNeighbours.rebuild(connection);
        }
        s.execute("INSERT INTO schema_version (version, name) VALUES (" + v + ", '" + name + "')");
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw new MeterwatchException(
            ErrorCode.STORE,
            "migration " + name + " failed, store left at version " + (v - 1) + ": " + firstLine(e),
            e);
      } finally {
        connection.setAutoCommit(auto);
      }
    }
  }

  /** Splits a migration script on semicolons at line ends; comments are dropped. */
  static List<String> statements(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : sql.split("\n", -1)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      int comment = line.indexOf("--");
      current.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
      if (trimmed.endsWith(";")
          || (comment >= 0 && line.substring(0, comment).strip().endsWith(";"))) {
        out.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      out.add(current.toString().strip());
    }
    return out;
  }

  private static String resource(String name) {
    try (InputStream in = Store.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing migration " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String firstLine(SQLException e) {
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot close the store", e);
    }
  }
}
