package uk.meterwatch.engine.load;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.duckdb.DuckDBPreparedStatement;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.scope.ProviderCatalogue;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.RiskRegister;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.RequestNeighbours;
import uk.meterwatch.engine.store.RequestOutcomes;
import uk.meterwatch.engine.store.ResponseTimeCube;
import uk.meterwatch.engine.store.Store;

/**
 * Loads a drop (a folder of contract files) into the store. DuckDB reads each file itself; every
 * row is validated in SQL; rows that break the contract go to the quarantine with their line and
 * reason; repeated rows are counted as duplicates. Each file is loaded in one transaction, so a
 * file that cannot be read, or a crash, leaves the store as it was.
 */
public final class DropLoader {
  private static final String REJECTS = "mw_rejects";
  private static final String REJECT_SCANS = "mw_rejects_scan";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Store store;
  private final Connection connection;
  private final Sql sql;
  private final SrvCatalogue catalogue;
  private LoadListener listener = LoadListener.NONE;
  // Set while loadStaged runs: stage() keeps the caller's mw_stage and mw_lines.
  private Set<String> preStaged;
  // The lines of the plain CSV file being loaded, counted with its SHA-256 (null otherwise).
  private CsvLines.Counter csvLines;

  // The lines of the gzip file being loaded, being counted by reading it whole (null otherwise):
  // also the proof that it is whole. DuckDB 1.4 reads a gzip file cut short in its compressed
  // data without an error (the rows before the cut, and the cut line as malformed).
  private CompletableFuture<CsvLines.Counter> gzipLines;

  /** The lines of the gzip file being loaded; fails when it cannot be read whole. */
  private long gzipLineCount() {
    return gzipLines == null ? -1 : gzipCount().lines();
  }

