package uk.meterwatch.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Simulates a scenario into a drop (a folder of files per the data contract). The drop is written
 * into a temporary folder beside it and moved into place at the end, so a failed run leaves no
 * partial drop.
 */
public final class Simulator {
  static final List<String> REQUEST_COLUMNS =
      List.of(
          "request_id", "user_id", "user_role", "srv", "device_id", "received_at", "execute_at");
  static final List<String> RESPONSE_COLUMNS = List.of("request_id", "sent_at", "code", "kind");
  static final List<String> ALERT_COLUMNS =
      List.of("alert_id", "device_id", "user_id", "alert_code", "raised_at", "delivered_at");
  static final List<String> DEVICE_COLUMNS =
      List.of(
          "device_id",
          "device_type",
          "smets",
          "provider",
          "comms_hub_id",
          "area",
          "certificate_owner",
          "cohort");
  static final List<String> USER_COLUMNS = List.of("user_id", "organisation", "role");
  static final List<String> AREA_EVENT_COLUMNS = List.of("area", "event", "effective_on");
  static final List<String> INCIDENT_COLUMNS =
      List.of(
          "incident_id",
          "category",
          "title",
          "opened_at",
          "resolved_at",
          "components",
          "services",
          "cause_class",
          "root_cause",
          "major",
          "dcc_responsible");
  static final List<String> RDP_INCIDENT_COLUMNS =
      List.of("incident_id", "rdp", "title", "opened_at", "resolved_at");
  static final List<String> SMKI_REQUEST_COLUMNS =
      List.of("request_id", "kind", "user_id", "received_at", "completed_at", "outcome");
  static final List<String> MODIFICATION_ASSESSMENT_COLUMNS =
      List.of("assessment_id", "modification", "kind", "requested_at", "due_on", "delivered_at");
  static final List<String> OUTAGE_COLUMNS =
      List.of("service", "start", "end", "planned", "incident_id");
  static final List<String> RISK_COLUMNS =
      List.of("risk_id", "title", "likelihood", "impact", "owner", "status");
  static final List<String> ACTION_COLUMNS =
      List.of(
          "ref",
          "text",
          "owner",
          "raised_on",
          "target_on",
          "revised_target_on",
          "status",
          "closed_on");

  private final Scenario scenario;
  private final long seed;
  private final int devices;
  private final YearMonth from;
  private final YearMonth to;
  private final OutputFormat format;
  private long stateCells;

  public Simulator(Scenario scenario, SimulationOptions options) {
    this.scenario = scenario;
    this.seed =
        options.seed() != null ? options.seed() : scenario.seed() != null ? scenario.seed() : 1L;
    this.devices =
        options.devices() != null
            ? options.devices()
            : scenario.devices() != null ? scenario.devices() : 2000;
    this.from = options.from() != null ? options.from() : scenario.from();
    this.to = options.to() != null ? options.to() : scenario.to();
    this.format = options.format() == null ? OutputFormat.CSV : options.format();
    if (devices < 10) {
      throw new MeterwatchException(ErrorCode.USAGE, "--devices must be at least 10");
    }
    if (to.isBefore(from)) {
      throw new MeterwatchException(ErrorCode.USAGE, "--to " + to + " is before --from " + from);
    }
  }

