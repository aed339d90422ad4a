package uk.meterwatch.engine.duis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.Kind;
import uk.meterwatch.engine.load.LoadListener;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;

/**
 * Loads a DUIS audit log (the messages one Service User sent and received) into the store. One
 * streaming pass parses each message and writes it as a row of a contract kind (requests,
 * responses, alerts) into a temporary staging file; then {@link DropLoader#loadStaged} gives those
 * rows the drop's validation, quarantine, dedup and reconciliation. A message that is bad at the
 * DUIS level (malformed XML, a missing header element, ...) is quarantined with the log's name and
 * line. The whole log loads in one transaction: it fails as a whole and changes nothing, and the
 * same log (same content) loaded again is UNCHANGED.
 *
 * <p>A log is a JSON Lines file (optionally gzipped), one {@code {"captured_at", "direction",
 * "xml"}} object a line, or a folder of {@code NAME.xml} messages each with a {@code NAME.json}
 * sidecar {@code {"captured_at", "direction"}}. See docs/duis.md.
 */
public final class DuisLoader {
  /** The format label of DUIS loads in the store's loads table and the load summary. */
  public static final String FORMAT = "duis";

  /** The kind label of log lines that could not be told to be a request, response or alert. */
  public static final String UNKNOWN_KIND = "duis";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<Kind> KINDS =
      List.of(Kind.SERVICE_REQUESTS, Kind.SERVICE_RESPONSES, Kind.ALERTS);
  private static final int REQUESTS = 0;
  private static final int RESPONSES = 1;
  private static final int ALERTS = 2;
  private static final int UNKNOWN = 3;

  private final Store store;
  private final Connection connection;
  private final SrvCatalogue catalogue;
  private final DuisParser parser = new DuisParser();
  private LoadListener listener = LoadListener.NONE;

  public DuisLoader(Store store) {
    this(store, SrvCatalogue.standard());
  }

  public DuisLoader(Store store, SrvCatalogue catalogue) {
    this.store = store;
    this.connection = store.connection();
    this.catalogue = catalogue;
  }

  public DuisLoader listener(LoadListener listener) {
    this.listener = listener;
    return this;
  }

  /** Loads a DUIS log: a JSON Lines file or a folder of .xml messages with .json sidecars. */
  public LoadReport load(Path log) {
    if (!Files.exists(log)) {
      throw new MeterwatchException(ErrorCode.NOT_FOUND, "no such DUIS log: " + log);
    }
    store.requireWritable();
    Source source = Files.isDirectory(log) ? Source.folder(log) : Source.jsonLines(log);
    String name = log.getFileName().toString();
    listener.started(1, source.size);
    listener.fileStarted(log, source.size);
    FileLoad unchanged = unchanged(name, source.sha);
    if (unchanged != null) {
      listener.fileFinished(unchanged, source.size);
      return new LoadReport(List.of(unchanged), source.ignored);
    }
    List<FileLoad> results;
    Staging staging = null;
    try {
      staging = new Staging();
      stage(source, staging);
      staging.close();
      results = loadStaged(log, name, source, staging);
    } catch (IOException | UncheckedIOException e) {
      results = List.of(failed(name, "cannot read " + name + ": " + e.getMessage()));
    } catch (MeterwatchException e) {
      results = List.of(failed(name, name + ": " + e.getMessage()));
    } finally {
      if (staging != null) {
        staging.delete();
      }
    }
    FileLoad total = total(name, results);
    listener.fileFinished(total, source.size);
    return new LoadReport(results, source.ignored);
  }

  private static FileLoad failed(String name, String reason) {
    return new FileLoad(
        name, UNKNOWN_KIND, FORMAT, FileLoad.Status.FAILED, 0, 0, 0, 0, reason, null);
  }

  private static FileLoad total(String name, List<FileLoad> results) {
    if (results.size() == 1) {
      return results.get(0);
    }
    long read = 0;
    long loaded = 0;
    long duplicates = 0;
    long quarantined = 0;
    for (FileLoad f : results) {
      read += f.read();
      loaded += f.loaded();
      duplicates += f.duplicates();
      quarantined += f.quarantined();
    }
    return new FileLoad(
        name,
        UNKNOWN_KIND,
        FORMAT,
        FileLoad.Status.LOADED,
        read,
        loaded,
        duplicates,
        quarantined,
        null,
        null);
  }

