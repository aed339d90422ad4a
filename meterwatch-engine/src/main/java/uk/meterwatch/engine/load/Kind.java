package uk.meterwatch.engine.load;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The kinds of file of the data contract (version 1): their columns, the store table they fill, and
 * how a repeated row is recognised.
 */
public enum Kind {
  DEVICES(
      "devices",
      Dedup.UPDATE,
      List.of("device_id"),
      null,
      List.of(
          Column.text("device_id", true),
          Column.text("device_type", true),
          Column.integer("smets", true, 1, 2),
          Column.text("provider", true),
          Column.text("comms_hub_id", false),
          Column.text("area", false),
          Column.text("certificate_owner", false),
          // Extension: a SMETS1 device's migration cohort.
          Column.oneOf("cohort", false, "IOC", "MOC", "FOC")),
      List.of(
          // mw_provider_known, mw_provider_catalogue: the provider catalogue's macros
          // (DropLoader.prepareSession; docs/providers.md).
          new Check(
              "NOT mw_provider_known(trim(\"provider\"))",
              "'provider ' || trim(\"provider\") || ' is not in ' || mw_provider_catalogue()"),
          new Check(
              "\"mw_t_cohort\" IS NOT NULL AND try_cast(\"mw_t_smets\" AS DOUBLE) = 2",
              "'cohort ' || \"mw_t_cohort\" || ' is given for a SMETS2 device (a cohort is a"
                  + " SMETS1 migration cohort: IOC, MOC or FOC)'"))),
  USERS(
      "users",
      Dedup.UPDATE,
      List.of("user_id"),
      null,
      List.of(
          Column.text("user_id", true),
          Column.text("organisation", true),
          Column.oneOf("role", false, "IS", "ES", "GS", "ED", "GT", "RSA", "OU")),
      List.of()),
  AREA_EVENTS(
      "area_events",
      Dedup.FULL_ROW,
      List.of("area", "event", "effective_on"),
      null,
      List.of(
          Column.text("area", true), Column.text("event", true), Column.date("effective_on", true)),
      List.of()),
  SERVICE_REQUESTS(
      "service_requests",
      Dedup.KEEP_FIRST,
      List.of("request_id"),
      "received_us",
      List.of(
          Column.text("request_id", true),
          Column.text("user_id", true),
          Column.oneOf("user_role", false, "IS", "ES", "GS", "ED", "GT", "RSA", "OU"),
          Column.text("srv", true),
          Column.text("device_id", false),
          Column.instant("received_at", true, "received_us"),
          Column.instant("execute_at", false, "execute_us")),
      List.of(
          // mw_srv_known, mw_srv_device: the catalogue's macros (DropLoader.prepareSession);
          // mw_t_*: a value trimmed, NULL when empty.
          new Check("NOT mw_srv_known(\"mw_t_srv\")", "'unknown SRV: ' || \"srv\""),
          new Check(
              "\"mw_t_device_id\" IS NULL AND mw_srv_device(\"mw_t_srv\")",
              "'device SRV ' || \"mw_t_srv\" || ' without device_id'"))),
  SERVICE_RESPONSES(
      "service_responses",
      Dedup.FULL_ROW,
      List.of("request_id", "sent_us", "code", "kind"),
      "sent_us",
      List.of(
          Column.text("request_id", true),
          Column.instant("sent_at", true, "sent_us"),
          Column.code("code", true, Codes.RESPONSE, Codes.RESPONSE_FORM),
          Column.oneOf("kind", false, "ACK", "RESPONSE")
              .orAbsent(new Column.Default.When("code", "I99", "ACK", "RESPONSE"))),
      List.of(
          new Check(
              "upper(\"mw_t_kind\") = 'ACK' AND upper(\"mw_t_code\") = 'I0'",
              "'kind ACK with code I0: an I0 is a success Response, never an acknowledgement'"))),
  ALERTS(
      "alerts",
      Dedup.KEEP_FIRST,
      List.of("alert_id"),
      "raised_us",
      List.of(
          Column.text("alert_id", true),
          Column.text("device_id", false),
          Column.text("user_id", true),
          Column.code("alert_code", true, Codes.ALERT, Codes.ALERT_FORM),
          Column.instant("raised_at", true, "raised_us"),
          Column.instant("delivered_at", false, "delivered_us")),
      List.of()),
  INCIDENTS(
      "incidents",
      Dedup.UPDATE,
      List.of("incident_id"),
      "opened_us",
      List.of(
          Column.text("incident_id", true),
          Column.integer("category", true, 1, 5),
          Column.freeText("title", true),
          Column.instant("opened_at", true, "opened_us"),
          Column.instant("resolved_at", false, "resolved_us"),
          Column.list("components"),
          Column.list("services"),
          Column.oneOf(
              "cause_class",
              false,
              "ARCHITECTURE",
              "OPERATIONAL",
              "HUMAN_ERROR",
              "THIRD_PARTY",
              "UNKNOWN"),
          Column.freeText("root_cause", false),
          Column.bool("major", false).orAbsent(new Column.Default.Constant("false")),
          Column.bool("dcc_responsible", false).orAbsent(new Column.Default.Constant("true"))),
      List.of(new Check("\"resolved_us\" < \"opened_us\"", "'resolved_at is before opened_at'"))),
  OUTAGES(
      "outages",
      Dedup.FULL_ROW,
      List.of("service", "start_us", "end_us", "planned", "incident_id"),
      "start_us",
      List.of(
          Column.text("service", true),
          Column.instant("start", true, "start_us"),
          Column.instant("end", true, "end_us"),
          Column.bool("planned", true),
          Column.text("incident_id", false)),
      List.of(new Check("\"end_us\" < \"start_us\"", "'end is before start'"))),
  RISKS(
      "risks",
      Dedup.UPDATE,
      List.of("risk_id"),
      null,
      List.of(
          Column.text("risk_id", true),
          Column.freeText("title", true),
          Column.integer("likelihood", true, 1, 5),
          Column.integer("impact", true, 1, 5),
          Column.text("owner", false),
          Column.oneOf("status", false, "OPEN", "CLOSED")
              .orAbsent(new Column.Default.Constant("OPEN"))),
      List.of()),
  ACTIONS(
      "actions",
      Dedup.UPDATE,
      List.of("ref"),
      null,
      List.of(
          Column.text("ref", true),
          Column.freeText("text", true),
          Column.text("owner", true),
          Column.date("raised_on", true),
          Column.date("target_on", false),
          Column.date("revised_target_on", false),
          Column.oneOf("status", true, "OPEN", "CLOSED"),
          Column.date("closed_on", false)),
      List.of(
          new Check(
              "try_cast(\"target_on\" AS DATE) < try_cast(\"raised_on\" AS DATE)",
              "'target_on is before raised_on'"),
          new Check(
              "try_cast(\"closed_on\" AS DATE) < try_cast(\"raised_on\" AS DATE)",
              "'closed_on is before raised_on'"))),
  /** Extension: incidents of the Registration Data Providers (not the DCC's own). */
  RDP_INCIDENTS(
      "rdp_incidents",
      Dedup.UPDATE,
      List.of("incident_id"),
      "opened_us",
      List.of(
          Column.text("incident_id", true),
          Column.text("rdp", true),
          Column.freeText("title", false),
          Column.instant("opened_at", true, "opened_us"),
          Column.instant("resolved_at", false, "resolved_us")),
      List.of(new Check("\"resolved_us\" < \"opened_us\"", "'resolved_at is before opened_at'"))),
  /**
   * Extension: requests to the SMKI (Section L8: Certificate Signing Requests and documents from
   * the SMKI Repository), timed for CPM7 and CPM8. The same id again updates the row (a request
   * first sent pending, then completed).
   */
  SMKI_REQUESTS(
      "smki_requests",
      Dedup.UPDATE,
      List.of("request_id"),
      "received_us",
      List.of(
          Column.text("request_id", true),
          Column.oneOf("kind", true, "CSR", "REPOSITORY"),
          Column.text("user_id", false),
          Column.instant("received_at", true, "received_us"),
          Column.instant("completed_at", false, "completed_us"),
          Column.oneOf("outcome", false, "SUCCESS", "FAILURE")),
      List.of(
          new Check("\"completed_us\" < \"received_us\"", "'completed_at is before received_at'"))),
  /**
   * Extension: the DCC's Preliminary and Impact Assessments of modification proposals (Section
   * D11), timed against the date each was due. The same id again updates the row.
   */
  MODIFICATION_ASSESSMENTS(
      "modification_assessments",
      Dedup.UPDATE,
      List.of("assessment_id"),
      "requested_us",
      List.of(
          Column.text("assessment_id", true),
          Column.text("modification", true),
          Column.oneOf("kind", true, "PRELIMINARY", "IMPACT"),
          Column.instant("requested_at", true, "requested_us"),
          Column.date("due_on", true),
          Column.instant("delivered_at", false, "delivered_us")),
      List.of(
          new Check(
              "\"delivered_us\" < \"requested_us\"", "'delivered_at is before requested_at'")));