  /** Writes the drop into {@code drop}, which must not exist or be an empty folder. */
  public SimulationSummary run(Path drop) {
    long started = System.nanoTime();
    Path target = drop.toAbsolutePath().normalize();
    checkTarget(target);
    Path temp;
    try {
      Files.createDirectories(target.getParent());
      temp = Files.createTempDirectory(target.getParent(), ".simulate-");
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "cannot create the drop folder " + drop + ": " + e.getMessage());
    }
    try {
      Map<String, Long> files = write(temp);
      moveInto(temp, target);
      long events =
          format == OutputFormat.DUIS
              ? files.get(DuisLogWriter.FILE)
              : files.getOrDefault(fileName("service_requests"), 0L)
                  + files.getOrDefault(fileName("service_responses"), 0L)
                  + files.getOrDefault(fileName("alerts"), 0L);
      return new SimulationSummary(
          scenario.name(),
          seed,
          devices,
          from,
          to,
          target,
          files,
          events,
          (System.nanoTime() - started) / 1_000_000);
    } catch (IOException | UncheckedIOException e) {
      deleteQuietly(temp);
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "cannot write the drop " + drop + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /** The cells of state the last run's generator kept (fixed by the network and scenario). */
  long stateCells() {
    return stateCells;
  }

  private String fileName(String kind) {
    // A DUIS drop: the traffic is the DUIS log, inventory and registers are CSV beside it.
    return kind + "." + (format == OutputFormat.DUIS ? "csv" : format.extension());
  }

  private Map<String, Long> write(Path folder) throws IOException {
    Map<String, Long> files = new LinkedHashMap<>();
    LocalDate firstDay = from.atDay(1);
    LocalDate endDay = to.plusMonths(1).atDay(1);
    int days = (int) ChronoUnit.DAYS.between(firstDay, endDay);
    long[] dayStart = new long[days + 1];
    for (int d = 0; d <= days; d++) {
      dayStart[d] = firstDay.plusDays(d).atStartOfDay(ReportingMonth.UK).toInstant().toEpochMilli();
    }
    Network net = new Network(scenario, devices, days, new SplittableRandom(seed));

    try (RowWriter w = open(folder, "users", USER_COLUMNS)) {
      for (int u = 0; u < net.userId.length; u++) {
        w.text(net.userId[u]).text(net.orgName[net.userOrg[u]]).text(net.userRole[u]).end();
      }
      files.put(fileName("users"), w.rows());
    }
    try (RowWriter w = open(folder, "devices", DEVICE_COLUMNS)) {
      for (int d = 0; d < net.deviceCount; d++) {
        w.text(net.deviceId[d])
            .text(Network.TYPE_NAMES[net.deviceType[d]])
            .number(net.smets[d])
            .text(Network.PROVIDERS.get(net.provider[d]))
            .text(net.hub[d] >= 0 ? net.deviceId[net.hub[d]] : null)
            .text(net.areaName[net.area[d]])
            .text(net.owner[d] >= 0 ? net.userId[net.owner[d]] : null)
            .text(net.cohort[d] >= 0 ? Network.COHORTS.get(net.cohort[d]) : null)
            .end();
      }
      files.put(fileName("devices"), w.rows());
    }
    try (RowWriter w = open(folder, "area_events", AREA_EVENT_COLUMNS)) {
      for (Scenario.Sunset s : scenario.sunsets()) {
        for (String area : s.areas()) {
          w.text(area).text("3G_SUNSET").date(s.effectiveOn()).end();
        }
      }
      files.put(fileName("area_events"), w.rows());
    }
    if (format == OutputFormat.DUIS) {
      try (DuisLogWriter log =
          new DuisLogWriter(Files.newOutputStream(folder.resolve(DuisLogWriter.FILE)))) {
        TrafficGenerator generator =
            new TrafficGenerator(
                scenario,
                net,
                seed,
                firstDay,
                dayStart,
                log.requests(),
                log.responses(),
                log.alerts());
        generator.run();
        stateCells = generator.stateCells();
        files.put(DuisLogWriter.FILE, log.messages());
      }
      writeRegisters(folder, files, dayStart);
      return files;
    }
    try (RowWriter requests = open(folder, "service_requests", REQUEST_COLUMNS);
        RowWriter responses = open(folder, "service_responses", RESPONSE_COLUMNS);
        RowWriter alerts = open(folder, "alerts", ALERT_COLUMNS)) {
      TrafficGenerator generator =
          new TrafficGenerator(
              scenario, net, seed, firstDay, dayStart, requests, responses, alerts);
      generator.run();
      stateCells = generator.stateCells();
      files.put(fileName("service_requests"), requests.rows());
      files.put(fileName("service_responses"), responses.rows());
      files.put(fileName("alerts"), alerts.rows());
    }
    writeRegisters(folder, files, dayStart);
    if (format == OutputFormat.PARQUET) {
      toParquet(folder, files);
    }
    return files;
  }

  private void writeRegisters(Path folder, Map<String, Long> files, long[] dayStart)
      throws IOException {
    try (RowWriter w = open(folder, "incidents", INCIDENT_COLUMNS)) {
      for (Scenario.Incident i : scenario.incidents()) {
        w.text(i.incidentId())
            .number(i.category())
            .text(i.title())
            .instant(i.openedAt().toEpochMilli())
            .instant(
                i.resolvedAt() == null ? 0 : i.resolvedAt().toEpochMilli(), i.resolvedAt() != null)
            .list(i.components())
            .list(i.services())
            .text(i.causeClass())
            .text(i.rootCause())
            .bool(Boolean.TRUE.equals(i.major()))
            .bool(!Boolean.FALSE.equals(i.dccResponsible()))
            .end();
      }
      files.put(fileName("incidents"), w.rows());
    }
    try (RowWriter w = open(folder, "outages", OUTAGE_COLUMNS)) {
      for (Scenario.Fault f : scenario.faults()) {
        for (String service : f.services()) {
          w.text(service)
              .instant(f.start().toEpochMilli())
              .instant(f.end().toEpochMilli())
              .bool(false)
              .text(f.incidentId())
              .end();
        }
      }
      for (Scenario.Outage o : scenario.outages()) {
        w.text(o.service())
            .instant(o.start().toEpochMilli())
            .instant(o.end().toEpochMilli())
            .bool(o.planned())
            .text(o.incidentId())
            .end();
      }
      files.put(fileName("outages"), w.rows());
    }
    try (RowWriter w = open(folder, "risks", RISK_COLUMNS)) {
      for (Scenario.Risk r : scenario.risks()) {
        w.text(r.riskId())
            .text(r.title())
            .number(r.likelihood())
            .number(r.impact())
            .text(r.owner())
            .text(r.status() == null ? "OPEN" : r.status())
            .end();
      }
      files.put(fileName("risks"), w.rows());
    }
    try (RowWriter w = open(folder, "actions", ACTION_COLUMNS)) {
      for (Scenario.Action a : scenario.actions()) {
        w.text(a.ref())
            .text(a.text())
            .text(a.owner())
            .date(a.raisedOn())
            .date(a.targetOn())
            .date(a.revisedTargetOn())
            .text(a.status())
            .date(a.closedOn())
            .end();
      }
      files.put(fileName("actions"), w.rows());
    }
    try (RowWriter w = open(folder, "rdp_incidents", RDP_INCIDENT_COLUMNS)) {
      for (Scenario.RdpIncident i : scenario.rdpIncidents()) {
        w.text(i.incidentId())
            .text(i.rdp())
            .text(i.title())
            .instant(i.openedAt().toEpochMilli())
            .instant(
                i.resolvedAt() == null ? 0 : i.resolvedAt().toEpochMilli(), i.resolvedAt() != null)
            .end();
      }
      files.put(fileName("rdp_incidents"), w.rows());
    }
    if (scenario.smki() != null) {
      try (RowWriter w = open(folder, "smki_requests", SMKI_REQUEST_COLUMNS)) {
        new SmkiTraffic(scenario, seed, dayStart).write(w);
        files.put(fileName("smki_requests"), w.rows());
      }
    }
    if (!scenario.modificationAssessments().isEmpty()) {
      try (RowWriter w =
          open(folder, "modification_assessments", MODIFICATION_ASSESSMENT_COLUMNS)) {
        for (Scenario.ModificationAssessment a : scenario.modificationAssessments()) {
          w.text(a.assessmentId())
              .text(a.modification())
              .text(a.kind())
              .instant(a.requestedAt().toEpochMilli())
              .date(a.dueOn())
              .instant(
                  a.deliveredAt() == null ? 0 : a.deliveredAt().toEpochMilli(),
                  a.deliveredAt() != null)
              .end();
        }
        files.put(fileName("modification_assessments"), w.rows());
      }
    }
  }

  /** Opens the writer of one kind; Parquet drops are first written as CSV, then converted. */
  private RowWriter open(Path folder, String kind, List<String> columns) throws IOException {
    OutputStream out =
        Files.newOutputStream(
            folder.resolve(kind + (format == OutputFormat.JSONL ? ".jsonl" : ".csv")));
    return format == OutputFormat.JSONL
        ? RowWriter.jsonl(out, columns)
        : RowWriter.csv(out, columns);
  }

  /**
   * Converts each CSV to Parquet with DuckDB, every column as text (the same values as the CSV), on
   * one thread and in insertion order so the bytes are the same on every run.
   */
  private static void toParquet(Path folder, Map<String, Long> files) throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = 1");
      s.execute("SET preserve_insertion_order = true");
      for (String file : files.keySet()) {
        String kind = file.substring(0, file.lastIndexOf('.'));
        Path csv = folder.resolve(kind + ".csv");
        Path parquet = folder.resolve(file);
        // COPY takes no bound parameters: the paths are ours (temporary folder, fixed file
        // names), quoted as SQL literals.
        s.execute(
            "COPY (SELECT * FROM read_csv("
                + literal(csv)
                + ", header = true, all_varchar = true, auto_detect = true)) TO "
                + literal(parquet)
                + " (FORMAT parquet, COMPRESSION zstd)");
        Files.delete(csv);
      }
    } catch (SQLException e) {
      throw new IOException("Parquet conversion failed: " + e.getMessage(), e);
    }
  }

  private static String literal(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  private static void checkTarget(Path target) {
    if (!Files.exists(target)) {
      return;
    }
    if (!Files.isDirectory(target)) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "the drop " + target + " exists and is not a folder");
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(target)) {
      if (entries.iterator().hasNext()) {
        throw new MeterwatchException(
            ErrorCode.INVALID_VALUE,
            "the drop folder " + target + " is not empty; give a new or empty folder");
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, "cannot read the drop folder " + target + ": " + e.getMessage());
    }
  }

  private static void moveInto(Path temp, Path target) throws IOException {
    if (!Files.exists(target)) {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    try (Stream<Path> files = Files.list(temp)) {
      for (Path f : files.sorted().toList()) {
        Files.move(f, target.resolve(f.getFileName().toString()));
      }
    }
    Files.delete(temp);
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException ignored) {
      // Best effort: a leftover temporary folder is hidden and harmless.
    }
  }
}