  private CsvLines.Counter gzipCount() {
    try {
      return gzipLines.join();
    } catch (CompletionException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, notWholeGzip(e.getCause()), e.getCause());
    }
  }

  /** Why a gzip file cannot be read whole, in words (an EOFException says nothing itself). */
  static String notWholeGzip(Throwable cause) {
    String what =
        cause instanceof java.io.EOFException
            ? "it ends before its end (cut short, as by an interrupted copy)"
            : cause instanceof java.util.zip.ZipException
                ? "its compressed data is corrupt (" + cause.getMessage() + ")"
                : String.valueOf(cause.getMessage());
    return "not a whole gzip file: " + what;
  }

  private static CompletableFuture<CsvLines.Counter> countLinesAsync(Path file) {
    CompletableFuture<CsvLines.Counter> lines = new CompletableFuture<>();
    Thread counter =
        new Thread(
            () -> {
              try (InputStream in = CsvLines.open(file, true)) {
                lines.complete(CsvLines.counted(in));
              } catch (IOException | RuntimeException e) {
                lines.completeExceptionally(e);
              }
            },
            "meterwatch-count-lines");
    counter.setDaemon(true);
    counter.start();
    return lines;
  }

  // Set when the store could not be written (a full disk): the drop's later files are not tried.
  private String storeBroken;

  // Set while a file loads: mw_checked was made before the file's transaction.
  private Set<String> stagedColumns;
  // Set while a CSV file loads: its physical lines (-1 when not counted), its layout when its
  // lines are not its records (null otherwise, or when it did not match DuckDB's reading), and
  // its lines with an unbalanced quote (each one record, quarantined).
  private long fileLines = -1;
  private CsvLines.Layout csvLayout;
  private boolean layoutUnmatched;
  private List<CsvLines.Stray> strays = List.of();
  // The providers a device may have: the shipped catalogue and the store's own.
  private final ProviderCatalogue providers;
  // Set while a CSV file loads: what stageDerived computed before the file's transaction.
  private boolean outcomesStaged;

  // Set before a responses file's transaction: no (request_id, kind) repeats among its valid
  // rows (see stageDerived).
  private boolean responsePairsUnique;
  private boolean nearStaged;
  // Runs after a file's rows are written, before its commit: tests make a load fail there.
  private StoreHook beforeCommit = () -> {};

  public DropLoader(Store store) {
    this(store, SrvCatalogue.standard());
  }

  public DropLoader(Store store, SrvCatalogue catalogue) {
    this.store = store;
    this.connection = store.connection();
    this.sql = new Sql(connection);
    this.catalogue = catalogue;
    this.providers = RuleFiles.catalogue(store.folder(), null);
  }

  /** Tests only: something to run after a file's rows are written, just before its commit. */
  DropLoader beforeCommit(Runnable hook) {
    this.beforeCommit = () -> hook.run();
    return this;
  }

  /** Tests only: as above, failing as the store would (a full disk). */
  DropLoader beforeCommitFailing(StoreHook hook) {
    this.beforeCommit = hook;
    return this;
  }

  /** Something run against the store that may fail as the store fails. */
  interface StoreHook {
    void run() throws SQLException;
  }

  public DropLoader listener(LoadListener listener) {
    this.listener = listener;
    return this;
  }

  /**
   * Loads every contract file of a drop folder (its subfolders are not part of it), or one file.
   */
  public LoadReport load(Path drop) {
    if (!Files.exists(drop)) {
      throw new MeterwatchException(ErrorCode.NOT_FOUND, "no such drop: " + drop);
    }
    List<Path> candidates;
    if (Files.isDirectory(drop)) {
      try (Stream<Path> s = Files.list(drop)) {
        // Everything but folders: a broken link named like a contract file fails, never vanishes.
        candidates = s.filter(p -> !Files.isDirectory(p)).toList();
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.INPUT_UNREADABLE, "cannot list the drop " + drop + ": " + e.getMessage(), e);
      }
    } else {
      String name = drop.getFileName().toString();
      if (Kind.ofFileName(name).isEmpty() || Format.ofFileName(name).isEmpty()) {
        // One file named on the command line is meant to load: that it cannot is an error.
        throw new MeterwatchException(
            ErrorCode.INPUT_UNREADABLE,
            name
                + " is not a file of the data contract: its name must start with a kind ("
                + java.util.Arrays.stream(Kind.values())
                    .map(Kind::fileStem)
                    .collect(Collectors.joining(", "))
                + ") and end with .csv, .csv.gz, .jsonl, .jsonl.gz or .parquet (e.g."
                + " users-2023-08.csv); nothing was loaded");
      }
      candidates = List.of(drop);
    }
    store.requireWritable();
    List<Path> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    for (Path p : candidates) {
      String name = p.getFileName().toString();
      if (Kind.ofFileName(name).isPresent() && Format.ofFileName(name).isPresent()) {
        files.add(p);
      } else {
        ignored.add(name);
      }
    }
    // Inventory first, then traffic, then registers; by name within a kind.
    files.sort(
        Comparator.comparing((Path p) -> Kind.ofFileName(p.getFileName().toString()).orElseThrow())
            .thenComparing(p -> p.getFileName().toString()));
    ignored.sort(Comparator.naturalOrder());
    long totalBytes = 0;
    for (Path p : files) {
      totalBytes += sizeOf(p);
    }
    listener.started(files.size(), totalBytes);
    prepareSession();
    List<FileLoad> results = new ArrayList<>();
    String storeFailed = null;
    for (Path p : files) {
      long bytes = sizeOf(p);
      listener.fileStarted(p, bytes);
      String name = p.getFileName().toString();
      FileLoad result =
          storeFailed == null
              ? loadFile(p)
              : FileLoad.failed(
                  name,
                  Kind.ofFileName(name).orElseThrow().fileStem(),
                  Format.ofFileName(name).orElseThrow().label(),
                  name + ": not loaded: " + storeFailed);
      if (storeFailed == null && storeBroken != null) {
        // The store could not be written (a full disk): the files after it are not tried.
        storeFailed =
            "the store could not be written while loading " + name + " (" + storeBroken + ")";
      }
      results.add(result);
      listener.fileFinished(result, bytes);
    }
    return new LoadReport(results, ignored);
  }

  /**
   * Loads rows that a front end staged itself (the DUIS adapter), with the drop's validation,
   * quarantine, dedup and reconciliation. The caller has created the temp tables {@code mw_stage}
   * (the kind's columns as VARCHAR, plus {@code mw_line BIGINT}) and {@code mw_lines} ({@code
   * mw_line BIGINT, j VARCHAR, mw_bad VARCHAR}: lines it could not turn into a row, with their
   * reason). Runs in the caller's transaction (never commits or rolls back) and records the load
   * under {@code source}, {@code name} and {@code formatLabel}; both temp tables are dropped.
   */
  public FileLoad loadStaged(
      Path source, String name, Kind kind, String formatLabel, String sha, long size)
      throws SQLException {
    prepareSession();
    Set<String> all = new LinkedHashSet<>();
    kind.columns().forEach(c -> all.add(c.name()));
    preStaged = all;
    try {
      FileLoad f = loadInTransaction(source, name, kind, Format.JSONL, sha, size);
      update("UPDATE loads SET format = ? WHERE load_id = ?", formatLabel, f.loadId());
      return new FileLoad(
          f.file(),
          f.kind(),
          formatLabel,
          f.status(),
          f.read(),
          f.loaded(),
          f.duplicates(),
          f.quarantined(),
          null,
          f.loadId());
    } finally {
      preStaged = null;
      dropTempTables();
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Loads one file of a known kind and format. */
  FileLoad loadFile(Path file) {
    String name = file.getFileName().toString();
    Kind kind = Kind.ofFileName(name).orElseThrow();
    Format format = Format.ofFileName(name).orElseThrow();
    String sha;
    long size;
    try {
      long shaStart = System.nanoTime();
      // A plain CSV file's lines are counted while it is hashed: stageCsv compares them with the
      // records DuckDB reads (see CsvLines).
      csvLines = format == Format.CSV ? new CsvLines.Counter() : null;
      sha = sha256(file, csvLines);
      trace("SHA-256 of " + name, shaStart);
      size = Files.size(file);
    } catch (IOException e) {
      String why =
          e instanceof java.nio.file.NoSuchFileException
              ? "it does not exist (a link to nothing?)"
              : e.getMessage();
      return FileLoad.failed(
          name, kind.fileStem(), format.label(), "cannot read " + name + ": " + why);
    }
    if (format.isGzip() && size == 0) {
      return FileLoad.failed(
          name,
          kind.fileStem(),
          format.label(),
          name + ": the file is empty (0 bytes), not a gzip file");
    }
    if ((format == Format.CSV || format == Format.JSONL) && startsLikeGzip(file)) {
      return FileLoad.failed(
          name,
          kind.fileStem(),
          format.label(),
          name
              + ": a gzip file named "
              + format.suffix()
              + ": name it "
              + format.suffix()
              + ".gz to load it");
    }
    try {
      Long previous = previousLoad(kind, sha);
      if (previous != null) {
        return new FileLoad(
            name,
            kind.fileStem(),
            format.label(),
            FileLoad.Status.UNCHANGED,
            0,
            0,
            0,
            0,
            null,
            previous);
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the store's loads: " + e.getMessage(), e);
    }
    // A gzip file is read whole on another thread while DuckDB reads it, to count its lines (CSV)
    // and to prove it is not cut short (measured on 10M requests: 1.0 s beside DuckDB's 4.0 s).
    gzipLines = format.isGzip() ? countLinesAsync(file) : null;
    ScheduledExecutorService poller =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "load-progress");
              t.setDaemon(true);
              return t;
            });
    ScheduledFuture<?> polling =
        poller.scheduleAtFixedRate(this::pollProgress, 250, 250, TimeUnit.MILLISECONDS);
    try {
      // Staged before the file's transaction begins (temp tables are not the store; the rows of
      // a committed temp table are numbered in the order read: see stageCsv; and DuckDB reads a
      // table written inside an open transaction about half as fast).
      String path = file.toAbsolutePath().toString();
      stagedColumns =
          format.isCsv() ? stageCsv(kind, format, path) : stageChecked(kind, format, path);
      stageDerived(kind);
      connection.setAutoCommit(false);
      FileLoad result = loadInTransaction(file, name, kind, format, sha, size);
      gzipLineCount(); // a gzip file cut short fails here, before anything is committed
      beforeCommit.run();
      long commitStart = System.nanoTime();
      connection.commit();
      trace("COMMIT", commitStart);
      return result;
    } catch (SQLException | MeterwatchException e) {
      rollbackQuietly();
      String reason = e instanceof SQLException failure ? describe(failure) : e.getMessage();
      if (e instanceof SQLException failure && noSpace(failure)) {
        storeBroken = "no space left on the device";
        reason =
            "no space left on the device holding the store"
                + (store.folder() == null ? "" : " (" + store.folder() + ")")
                + "; the files loaded before it are kept";
      }
      return FileLoad.failed(name, kind.fileStem(), format.label(), name + ": " + reason);
    } catch (RuntimeException e) {
      // A fault of ours, not of the file: still nothing of the file may stay (the finally below
      // turns auto-commit back on, which would commit an open transaction), and the drop's other
      // files still load.
      rollbackQuietly();
      return FileLoad.failed(
          name,
          kind.fileStem(),
          format.label(),
          name + ": internal error (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
    } finally {
      stagedColumns = null;
      fileLines = -1;
      csvLayout = null;
      layoutUnmatched = false;
      strays = List.of();
      gzipLines = null;
      outcomesStaged = false;
      responsePairsUnique = false;
      nearStaged = false;
      polling.cancel(false);
      poller.shutdownNow();
      restoreAutoCommit();
      dropTempTables();
    }
  }

  /**
   * Back to auto-commit after a file. DuckDB may have ended the transaction itself (a commit that
   * failed on a full disk leaves none: "cannot commit - no transaction is active"): then it is
   * rolled back and tried again, and only a connection that still refuses breaks the load, which
   * stops at this file with its summary.
   */
  private void restoreAutoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException first) {
      try {
        connection.rollback();
      } catch (SQLException ignored) {
        // Nothing to roll back.
      }
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        if (storeBroken == null) {
          storeBroken = describe(e);
        }
      }
    }
  }

  /** Whether a failure is the disk being full. */
  private static boolean noSpace(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.toLowerCase(Locale.ROOT).contains("no space left on device")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a file begins with gzip's magic bytes (1f 8b). */
  private static boolean startsLikeGzip(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    } catch (IOException e) {
      return false; // read again below, where a failure is reported
    }
  }

  private void pollProgress() {
    try {
      PreparedStatement running = sql.running();
      if (running == null) {
        return;
      }
      double pct = running.unwrap(DuckDBPreparedStatement.class).getQueryProgress().getPercentage();
      if (pct >= 0) {
        listener.fileProgress(Math.min(1.0, pct / 100.0));
      }
    } catch (SQLException | RuntimeException e) {
      // Progress is a courtesy; never let it disturb the load.
    }
  }

  private FileLoad loadInTransaction(
      Path file, String name, Kind kind, Format format, String sha, long size) throws SQLException {
    String path = file.toAbsolutePath().toString();
    // mw_checked: every row read, its values in store form, its line, its first contract breach
    // (mw_reason) and, for a breaching row only, the row as read (mw_raw).
    Set<String> present = stageChecked(kind, format, path);
    // Every row now has its line: the store's inserts may write rows in any order (an ORDER BY
    // still holds), which lets both cores write (measured: 10M requests 7.6 s instead of 10.0 s).
    execute("SET preserve_insertion_order = false");
    long rejected = count("SELECT count(DISTINCT line) FROM " + REJECTS, format.isCsv());
    long loadId = nextLoadId();
    // Quarantine: lines DuckDB could not split into the header's columns, then contract breaches.
    long quarantined = 0;
    if (rejected > 0) {
      // A record DuckDB cut (it keeps 10,000 characters of a line) is kept as its line range.
      String text = "any_value(csv_line)";
      quarantined +=
          update(
              "INSERT INTO quarantine SELECT ?, ?, ?, line, CASE WHEN any_value(error_type) ="
                  + " 'UNQUOTED VALUE' AND contains(any_value(error_message), 'unterminated quote')"
                  + " THEN 'unbalanced quote: a quoted value is still open at the end of the file'"
                  + " ELSE 'malformed line (' || lower(any_value(error_type)) || '): ' ||"
                  + " any_value(error_message) END, CASE WHEN length("
                  + text
                  + ") >= "
                  + CsvLines.TEXT_KEPT
                  + " THEN to_json({'lines': line || '-' || (line + coalesce(any_value(x.extra), 0)),"
                  + " 'start': "
                  + text
                  + "}) ELSE to_json({'line': "
                  + text
                  + "}) END FROM "
                  + REJECTS
                  + " LEFT JOIN "
                  + (csvLayout == null || csvLayout.shifts().isEmpty() || !format.isCsv()
                      ? "(SELECT NULL::BIGINT AS line, NULL::BIGINT AS extra)"
                      : "mw_record_lines")
                  + " x USING (line) GROUP BY line",
              loadId,
              name,
              kind.fileStem());
    }
    if (!strays.isEmpty()) {
      quarantined += quarantineStrays(loadId, name, kind);
    }
    if (format == Format.JSONL || format == Format.JSONL_GZ) {
      quarantined +=
          update(
              "INSERT INTO quarantine SELECT ?, ?, ?, mw_line, mw_bad, to_json({'line': j})"
                  + " FROM mw_lines WHERE mw_bad IS NOT NULL",
              loadId,
              name,
              kind.fileStem());
    }
    long staged;
    long valid;
    Long minTime = null;
    Long maxTime = null;
    String time = kind.timeColumn() == null ? null : q(kind.timeColumn());
    try (Statement s = connection.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*), count(*) FILTER (WHERE mw_reason IS NULL)"
                    + (time == null
                        ? ""
                        : ", min("
                            + time
                            + ") FILTER (WHERE mw_reason IS NULL), max("
                            + time
                            + ") FILTER (WHERE mw_reason IS NULL)")
                    + " FROM mw_checked")) {
      r.next();
      staged = r.getLong(1);
      valid = r.getLong(2);
      if (time != null) {
        minTime = (Long) r.getObject(3);
        maxTime = (Long) r.getObject(4);
      }
    }
    if (format == Format.JSONL || format == Format.JSONL_GZ) {
      requirePresentInJson(kind, staged);
    }
    if (valid < staged) {
      quarantined +=
          update(
              "INSERT INTO quarantine SELECT ?, ?, ?, mw_line, mw_reason, mw_raw"
                  + " FROM mw_checked WHERE mw_reason IS NOT NULL ORDER BY mw_line",
              loadId,
              name,
              kind.fileStem());
    }

    List<String> storeColumns = kind.columns().stream().map(Column::storeName).toList();
    String columnList = String.join(", ", storeColumns.stream().map(DropLoader::q).toList());
    String keyList = String.join(", ", kind.keyColumns().stream().map(DropLoader::q).toList());
    String sameKey =
        kind.keyColumns().stream().map(k -> equality(kind, k)).collect(Collectors.joining(" AND "));
    String sameRow =
        storeColumns.stream().map(k -> equality(kind, k)).collect(Collectors.joining(" AND "));
    String table = kind.table();
    String orderBy = kind.timeColumn() == null ? "mw_line" : q(kind.timeColumn()) + ", mw_line";
    long loaded;
    ResponseTimeCube.Touched touched = ResponseTimeCube.Touched.NONE;
    if (kind.dedup() == Kind.Dedup.UPDATE) {
      // The last row of a key in the file wins; a row identical to the stored one is a duplicate.
      execute(
          "CREATE TEMP TABLE mw_new AS SELECT * FROM mw_checked v WHERE mw_reason IS NULL"
              + " QUALIFY row_number() OVER (PARTITION BY "
              + keyList
              + " ORDER BY mw_line DESC) = 1");
      execute(
          "DELETE FROM mw_new v WHERE EXISTS (SELECT 1 FROM "
              + table
              + " t WHERE "
              + sameRow
              + ")");
      if (kind.isRegister()) {
        auditRegisterChanges(kind, name, storeColumns, sameKey);
      }
      if (kind == Kind.RISKS) {
        // The register's rule: every rating is kept, the first included.
        RiskRegister.rateLoaded(connection, "mw_new", name, Instant.now());
      }
      execute(
          "DELETE FROM "
              + table
              + " t WHERE EXISTS (SELECT 1 FROM mw_new v WHERE "
              + sameKey
              + ")");
      loaded =
          update(
              "INSERT INTO "
                  + table
                  + " ("
                  + columnList
                  + ", load_id, line) SELECT "
                  + columnList
                  + ", ?, mw_line FROM mw_new ORDER BY "
                  + orderBy,
              loadId);
      if (kind == Kind.DEVICES && loaded > 0) {
        // A new device, or a device with another provider or owner: its requests and alerts
        // follow (only the provider matters to the response-time cube).
        touched =
            ResponseTimeCube.requestsIn(
                connection,
                "WHERE device_id IN (SELECT device_id FROM mw_new) AND provider IS DISTINCT FROM"
                    + " (SELECT v.provider FROM mw_new v WHERE v.device_id = service_requests.device_id)");
        execute(
            "UPDATE service_requests t SET provider = v.provider, certificate_owner ="
                + " v.certificate_owner FROM mw_new v WHERE t.device_id = v.device_id"
                + " AND (t.provider IS DISTINCT FROM v.provider"
                + " OR t.certificate_owner IS DISTINCT FROM v.certificate_owner)");
        execute(
            "UPDATE alerts t SET provider = v.provider FROM mw_new v WHERE t.device_id ="
                + " v.device_id AND t.provider IS DISTINCT FROM v.provider");
      }
    } else {
      // The first row of a key (or identical row) wins, unless the store has it already.
      boolean fullRow = kind.dedup() == Kind.Dedup.FULL_ROW;
      String existing = fullRow ? sameRow : sameKey;
      List<Object> params = new ArrayList<>();
      params.add(loadId);
      String stored = "SELECT 1 FROM " + table + " t";
      if (fullRow && kind.timeColumn() != null && minTime != null) {
        // An identical stored row has the same time: only the store's rows in the file's time
        // range can be one (their zone maps skip the rest).
        String inRange = " t." + time + " >= ? AND t." + time + " <= ?";
        existing += " AND" + inRange;
        stored += " WHERE" + inRange;
      }
      List<Long> range = minTime == null ? List.of() : List.of(minTime, maxTime);
      boolean storeMayHaveThem =
          valid > 0
              && count(
                      "SELECT count(*) FROM (" + stored + " LIMIT 1)",
                      true,
                      stored.contains("?") ? range.toArray() : new Object[0])
                  > 0;
      // Distinct hashes are distinct rows (keys): when the file's valid rows all hash apart, no
      // row of it repeats another, and the exact search below is not needed. Usually so.
      String hashed = fullRow ? columnList : keyList;
      boolean repeatsInFile =
          valid > 0
              && !(kind == Kind.SERVICE_RESPONSES && responsePairsUnique)
              && count(
                      "SELECT count(DISTINCT hash("
                          + hashed
                          + ")) FROM mw_checked WHERE mw_reason IS NULL",
                      true)
                  < valid;
      String notStored =
          storeMayHaveThem
              ? " AND NOT EXISTS (SELECT 1 FROM " + table + " t WHERE " + existing + ")"
              : "";
      String select;
      if (!repeatsInFile) {
        select = "SELECT * FROM mw_checked v WHERE mw_reason IS NULL" + notStored;
      } else if (fullRow) {
        // Identical rows: a hash aggregate finds each one's first line (cheaper than a window).
        select =
            "SELECT "
                + columnList
                + ", min(mw_line) AS mw_line FROM mw_checked v WHERE mw_reason IS NULL"
                + notStored
                + " GROUP BY ALL";
      } else {
        // A key's first row (requests, alerts): a window per key; per-column arg_min over 10M
        // keys measured slower.
        select =
            "SELECT * FROM mw_checked v WHERE mw_reason IS NULL"
                + notStored
                + " QUALIFY row_number() OVER (PARTITION BY "
                + keyList
                + " ORDER BY mw_line) = 1";
      }
      if (storeMayHaveThem && stored.contains("?")) {
        params.addAll(range);
      }
      // A month's query skips the row groups of other months, so a file whose rows fall in more
      // than one month is inserted month by month: row groups then never mix months (beyond the
      // one where two months' inserts meet). Measured: cheaper than one insert ORDER BY time
      // (a sort of every row), which it replaces.
      List<long[]> months = new ArrayList<>();
      if (kind.timeColumn() != null
          && minTime != null
          && !ReportingMonth.containingMicros(minTime)
              .equals(ReportingMonth.containingMicros(maxTime))) {
        ReportingMonth last = ReportingMonth.containingMicros(maxTime);
        for (ReportingMonth m = ReportingMonth.containingMicros(minTime);
            m.compareTo(last) <= 0 && months.size() <= MAX_MONTH_INSERTS;
            m = m.next()) {
          months.add(new long[] {m.startMicros(), m.endMicros()});
        }
        if (months.size() > MAX_MONTH_INSERTS) {
          months.clear(); // years of rows (rare): one insert, not one per month
        }
      }
      // Requests and alerts carry their device's provider (V004), requests its certificate owner
      // too (V006): one join here saves one per report.
      boolean withProvider = kind == Kind.SERVICE_REQUESTS || kind == Kind.ALERTS;
      boolean withOwner = kind == Kind.SERVICE_REQUESTS;
      // Requests carry the distance to their nearest request of the same User and device (V006),
      // first among the file's valid rows, by line; stored neighbours and dropped duplicates after.
      boolean withNear =
          kind == Kind.SERVICE_REQUESTS
              && valid > 0
              && RequestNeighbours.currentBefore(connection, loadId);
      if (withNear && !nearStaged) {
        RequestNeighbours.stageFile(connection, VALID_ROWS, TRACE_SINK);
      }
      String insert =
          "INSERT INTO "
              + table
              + " ("
              + columnList
              + (withProvider ? ", provider" : "")
              + (withOwner ? ", certificate_owner" : "")
              + (withNear ? ", near_us" : "")
              + ", load_id, line) SELECT "
              + storeColumns.stream().map(c -> "x." + q(c)).collect(Collectors.joining(", "))
              + (withProvider ? ", d.provider" : "")
              + (withOwner ? ", d.certificate_owner" : "")
              + (withNear ? ", n.near_us" : "")
              + ", ?, x.mw_line FROM ("
              + select
              + ") x"
              + (withProvider ? " LEFT JOIN devices d ON d.device_id = x.device_id" : "")
              + (withNear ? " LEFT JOIN mw_near n ON n.mw_line = x.mw_line" : "");
      if (months.isEmpty()) {
        loaded = update(insert, params.toArray());
      } else {
        loaded = 0;
        for (long[] m : months) {
          List<Object> monthParams = new ArrayList<>(params);
          monthParams.addAll(List.of(m[0], m[1]));
          loaded +=
              update(
                  insert + " WHERE x." + time + " >= ? AND x." + time + " < ?",
                  monthParams.toArray());
        }
      }
      if (kind == Kind.SERVICE_RESPONSES) {
        // Identical rows already stored may be among these: they cannot change a minimum.
        touched =
            RequestOutcomes.responsesLoaded(
                connection, RESPONSES_LOADED, outcomesStaged, TRACE_SINK);
      } else if (kind == Kind.SERVICE_REQUESTS) {
        if (withNear) {
          RequestNeighbours.requestsInserted(connection, loadId, loaded < valid, TRACE_SINK);
        }
        RequestOutcomes.requestsLoaded(connection, loadId, TRACE_SINK);
        touched = ResponseTimeCube.requestsIn(connection, "WHERE load_id = ?", loadId);
      }
    }
    // The months this file changed get their response-time cube recomputed (same transaction).
    long cubeStart = System.nanoTime();
    ResponseTimeCube.loaded(connection, loadId, touched);
    trace("response-time cube of the months touched", cubeStart);
    RequestNeighbours.loaded(connection, loadId, kind == Kind.SERVICE_REQUESTS ? loaded : 0);
    long duplicates = valid - loaded;
    long read = staged + rejected + strays.size() + jsonBadLines(format);
    if (read != loaded + duplicates + quarantined) {
      throw new MeterwatchException(
          ErrorCode.INTERNAL,
          "counts do not reconcile: read "
              + read
              + " != loaded "
              + loaded
              + " + duplicates "
              + duplicates
              + " + quarantined "
              + quarantined);
    }
    try (PreparedStatement p =
        connection.prepareStatement(
            "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      p.setLong(1, loadId);
      p.setString(2, name);
      p.setString(3, path);
      p.setString(4, kind.fileStem());
      p.setString(5, format.label());
      p.setString(6, sha);
      p.setLong(7, size);
      Instant now = Instant.now();
      p.setLong(8, now.getEpochSecond() * 1_000_000L + now.getNano() / 1000);
      p.setLong(9, read);
      p.setLong(10, loaded);
      p.setLong(11, duplicates);
      p.setLong(12, quarantined);
      p.setObject(13, minTime);
      p.setObject(14, maxTime);
      p.executeUpdate();
    }
    present.clear();
    long lines = format.isCsv() ? fileLines : format == Format.PARQUET ? -1 : read;
    return new FileLoad(
        name,
        kind.fileStem(),
        format.label(),
        FileLoad.Status.LOADED,
        read,
        loaded,
        duplicates,
        quarantined,
        null,
        loadId,
        lines,
        format.isCsv() ? linesNote(lines, read) : null);
  }

  /**
   * Why a CSV file's lines are not its records plus the header, or null when they are: its blank
   * lines and the lines of records over several lines, as the file's layout counts them.
   */
  private String linesNote(long lines, long read) {
    if (lines < 0 || lines == read + 1 || (lines == 0 && read == 0)) {
      return null;
    }
    if (csvLayout == null) {
      return layoutUnmatched
          ? "the file's lines could not be matched to the records DuckDB read: each row's line is"
              + " its record number"
          : null;
    }
    List<String> parts = new ArrayList<>();
    parts.add("the header");
    parts.add(plural(read, "record"));
    long blank = csvLayout.blankLines();
    if (blank > 0) {
      parts.add(plural(blank, "blank line"));
    }
    if (!csvLayout.shifts().isEmpty()) {
      parts.add(
          plural(csvLayout.extraLines(), "more line")
              + " of "
              + plural(csvLayout.shifts().size(), "record")
              + " over several lines (quoted values with line breaks)");
    }
    return String.format(Locale.ROOT, "%,d lines: ", lines) + String.join(", ", parts);
  }

  private static String plural(long n, String word) {
    return String.format(Locale.ROOT, "%,d %s%s", n, word, n == 1 ? "" : "s");
  }

  /** Quarantines the lines with an unbalanced quote (each a record of one line). */
  private long quarantineStrays(long loadId, String name, Kind kind) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement("INSERT INTO quarantine VALUES (?, ?, ?, ?, ?, ?)")) {
      for (CsvLines.Stray stray : strays) {
        p.setLong(1, loadId);
        p.setString(2, name);
        p.setString(3, kind.fileStem());
        p.setLong(4, stray.line());
        p.setString(5, stray.reason());
        Map<String, Object> row = new LinkedHashMap<>();
        if (stray.whole()) {
          row.put("line", stray.text());
        } else {
          row.put("lines", stray.line() + "-" + stray.line());
          row.put("start", stray.text());
        }
        p.setString(6, JSON.writeValueAsString(row));
        p.addBatch();
      }
      p.executeBatch();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return strays.size();
  }

  /**
   * A drop that adds or changes an incident, risk or action is a change to a register like any
   * other: each goes to the audit trail (who "loader", source load:FILE) with the record before and
   * after, in the load's transaction.
   */
  private void auditRegisterChanges(
      Kind kind, String file, List<String> storeColumns, String sameKey) throws SQLException {
    String key = kind.keyColumns().get(0);
    String after = rowJson("v", storeColumns);
    String before = rowJson("t", storeColumns);
    Instant now = Instant.now();
    execute(
        "INSERT INTO audit_trail (audit_id, at_us, who, register, record_key, operation, source,"
            + " before_json, after_json) SELECT nextval('audit_id_seq'), ?, 'loader', ?, v."
            + q(key)
            + ", CASE WHEN t."
            + q(key)
            + " IS NULL THEN 'ADD' ELSE 'UPDATE' END, ?, CASE WHEN t."
            + q(key)
            + " IS NULL THEN NULL ELSE "
            + before
            + " END, "
            + after
            + " FROM mw_new v LEFT JOIN "
            + kind.table()
            + " t ON "
            + sameKey
            + " ORDER BY v.mw_line",
        now.getEpochSecond() * 1_000_000L + now.getNano() / 1000,
        kind.table(),
        "load:" + file);
  }

  /** SQL for a row of a table alias as a JSON object of the given columns. */
  private static String rowJson(String alias, List<String> columns) {
    return "to_json({"
        + columns.stream()
            .map(c -> "'" + c + "': " + alias + "." + q(c))
            .collect(Collectors.joining(", "))
        + "})";
  }

  /**
   * Creates mw_checked (a table or view): each row read with its values in store form, mw_line,
   * mw_reason (its first contract breach, or NULL) and mw_raw (for a breaching row, the row as
   * read). Returns the contract columns the file has.
   *
   * <p>A CSV file is read straight into that form: its raw text is never stored, and its line
   * numbers come from the order DuckDB keeps (the rowid of the rows kept, shifted past the lines it
   * rejected), because numbering rows in the query runs on one thread (measured: twice the time of
   * the whole read). Other formats are staged as text first (mw_stage, with their lines).
   */
  private Set<String> stageChecked(Kind kind, Format format, String path) throws SQLException {
    if (stagedColumns != null) {
      return stagedColumns;
    }
    Set<String> present = stage(kind, format, path);
    // A front end's own staging (DUIS) has no shapes to check; its values are looked at for
    // control characters one by one (a log is small).
    boolean ownStaging = preStaged != null;
    execute(
        "CREATE TEMP TABLE mw_checked AS "
            + SqlColumnRules.checkedSelect(
                kind, "mw_stage", true, !ownStaging, ownStaging ? "true" : "mw_ctl"));
    return present;
  }

  /**
   * Creates mw_checked for a CSV file, outside any transaction: a temp table written by a committed
   * statement numbers its rows (rowid) from 0 in the order read, which gives each row its line;
   * inside a transaction they would be numbered from an internal offset. Checked: when the rowids
   * are not 0 to n - 1, the rows are numbered in rowid order instead (slower).
   */
  private Set<String> stageCsv(Kind kind, Format format, String path) throws SQLException {
    List<String> header = CsvHeader.read(Path.of(path), format == Format.CSV_GZ);
    Set<String> contract = new HashSet<>();
    kind.columns().forEach(c -> contract.add(c.name()));
    Set<String> found = new LinkedHashSet<>();
    for (String h : header) {
      if (contract.contains(h) && !found.add(h)) {
        throw new MeterwatchException(
            ErrorCode.INPUT_COLUMNS,
            "the header row names the column " + h + " twice: " + String.join(",", header));
      }
    }
    requireColumns(kind, found, header);
    List<String> names = readNames(kind, header);
    boolean gzip = format == Format.CSV_GZ;
    CsvLines.Columns scanned = scannedColumns(kind, names);
    // Control characters are looked for value by value only in a file that holds one: a plain
    // file's bytes were looked at while it was hashed; a gzip file's are while DuckDB reads it,
    // and it is read again when they hold one (rare).
    boolean controls = !gzip && csvLines != null && csvLines.controls();
    CsvLines.Layout layout;
    try {
      readCsv(kind, found, names, path, gzip, controls);
      layout =
          layoutIfLinesDiffer(
              path,
              gzip,
              1 + count("SELECT count(*) FROM mw_checked_rows", true) + rejectedRecords(),
              scanned);
    } catch (SQLException e) {
      // A runaway quote can make DuckDB refuse the whole file: the file's own reading says why.
      layout = scanQuietly(path, gzip, scanned);
      if (layout == null || layout.strays().isEmpty()) {
        throw mixedLineEndingsOr(e, path, gzip);
      }
      fileLines = gzip ? gzipLineCount() : csvLines != null ? csvLines.lines() : -1;
    }
    boolean strayLines = layout != null && !layout.strays().isEmpty();
    boolean controlsFound = gzip && gzipCount().controls();
    if (strayLines || controlsFound) {
      // Lines with an unbalanced quote: DuckDB reads the file again with those lines emptied (a
      // blank line is no record), so every other line is read as the line it is.
      Path clean = null;
      if (strayLines) {
        strays = layout.strays();
        clean = withoutStrays(Path.of(path), gzip, strays);
      }
      try {
        for (String t : List.of("mw_checked_rows", REJECTS, REJECT_SCANS)) {
          execute("DROP TABLE IF EXISTS " + t);
        }
        readCsv(
            kind,
            found,
            names,
            clean == null ? path : clean.toString(),
            clean == null && gzip,
            controls || controlsFound);
      } finally {
        if (clean != null) {
          try {
            Files.deleteIfExists(clean);
          } catch (IOException e) {
            // A leftover temporary file is harmless.
          }
        }
      }
    }
    String numbered = "mw_checked_rows";
    if (count(
            "SELECT count(*) FROM (SELECT 1 FROM mw_checked_rows"
                + " HAVING min(rowid) <> 0 OR max(rowid) <> count(*) - 1)",
            true)
        > 0) {
      execute(
          "CREATE TEMP TABLE mw_checked_numbered AS SELECT * EXCLUDE (mw_rowid),"
              + " row_number() OVER (ORDER BY mw_rowid) - 1 AS mw_rowid"
              + " FROM (SELECT *, rowid AS mw_rowid FROM mw_checked_rows)");
      numbered = "(SELECT * EXCLUDE (mw_rowid), mw_rowid AS rowid FROM mw_checked_numbered)";
    }
    numberRows(layout, numbered);
    return found;
  }

  /**
   * The names a CSV file's columns are read under: extra columns are ignored, so they are read
   * under names of their place (an empty name, a header ending in a comma, or two names DuckDB
   * holds equal, SRV beside srv, cannot fail the file). The contract's names come from the file:
   * escaped as SQL string literals, never code.
   */
  static List<String> readNames(Kind kind, List<String> header) {
    Set<String> contract = new HashSet<>();
    kind.columns().forEach(c -> contract.add(c.name()));
    List<String> names = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String h = header.get(i);
      names.add(contract.contains(h) ? h : "mw_extra_" + (i + 1));
    }
    return names;
  }

  /** The header's columns as the CSV scan needs them: which may hold line breaks (free text). */
  static CsvLines.Columns scannedColumns(Kind kind, List<String> names) {
    boolean[] breaks = new boolean[names.size()];
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      breaks[i] =
          kind.columns().stream().anyMatch(c -> c.name().equals(n) && c.type().mayBreakLines());
    }
    return new CsvLines.Columns(names, breaks);
  }

  /** Reads the CSV file into mw_checked_rows (and DuckDB's rejected lines into REJECTS). */
  private void readCsv(
      Kind kind, Set<String> found, List<String> names, String path, boolean gzip, boolean controls)
      throws SQLException {
    String columns =
        names.stream()
            .map(h -> "'" + h.replace("'", "''") + "': 'VARCHAR'")
            .collect(Collectors.joining(", "));
    String options =
        "header=true, auto_detect=false, compression='"
            + (gzip ? "gzip" : "none")
            + "', columns={"
            + columns
            + "}, delim=',',"
            + " quote='\"', escape='\"', null_padding=false, ignore_errors=true, store_rejects=true,"
            + " rejects_table='"
            + REJECTS
            + "', rejects_scan='"
            + REJECT_SCANS
            + "'";
    execute(
        "CREATE TEMP TABLE mw_checked_rows AS "
            + SqlColumnRules.checkedSelect(
                kind,
                "(SELECT " + selectText(kind, found) + " FROM read_csv(?, " + options + "))",
                false,
                false,
                controls ? "true" : "false"),
        path);
  }

  /** DuckDB's message for a file it refused, or the line that ends otherwise than the others. */
  private static SQLException mixedLineEndingsOr(SQLException e, String path, boolean gzip) {
    // DuckDB fails a whole CSV file, without a line, when its lines do not all end alike.
    if (e.getMessage() != null && e.getMessage().contains("reached an invalid state")) {
      try (InputStream in = CsvLines.open(Path.of(path), gzip)) {
        String mixed = CsvLines.mixedLineEndings(in);
        if (mixed != null) {
          throw new MeterwatchException(ErrorCode.INPUT_UNREADABLE, mixed, e);
        }
      } catch (IOException io) {
        // DuckDB's own message stands.
      }
    }
    return e;
  }

  private long rejectedRecords() throws SQLException {
    return count("SELECT count(DISTINCT line) FROM " + REJECTS, true);
  }

  /** The file's layout from its own reading, or null when it cannot be read. */
  private static CsvLines.Layout scanQuietly(String path, boolean gzip, CsvLines.Columns columns) {
    try (InputStream in = CsvLines.open(Path.of(path), gzip)) {
      return CsvLines.scan(in, columns);
    } catch (IOException e) {
      return null;
    }
  }

  /** A temporary plain copy of the file with the strays' lines emptied. */
  private Path withoutStrays(Path file, boolean gzip, List<CsvLines.Stray> lines) {
    Set<Long> emptied = new HashSet<>();
    lines.forEach(l -> emptied.add(l.line()));
    try {
      Path folder = store.folder() == null ? null : store.folder().resolve("tmp");
      if (folder != null) {
        Files.createDirectories(folder);
      }
      Path clean =
          folder == null
              ? Files.createTempFile("meterwatch-csv-", ".csv")
              : Files.createTempFile(folder, "meterwatch-csv-", ".csv");
      try (InputStream in = CsvLines.open(file, gzip);
          java.io.OutputStream out = Files.newOutputStream(clean)) {
        CsvLines.withoutLines(in, out, emptied);
      }
      return clean;
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE,
          "cannot copy " + file.getFileName() + " without its unbalanced quotes: " + e.getMessage(),
          e);
    }
  }

  /**
   * Creates mw_checked: the CSV file's rows ({@code numbered}, rowid in the order read) with the
   * line of the file where each starts. DuckDB numbers records, not lines (see {@link CsvLines}):
   * when the file has as many lines as records (nearly always, decided by a count), a row's line is
   * its number among the records, which is its rowid + 2 shifted past the lines DuckDB rejected.
   * Otherwise the file is read once more for its {@link CsvLines.Layout} (blank lines, records over
   * several lines), and the lines of the rejected records are rewritten the same way. A layout that
   * does not match what DuckDB read (a file it reads more leniently than RFC 4180) is not used.
   */
  private void numberRows(CsvLines.Layout scanned, String numbered) throws SQLException {
    long rows = count("SELECT count(*) FROM " + numbered, true);
    long rejected = rejectedRecords();
    CsvLines.Layout layout = scanned;
    if (layout != null && layout.rows() != rows + rejected) {
      layoutUnmatched = true;
      layout = null;
    }
    csvLayout = layout;
    List<Long> blanks = layout == null ? List.of() : layout.blankAmongRows();
    List<long[]> shifts = layout == null ? List.of() : layout.shifts();
    // The header is line 1: with no steps, the row kept first (rowid 0) is line 2.
    List<Long> skipped = new ArrayList<>(blanks);
    if (rejected > 0) {
      try (Statement st = connection.createStatement();
          ResultSet r = st.executeQuery("SELECT DISTINCT line FROM " + REJECTS)) {
        while (r.next()) {
          skipped.add(r.getLong(1));
        }
      }
    }
    skipped.sort(null);
    List<long[]> steps = CsvLines.rowOffsets(skipped, shifts);
    RowNumbers.view(
        sql, "mw_checked", "(SELECT *, rowid AS mw_k FROM " + numbered + ")", steps, rows, 2);
    if (rejected > 0 && !shifts.isEmpty()) {
      // The line where each record over several lines starts, and its extra lines: the line
      // range of a long record DuckDB rejected.
      List<long[]> starts = new ArrayList<>();
      long ahead = 0;
      for (long[] shift : shifts) {
        starts.add(new long[] {shift[0] + ahead, shift[1]});
        ahead += shift[1];
      }
      sql.appendPairs("mw_record_lines", "line", "extra", starts);
      // A record's line: its number plus the extra lines of the records before it.
      sql.appendPairs("mw_record_shifts", "rn", "extra", shifts);
      execute(
          "CREATE OR REPLACE TEMP TABLE mw_shift_sums AS SELECT rn,"
              + " sum(extra) OVER (ORDER BY rn) AS lines_ahead FROM mw_record_shifts");
      execute(
          "UPDATE "
              + REJECTS
              + " SET line = m.line FROM (SELECT DISTINCT j.line AS rn, j.line + coalesce(h.lines_ahead, 0) AS line FROM "
              + REJECTS
              + " j ASOF LEFT JOIN mw_shift_sums h ON j.line > h.rn) m WHERE "
              + REJECTS
              + ".line = m.rn");
    }
  }

  /**
   * The file's layout when its lines are not {@code records} (DuckDB's records: header, rows and
   * rejected lines), else null: the lines were counted while the file was hashed (plain CSV) or are
   * being counted on another thread (gzip).
   */
  private CsvLines.Layout layoutIfLinesDiffer(
      String path, boolean gzip, long records, CsvLines.Columns columns) {
    long start = System.nanoTime();
    long lines = gzip ? gzipLineCount() : csvLines != null ? csvLines.lines() : -1;
    fileLines = lines;
    trace("the file's lines (counted beside)", start);
    if (lines == records) {
      return null;
    }
    try (InputStream in = CsvLines.open(Path.of(path), gzip)) {
      CsvLines.Layout layout = CsvLines.scan(in, columns);
      trace("find where the records start (lines and records differ)", start);
      return layout;
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, "cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  /** Above this many months in one file, its rows go in one insert, not one per month. */
  private static final int MAX_MONTH_INSERTS = 36;

  /** Rowids per bucket when a CSV file's rows are numbered with many steps (numberRows). */
  private static final long BUCKET_ROWS = 4096;

  /** The valid rows of the file being loaded (mw_checked: see stageChecked). */
  private static final String VALID_ROWS = "(SELECT * FROM mw_checked WHERE mw_reason IS NULL)";

  /** The rows of a responses file whose outcomes RequestOutcomes merges. */
  private static final String RESPONSES_LOADED =
      "(SELECT request_id, sent_us, code, kind, mw_line AS line FROM mw_checked"
          + " WHERE mw_reason IS NULL)";

  /**
   * Computes, before a file's transaction, what its load derives from its checked rows and the
   * committed store alone: the request outcomes its responses give (RequestOutcomes.stage) and the
   * distances among its requests (RequestNeighbours.stageFile). DuckDB reads a table written inside
   * an open transaction about twice as slowly as a committed one; the transaction then only uses
   * them. Nothing here touches the store's tables.
   */
  private void stageDerived(Kind kind) throws SQLException {
    // The rows have their lines: the steps below may run in any order (both cores).
    execute("SET preserve_insertion_order = false");
    if (kind == Kind.SERVICE_RESPONSES) {
      // One proof serves two steps: when no (request_id, kind) repeats among the file's valid
      // rows, no row repeats another (the duplicate search is not needed) and no request has two
      // RESPONSE rows (the outcomes need no grouping). Usually so (an ACK and a response per
      // request); measured on the bench: 2.6 s in place of 2.6 s + 1.3 s.
      responsePairsUnique =
          count(
                  "SELECT CASE WHEN count(DISTINCT hash(request_id, kind)) = count(*) THEN 1"
                      + " ELSE 0 END FROM mw_checked WHERE mw_reason IS NULL",
                  true)
              == 1;
      RequestOutcomes.stage(connection, RESPONSES_LOADED, responsePairsUnique, TRACE_SINK);
      outcomesStaged = true;
    } else if (kind == Kind.SERVICE_REQUESTS && RequestNeighbours.isCurrent(connection)) {
      RequestNeighbours.stageFile(connection, VALID_ROWS, TRACE_SINK);
      nearStaged = true;
    }
  }

  /** Creates mw_stage: the contract's columns as text plus mw_line; returns the columns found. */
  private Set<String> stage(Kind kind, Format format, String path) throws SQLException {
    if (preStaged != null) {
      return preStaged;
    }
    return switch (format) {
      case JSONL, JSONL_GZ -> JsonLinesStaging.stage(sql, kind, format.isGzip(), path);
      case PARQUET -> ParquetStaging.stage(sql, kind, path);
      default -> throw new IllegalStateException("unknown format " + format);
    };
  }

  /** A CSV file's contract columns as text, each cell as written (mw_cell: see CsvWriter). */
  private static String selectText(Kind kind, Set<String> found) {
    return kind.columns().stream()
        .map(
            c ->
                found.contains(c.name())
                    ? "mw_cell(" + q(c.name()) + ") AS " + q(c.name())
                    : "NULL::VARCHAR AS " + q(c.name()))
        .collect(Collectors.joining(", "));
  }

  private static void requireColumns(Kind kind, Set<String> found) {
    requireColumns(kind, found, List.copyOf(found));
  }

  /** As above; {@code named}: every column the file names, for the message. */
  static void requireColumns(Kind kind, Set<String> found, List<String> named) {
    List<String> missing =
        kind.columns().stream()
            .filter(Column::required)
            .map(Column::name)
            .filter(n -> !found.contains(n))
            .toList();
    if (!missing.isEmpty()) {
      throw new MeterwatchException(
          ErrorCode.INPUT_COLUMNS,
          "missing required column"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + " for kind "
              + kind.fileStem()
              + " (found: "
              + String.join(", ", named)
              + ")");
    }
  }

  /** In JSON Lines a column is a key; one that no row has at all is a missing column. */
  private void requirePresentInJson(Kind kind, long rows) throws SQLException {
    if (rows == 0) {
      return;
    }
    List<String> missing = new ArrayList<>();
    for (Column c : kind.columns()) {
      // No value anywhere: missing only if no line has the key at all (a key whose every value
      // is null is there; its rows are quarantined as missing a required value).
      if (c.required()
          && count("SELECT count(" + q(c.name()) + ") FROM mw_stage", true) == 0
          && count(
                  "SELECT count(*) FROM mw_lines WHERE mw_bad IS NULL AND list_contains(json_keys(j), ?)",
                  true,
                  c.name())
              == 0) {
        missing.add(c.name());
      }
    }
    if (!missing.isEmpty()) {
      throw new MeterwatchException(
          ErrorCode.INPUT_COLUMNS,
          "missing required column"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + " for kind "
              + kind.fileStem()
              + " (no line has it)");
    }
  }

  private long jsonBadLines(Format format) throws SQLException {
    if (format != Format.JSONL && format != Format.JSONL_GZ) {
      return 0;
    }
    return count("SELECT count(*) FROM mw_lines WHERE mw_bad IS NOT NULL", true);
  }

  /** Key equality; = where the column can never be null (lets DuckDB use a hash join). */
  private static String equality(Kind kind, String storeColumn) {
    boolean neverNull =
        kind.columns().stream().anyMatch(c -> c.storeName().equals(storeColumn) && c.neverNull());
    return "t."
        + q(storeColumn)
        + (neverNull ? " = " : " IS NOT DISTINCT FROM ")
        + "v."
        + q(storeColumn);
  }

  /** The loader's trim (tests read it): see {@link SqlColumnRules#TRIM_MACRO}. */
  static final String TRIM_MACRO = SqlColumnRules.TRIM_MACRO;

  /** Session objects the checks use: the rules' macros and the SRV catalogue. */
  private void prepareSession() {
    try (Statement s = connection.createStatement()) {
      SqlColumnRules.prepare(s);
      // The catalogue as constant lists: a lookup in one is a scalar (the rows keep their order).
      s.execute(
          "CREATE OR REPLACE TEMP MACRO mw_srv_known(x) AS list_contains("
              + sqlList(catalogue.all().stream().map(Srv::variant).toList())
              + ", x)");
      s.execute(
          "CREATE OR REPLACE TEMP MACRO mw_srv_device(x) AS list_contains("
              + sqlList(
                  catalogue.all().stream().filter(v -> !v.nonDevice()).map(Srv::variant).toList())
              + ", x)");
      s.execute(
          "CREATE OR REPLACE TEMP MACRO mw_provider_known(x) AS list_contains("
              + sqlList(providers.providerIds())
              + ", x)");
      s.execute(
          "CREATE OR REPLACE TEMP MACRO mw_provider_catalogue() AS '"
              + providerReason(providers).replace("'", "''")
              + "'");
    } catch (SQLException e) {
      throw new MeterwatchException(ErrorCode.STORE, "cannot prepare the load: " + describe(e), e);
    }
  }

  /**
   * What a device of an unknown provider is told: the catalogue, its providers and where a user
   * adds one. No quote mark in it: DuckDB and Spark SQL escape one differently in a literal.
   */
  public static String providerReason(ProviderCatalogue providers) {
    return providers.describe()
        + ": known providers "
        + String.join(", ", providers.providerIds())
        + "; a new provider is added in rules/"
        + ProviderCatalogue.FILE
        + " in the store folder (docs/providers.md)";
  }

  private static String sqlList(List<String> values) {
    return SqlColumnRules.sqlList(values);
  }

  private void dropTempTables() {
    try (Statement s = connection.createStatement()) {
      s.execute("RESET preserve_insertion_order");
    } catch (SQLException e) {
      // A session that cannot reset it is broken anyway: the next statement says so.
    }
    for (String v : List.of("mw_checked", "mw_json_numbered")) {
      try (Statement s = connection.createStatement()) {
        s.execute("DROP VIEW IF EXISTS " + v);
      } catch (SQLException e) {
        // A table for this load: dropped below.
      }
    }
    for (String t :
        List.of(
            "mw_stage",
            "mw_checked",
            "mw_checked_rows",
            "mw_checked_numbered",
            "mw_new",
            "mw_near",
            "mw_outcome",
            "mw_json_lines",
            "mw_lines",
            "mw_steps",
            "mw_step_buckets",
            "mw_record_shifts",
            "mw_record_lines",
            "mw_shift_sums",
            "mw_json_rejects",
            "mw_json_rejects_scan",
            REJECTS,
            REJECT_SCANS)) {
      try (Statement s = connection.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + t);
      } catch (SQLException e) {
        // A temp table that cannot be dropped goes with the session.
      }
    }
  }

  private Long previousLoad(Kind kind, String sha) throws SQLException {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT min(load_id) FROM loads WHERE kind = ? AND sha256 = ?")) {
      p.setString(1, kind.fileStem());
      p.setString(2, sha);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        long id = r.getLong(1);
        return r.wasNull() ? null : id;
      }
    }
  }

  private long nextLoadId() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT nextval('load_id_seq')")) {
      r.next();
      return r.getLong(1);
    }
  }

  private long count(String query, boolean run, Object... params) throws SQLException {
    return sql.count(query, run, params);
  }

  private void execute(String statement, Object... params) throws SQLException {
    sql.execute(statement, params);
  }

  private long update(String statement, Object... params) throws SQLException {
    return sql.update(statement, params);
  }

  private static final RequestOutcomes.Trace TRACE_SINK = Sql.TRACE_SINK;

  private static void trace(String what, long startNanos) {
    Sql.trace(what, startNanos);
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The transaction is gone either way; the store keeps its last commit.
    }
  }

  /** Quotes an identifier from our own code. */
  static String q(String identifier) {
    return SqlColumnRules.q(identifier);
  }

  /** DuckDB's message, first line, without its error-class prefix noise. */
  static String describe(SQLException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    String first = m.lines().findFirst().orElse(m);
    String lower = first.toLowerCase(Locale.ROOT);
    if (lower.contains("gzip") || lower.contains("zlib") || lower.contains("inflate")) {
      return "the file is not a complete gzip stream (truncated or corrupt): " + first;
    }
    if (lower.contains("parquet") && lower.contains("magic")) {
      return "not a Parquet file: " + first;
    }
    return first;
  }

  static String sha256(Path file) throws IOException {
    return sha256(file, null);
  }

  /** The file's SHA-256; its lines are counted in the same pass when {@code lines} is given. */
  static String sha256(Path file, CsvLines.Counter lines) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
        if (lines != null) {
          lines.add(buffer, n);
        }
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  Store store() {
    return store;
  }
}