  /** How a row already seen is recognised and treated. */
  enum Dedup {
    /** The same key again is a duplicate; the first row wins (traffic). */
    KEEP_FIRST,
    /** An identical row is a duplicate (rows without a natural key). */
    FULL_ROW,
    /**
     * Inventory and registers: the same key with identical values is a duplicate; with other values
     * it replaces the stored record (the later file is the newer state). Within one file the last
     * row of a key wins.
     */
    UPDATE
  }

  /** A row-level rule beyond a column's own type: a SQL condition and the reason it gives. */
  record Check(String failsWhen, String reasonExpression) {}

  private final String fileStem;
  private final Dedup dedup;
  private final List<String> keyColumns;
  private final String timeColumn;
  private final List<Column> columns;
  private final List<Check> checks;

  Kind(
      String fileStem,
      Dedup dedup,
      List<String> keyColumns,
      String timeColumn,
      List<Column> columns,
      List<Check> checks) {
    this.fileStem = fileStem;
    this.dedup = dedup;
    this.keyColumns = keyColumns;
    this.timeColumn = timeColumn;
    this.columns = columns;
    this.checks = checks;
  }

  /** Incidents, risks and actions: registers whose every change is audited. */
  boolean isRegister() {
    return this == INCIDENTS || this == RISKS || this == ACTIONS;
  }

  /** The start of a file name of this kind, and the store table's name. */
  public String fileStem() {
    return fileStem;
  }

  public String table() {
    return fileStem;
  }

  Dedup dedup() {
    return dedup;
  }

  /** Store columns that identify a row. */
  List<String> keyColumns() {
    return keyColumns;
  }

  /** The store column that orders the rows on insert (so month queries prune), or null. */
  String timeColumn() {
    return timeColumn;
  }

  List<Column> columns() {
    return columns;
  }

  /** The contract's column names of this kind, in the contract's order. */
  public List<String> columnNames() {
    return columns.stream().map(Column::name).toList();
  }

  List<Check> checks() {
    return checks;
  }

  /** The kind a file name belongs to: its name starts with the kind's name. */
  public static Optional<Kind> ofFileName(String fileName) {
    return Arrays.stream(values())
        .filter(k -> fileName.startsWith(k.fileStem))
        .max(java.util.Comparator.comparingInt(k -> k.fileStem.length()));
  }
}