  private FileLoad unchanged(String name, String sha) {
    try (PreparedStatement p =
        connection.prepareStatement(
            "SELECT min(load_id) FROM loads WHERE format = ? AND sha256 = ?")) {
      p.setString(1, FORMAT);
      p.setString(2, sha);
      try (ResultSet r = p.executeQuery()) {
        r.next();
        long id = r.getLong(1);
        if (r.wasNull()) {
          return null;
        }
        return new FileLoad(
            name, UNKNOWN_KIND, FORMAT, FileLoad.Status.UNCHANGED, 0, 0, 0, 0, null, id);
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the store's loads: " + e.getMessage(), e);
    }
  }

  // ---- The streaming pass: log entries to staged rows ----

  private void stage(Source source, Staging staging) throws IOException {
    source.forEach(
        entry -> {
          accept(entry, staging);
          if (entry.line % 4096 == 0 && source.size > 0) {
            // The parse is most of the work; the SQL after it is the last tenth.
            listener.fileProgress(0.9 * Math.min(1.0, (double) entry.bytesSoFar / source.size));
          }
        });
  }

  private void accept(Entry e, Staging staging) {
    if (e.reason != null) {
      staging.bad(UNKNOWN, e.line, e.raw, e.reason);
      return;
    }
    DuisMessage m;
    try {
      m = parser.parse(e.xml);
    } catch (InvalidMessageException x) {
      staging.bad(UNKNOWN, e.line, e.raw, x.getMessage());
      return;
    }
    switch (m.shape()) {
      case REQUEST -> request(e, m, staging);
      case RESPONSE -> response(e, m, staging);
      case DEVICE_ALERT, DCC_ALERT -> alert(e, m, staging);
    }
  }

  private void request(Entry e, DuisMessage m, Staging staging) {
    String reason =
        !"sent".equals(e.direction)
            ? "a Request is sent by the User, got direction " + e.direction
            : headerProblem(
                m,
                "RequestID",
                m.requestId(),
                "ServiceReferenceVariant",
                m.serviceReferenceVariant());
    String[] id = reason == null ? splitId(m.requestId()) : null;
    if (reason == null && id == null) {
      reason = "RequestID is not originator:target:counter: " + m.requestId();
    }
    if (reason != null) {
      staging.bad(REQUESTS, e.line, e.raw, reason);
      return;
    }
    // A non-device SRV's target is not a device (e.g. the DCC): no device_id.
    boolean nonDevice =
        catalogue.find(m.serviceReferenceVariant()).map(Srv::nonDevice).orElse(false);
    staging.row(
        REQUESTS,
        e.line,
        m.requestId(),
        id[0],
        null,
        m.serviceReferenceVariant(),
        nonDevice ? null : id[1],
        e.capturedAt,
        m.executionDateTime());
  }

  private void response(Entry e, DuisMessage m, Staging staging) {
    String reason =
        !"received".equals(e.direction)
            ? "a Response is received by the User, got direction " + e.direction
            : headerProblem(
                m,
                "RequestID",
                m.requestId(),
                "ResponseCode",
                m.responseCode(),
                "ResponseDateTime",
                m.responseDateTime());
    String kind = reason == null ? m.responseKind() : null;
    if (reason == null && kind == null) {
      reason = m.neitherReason();
    }
    if (reason != null) {
      staging.bad(RESPONSES, e.line, e.raw, reason);
      return;
    }
    staging.row(RESPONSES, e.line, m.requestId(), m.responseDateTime(), m.responseCode(), kind);
  }

  private void alert(Entry e, DuisMessage m, Staging staging) {
    boolean device = m.shape() == DuisMessage.Shape.DEVICE_ALERT;
    String alertId = m.responseId() != null ? m.responseId() : m.requestId();
    String reason =
        !"received".equals(e.direction)
            ? "an Alert is received by the User, got direction " + e.direction
            : headerProblem(m, "ResponseID", alertId, "ResponseDateTime", m.responseDateTime());
    if (reason == null && m.alertCode() == null) {
      reason =
          device
              ? "missing sr:AlertCode in sr:DeviceAlertMessage"
              : "missing sr:DCCAlertCode in sr:DCCAlertMessage";
    }
    String[] id = reason == null ? splitId(alertId) : null;
    if (reason == null && id == null) {
      reason = "ResponseID is not originator:target:counter: " + alertId;
    }
    if (reason != null) {
      staging.bad(ALERTS, e.line, e.raw, reason);
      return;
    }
    staging.row(
        ALERTS,
        e.line,
        alertId,
        device ? id[0] : null,
        id[1],
        m.alertCode(),
        m.responseDateTime(),
        e.capturedAt);
  }

  /** The first missing header element, as a reason, or null; pairs of name and value. */
  private static String headerProblem(DuisMessage m, String... namesAndValues) {
    if (!m.hasHeader()) {
      return "missing header: no sr:Header";
    }
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] == null) {
        return "missing header element sr:" + namesAndValues[i];
      }
    }
    return null;
  }

  /** originator:target:counter, each part present, or null. */
  static String[] splitId(String id) {
    int a = id.indexOf(':');
    int b = a < 0 ? -1 : id.indexOf(':', a + 1);
    if (a <= 0 || b <= a + 1 || b == id.length() - 1 || id.indexOf(':', b + 1) >= 0) {
      return null;
    }
    return new String[] {id.substring(0, a), id.substring(a + 1, b), id.substring(b + 1)};
  }

  // ---- Loading the staged rows, all kinds in one transaction ----

  private List<FileLoad> loadStaged(Path log, String name, Source source, Staging staging) {
    DropLoader drop = new DropLoader(store, catalogue);
    List<FileLoad> results = new ArrayList<>();
    try {
      connection.setAutoCommit(false);
      execute(
          "CREATE TEMP TABLE mw_duis_bad AS SELECT kind, mw_line::BIGINT AS mw_line, j, mw_bad"
              + " FROM read_csv(?, header=true, auto_detect=false, columns={'kind': 'VARCHAR',"
              + " 'mw_line': 'VARCHAR', 'j': 'VARCHAR', 'mw_bad': 'VARCHAR'}, delim=',', quote='\"',"
              + " escape='\"')",
          staging.badFile.toString());
      for (int k = 0; k < KINDS.size(); k++) {
        if (staging.rows[k] + staging.bad[k] == 0) {
          continue;
        }
        Kind kind = KINDS.get(k);
        String columns =
            kind.columnNames().stream()
                .map(c -> "'" + c + "': 'VARCHAR'")
                .collect(Collectors.joining(", "));
        String select =
            kind.columnNames().stream().map(c -> "\"" + c + "\"").collect(Collectors.joining(", "));
        execute(
            "CREATE TEMP TABLE mw_stage AS SELECT "
                + select
                + ", mw_line::BIGINT AS mw_line FROM read_csv(?, header=true, auto_detect=false,"
                + " columns={"
                + columns
                + ", 'mw_line': 'VARCHAR'}, delim=',', quote='\"', escape='\"')",
            staging.files[k].toString());
        execute(
            "CREATE TEMP TABLE mw_lines AS SELECT mw_line, j, mw_bad FROM mw_duis_bad WHERE kind = ?",
            kind.fileStem());
        results.add(drop.loadStaged(log, name, kind, FORMAT, source.sha, source.size));
      }
      if (staging.bad[UNKNOWN] > 0) {
        results.add(loadUnknown(log, name, source, staging.bad[UNKNOWN]));
      }
      if (source.files != null) {
        relabelQuarantine(source, results);
      }
      connection.commit();
      return results;
    } catch (SQLException | MeterwatchException e) {
      rollbackQuietly();
      return List.of(failed(name, name + ": " + e.getMessage()));
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        // DuckDB ended the transaction itself (a commit that failed on a full disk): roll back,
        // and the failure above is what the summary says.
        rollbackQuietly();
        try {
          connection.setAutoCommit(true);
        } catch (SQLException again) {
          // The connection is broken: the next statement on it says so.
        }
      }
      for (String t : List.of("mw_duis_bad", "mw_duis_files", "mw_stage", "mw_lines")) {
        try (Statement s = connection.createStatement()) {
          s.execute("DROP TABLE IF EXISTS " + t);
        } catch (SQLException e) {
          // A temp table that cannot be dropped goes with the session.
        }
      }
    }
  }

  /** Lines that are no request, response or alert: all quarantined, under kind "duis". */
  private FileLoad loadUnknown(Path log, String name, Source source, long lines)
      throws SQLException {
    long loadId;
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT nextval('load_id_seq')")) {
      r.next();
      loadId = r.getLong(1);
    }
    long quarantined =
        update(
            "INSERT INTO quarantine SELECT ?, ?, ?, mw_line, mw_bad, to_json({'line': j})"
                + " FROM mw_duis_bad WHERE kind = ? ORDER BY mw_line",
            loadId,
            name,
            UNKNOWN_KIND,
            UNKNOWN_KIND);
    if (quarantined != lines) {
      throw new MeterwatchException(
          ErrorCode.INTERNAL,
          "counts do not reconcile: " + lines + " lines staged, " + quarantined + " quarantined");
    }
    Instant now = Instant.now();
    update(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, NULL, NULL)",
        loadId,
        name,
        log.toAbsolutePath().toString(),
        UNKNOWN_KIND,
        FORMAT,
        source.sha,
        source.size,
        now.getEpochSecond() * 1_000_000L + now.getNano() / 1000,
        lines,
        lines);
    return new FileLoad(
        name, UNKNOWN_KIND, FORMAT, FileLoad.Status.LOADED, lines, 0, 0, lines, null, loadId);
  }

  /** In a folder, a quarantined message is named by its own file (line 1), not its position. */
  private void relabelQuarantine(Source source, List<FileLoad> results) throws SQLException {
    execute("CREATE TEMP TABLE mw_duis_files (pos BIGINT, file VARCHAR)");
    try (PreparedStatement p =
        connection.prepareStatement("INSERT INTO mw_duis_files VALUES (?, ?)")) {
      for (int i = 0; i < source.files.size(); i++) {
        p.setLong(1, i + 1);
        p.setString(2, source.files.get(i));
        p.addBatch();
      }
      p.executeBatch();
    }
    for (FileLoad f : results) {
      if (f.quarantined() > 0) {
        update(
            "UPDATE quarantine SET file = m.file, line = 1 FROM mw_duis_files m"
                + " WHERE quarantine.load_id = ? AND quarantine.line = m.pos",
            f.loadId());
      }
    }
  }

  private void execute(String sql, Object... params) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        p.setObject(i + 1, params[i]);
      }
      p.execute();
    }
  }

  private long update(String sql, Object... params) throws SQLException {
    try (PreparedStatement p = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        p.setObject(i + 1, params[i]);
      }
      return p.executeUpdate();
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The transaction is gone either way; the store keeps its last commit.
    }
  }

  // ---- Sources: a JSON Lines log or a folder of messages ----

  /** One message of a log, or a line that is not one (reason set). */
  private static final class Entry {
    long line;
    long bytesSoFar;
    String raw;
    String capturedAt;
    String direction;
    String xml;
    String reason;
  }

  private interface EntryConsumer {
    void accept(Entry e) throws IOException;
  }

  /** Where the messages come from, with the content's checksum and size. */
  private abstract static class Source {
    final String sha;
    final long size;
    final List<String> ignored;
    final List<String> files;

    Source(String sha, long size, List<String> ignored, List<String> files) {
      this.sha = sha;
      this.size = size;
      this.ignored = ignored;
      this.files = files;
    }

    abstract void forEach(EntryConsumer consumer) throws IOException;

    static Source jsonLines(Path log) {
      try {
        return new JsonLines(log, sha256(log), Files.size(log));
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.INPUT_UNREADABLE,
            "cannot read the DUIS log " + log + ": " + e.getMessage(),
            e);
      }
    }

    static Source folder(Path folder) {
      List<Path> all;
      try (Stream<Path> s = Files.list(folder)) {
        all = s.filter(Files::isRegularFile).sorted().toList();
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.INPUT_UNREADABLE, "cannot list " + folder + ": " + e.getMessage(), e);
      }
      List<Path> xml = new ArrayList<>();
      List<String> ignored = new ArrayList<>();
      List<String> sidecars = new ArrayList<>();
      for (Path p : all) {
        String n = p.getFileName().toString();
        if (n.toLowerCase(Locale.ROOT).endsWith(".xml")) {
          xml.add(p);
          sidecars.add(n.substring(0, n.length() - 4) + ".json");
        }
      }
      for (Path p : all) {
        String n = p.getFileName().toString();
        if (!n.toLowerCase(Locale.ROOT).endsWith(".xml") && !sidecars.contains(n)) {
          ignored.add(n);
        }
      }
      // The folder's checksum covers each message's name, XML and sidecar.
      MessageDigest digest = newDigest();
      long size = 0;
      try {
        for (Path p : xml) {
          Path sidecar = p.resolveSibling(sidecarName(p));
          digest.update((p.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
          byte[] bytes = Files.readAllBytes(p);
          digest.update(bytes);
          size += bytes.length;
          if (Files.isRegularFile(sidecar)) {
            byte[] side = Files.readAllBytes(sidecar);
            digest.update((byte) 0);
            digest.update(side);
            size += side.length;
          }
          digest.update((byte) '\n');
        }
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.INPUT_UNREADABLE, "cannot read " + folder + ": " + e.getMessage(), e);
      }
      String prefix = folder.getFileName() + "/";
      return new Folder(
          xml,
          HexFormat.of().formatHex(digest.digest()),
          size,
          ignored,
          xml.stream().map(p -> prefix + p.getFileName()).toList());
    }

    static String sidecarName(Path xml) {
      String n = xml.getFileName().toString();
      return n.substring(0, n.length() - 4) + ".json";
    }
  }

  /** One {"captured_at", "direction", "xml"} object a line; .gz is read through gzip. */
  private static final class JsonLines extends Source {
    private final Path log;

    JsonLines(Path log, String sha, long size) {
      super(sha, size, List.of(), null);
      this.log = log;
    }

    @Override
    void forEach(EntryConsumer consumer) throws IOException {
      InputStream in = Files.newInputStream(log);
      if (log.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
        in = new GZIPInputStream(in, 1 << 16);
      }
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
        String raw;
        long line = 0;
        long bytes = 0;
        while ((raw = r.readLine()) != null) {
          Entry e = new Entry();
          e.line = ++line;
          bytes += raw.length() + 1;
          e.bytesSoFar = bytes;
          e.raw = raw;
          read(e, raw);
          consumer.accept(e);
        }
      }
    }

    private static void read(Entry e, String raw) {
      if (raw.isBlank()) {
        e.reason = "blank line";
        return;
      }
      JsonNode node;
      try {
        node = JSON.readTree(raw);
      } catch (JsonProcessingException x) {
        e.reason = "malformed JSON: " + x.getOriginalMessage();
        return;
      }
      if (node == null || !node.isObject()) {
        e.reason = "not a JSON object";
        return;
      }
      e.capturedAt = text(node, "captured_at");
      e.direction = text(node, "direction");
      e.xml = text(node, "xml");
      e.reason = problem(e);
    }
  }

  /** NAME.xml messages in name order, each with its NAME.json sidecar. */
  private static final class Folder extends Source {
    private final List<Path> xml;

    Folder(List<Path> xml, String sha, long size, List<String> ignored, List<String> files) {
      super(sha, size, ignored, files);
      this.xml = xml;
    }

    @Override
    void forEach(EntryConsumer consumer) throws IOException {
      long bytes = 0;
      for (int i = 0; i < xml.size(); i++) {
        Path p = xml.get(i);
        Entry e = new Entry();
        e.line = i + 1;
        e.xml = Files.readString(p, StandardCharsets.UTF_8);
        bytes += e.xml.length();
        e.bytesSoFar = bytes;
        Path sidecar = p.resolveSibling(sidecarName(p));
        ObjectNode raw = JSON.createObjectNode();
        raw.put("file", p.getFileName().toString());
        if (!Files.isRegularFile(sidecar)) {
          e.reason = "missing sidecar " + sidecar.getFileName();
        } else {
          try {
            JsonNode node = JSON.readTree(Files.readString(sidecar, StandardCharsets.UTF_8));
            if (node == null || !node.isObject()) {
              e.reason = "sidecar " + sidecar.getFileName() + " is not a JSON object";
            } else {
              e.capturedAt = text(node, "captured_at");
              e.direction = text(node, "direction");
              e.reason = problem(e);
            }
          } catch (JsonProcessingException x) {
            e.reason = "malformed JSON in sidecar " + sidecar.getFileName();
          }
        }
        raw.put("captured_at", e.capturedAt);
        raw.put("direction", e.direction);
        raw.put("xml", e.xml);
        e.raw = raw.toString();
        consumer.accept(e);
      }
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static String problem(Entry e) {
    if (e.capturedAt == null || e.capturedAt.isBlank()) {
      return "missing captured_at";
    }
    if (e.direction == null || e.direction.isBlank()) {
      return "missing direction";
    }
    if (!"sent".equals(e.direction) && !"received".equals(e.direction)) {
      return "direction must be sent or received, got " + e.direction;
    }
    if (e.xml == null || e.xml.isBlank()) {
      return "missing xml";
    }
    return null;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- Staging files: one CSV per kind, plus the bad lines ----

  /** Temporary CSV files of staged rows (every value quoted; absent = empty, unquoted). */
  private static final class Staging {
    final Path[] files = new Path[KINDS.size()];
    final Writer[] writers = new Writer[KINDS.size()];
    final long[] rows = new long[KINDS.size()];
    final long[] bad = new long[KINDS.size() + 1];
    final Path badFile;
    final Writer badWriter;

    Staging() throws IOException {
      for (int k = 0; k < KINDS.size(); k++) {
        files[k] = Files.createTempFile("meterwatch-duis-", ".csv");
        writers[k] = Files.newBufferedWriter(files[k], StandardCharsets.UTF_8);
        List<String> header = new ArrayList<>(KINDS.get(k).columnNames());
        header.add("mw_line");
        writers[k].write(String.join(",", header));
        writers[k].write('\n');
      }
      badFile = Files.createTempFile("meterwatch-duis-bad-", ".csv");
      badWriter = new BufferedWriter(Files.newBufferedWriter(badFile, StandardCharsets.UTF_8));
      badWriter.write("kind,mw_line,j,mw_bad\n");
    }

    void row(int kind, long line, String... values) {
      try {
        Writer w = writers[kind];
        for (String v : values) {
          value(w, v);
          w.write(',');
        }
        w.write(Long.toString(line));
        w.write('\n');
        rows[kind]++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void bad(int kind, long line, String raw, String reason) {
      try {
        value(badWriter, kind == UNKNOWN ? UNKNOWN_KIND : KINDS.get(kind).fileStem());
        badWriter.write(',');
        badWriter.write(Long.toString(line));
        badWriter.write(',');
        value(badWriter, raw);
        badWriter.write(',');
        value(badWriter, reason);
        badWriter.write('\n');
        bad[kind]++;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static void value(Writer w, String v) throws IOException {
      if (v == null) {
        return;
      }
      w.write('"');
      if (v.indexOf('"') >= 0) {
        w.write(v.replace("\"", "\"\""));
      } else {
        w.write(v);
      }
      w.write('"');
    }

    void close() throws IOException {
      for (Writer w : writers) {
        w.close();
      }
      badWriter.close();
    }

    void delete() {
      try {
        close();
      } catch (IOException e) {
        // Closing twice or failing to flush a file about to be deleted is harmless.
      }
      for (Path p : files) {
        deleteQuietly(p);
      }
      deleteQuietly(badFile);
    }

    private static void deleteQuietly(Path p) {
      try {
        if (p != null) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        // A leftover temporary file is harmless.
      }
    }
  }
}
