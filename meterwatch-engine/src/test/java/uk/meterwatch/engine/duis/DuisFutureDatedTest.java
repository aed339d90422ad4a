package uk.meterwatch.engine.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.pmr.MeasureResult;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;
import uk.meterwatch.engine.store.Store;

/**
 * Issue 20: a Service User's DUIS log loads as the DCC's own tooling writes it. The messages here
 * are written for this test in the shape of the DCC's published request templates (a future-dated
 * request's body element starts with its ExecutionDateTime, written like 3000-12-31T00:00:00.00Z);
 * no template file is copied.
 */
class DuisFutureDatedTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SR = "xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"";
  private static final String USER = "90-B3-D5-1F-30-01-00-00";

  @TempDir Path dir;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static String line(String capturedAt, String direction, String xml) {
    ObjectNode o = JSON.createObjectNode();
    o.put("captured_at", capturedAt);
    o.put("direction", direction);
    o.put("xml", xml);
    return o.toString();
  }

  /** A request as a template writes it: header, then the body's element (and its schedule). */
  private static String request(String device, int counter, String srv, String execution) {
    String element =
        "sr:" + (execution == null ? "ReadInstantaneousImportRegisters" : "UpdateDevice");
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sr:Request "
        + SR
        + " xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\" schemaVersion=\"5.1\">\n"
        + "  <sr:Header>\n    <sr:RequestID>"
        + USER
        + ":"
        + device
        + ":"
        + counter
        + "</sr:RequestID>\n    <sr:CommandVariant>1</sr:CommandVariant>\n"
        + "    <sr:ServiceReference>"
        + srv.substring(0, srv.lastIndexOf('.') < 0 ? srv.length() : srv.lastIndexOf('.'))
        + "</sr:ServiceReference>\n    <sr:ServiceReferenceVariant>"
        + srv
        + "</sr:ServiceReferenceVariant>\n  </sr:Header>\n  <sr:Body>\n    <"
        + element
        + ">\n"
        + (execution == null
            ? ""
            : "      <sr:ExecutionDateTime>" + execution + "</sr:ExecutionDateTime>\n")
        + "      <sr:Setting>1</sr:Setting>\n    </"
        + element
        + ">\n  </sr:Body>\n</sr:Request>";
  }

  /** A Response: with a ResponseID or not, an acknowledgement's body or a payload. */
  private static String response(
      String device, int counter, String responseId, String code, String at, boolean payload) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sr:Response "
        + SR
        + " schemaVersion=\"5.1\"><sr:Header><sr:RequestID>"
        + USER
        + ":"
        + device
        + ":"
        + counter
        + "</sr:RequestID>"
        + (responseId == null ? "" : "<sr:ResponseID>" + responseId + "</sr:ResponseID>")
        + "<sr:ResponseCode>"
        + code
        + "</sr:ResponseCode><sr:ResponseDateTime>"
        + at
        + "</sr:ResponseDateTime></sr:Header><sr:Body><sr:ResponseMessage>"
        + "<sr:ServiceReference>4.1</sr:ServiceReference>"
        + "<sr:ServiceReferenceVariant>4.1.1</sr:ServiceReferenceVariant>"
        + (payload ? "<sr:GBCSPayload>AAECAw==</sr:GBCSPayload>" : "")
        + "</sr:ResponseMessage></sr:Body></sr:Response>";
  }

  private Path log(String... lines) throws IOException {
    Path p = dir.resolve("duis-log.jsonl");
    Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return p;
  }

  private static final String D1 = "00-DB-12-34-56-78-90-A1";
  private static final String D2 = "00-DB-12-34-56-78-90-A2";
  private static final String D3 = "00-DB-12-34-56-78-90-A3";
  private static final String D4 = "00-DB-12-34-56-78-90-A4";

  private static long us(String instant) {
    return ReportingMonth.micros(Instant.parse(instant));
  }

  private MeasureResult line(ReportingMonth month, String id) {
    PerformanceReport report =
        new PerformanceMeasurement(
                store,
                RuleBook.standard(),
                SrvCatalogue.standard(),
                Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC))
            .report(month);
    return report.measures().stream()
        .filter(m -> m.id().equals(id) && m.scope().equals(MeasureResult.ALL))
        .findFirst()
        .orElseThrow();
  }

  /**
   * Far-future (3000-12-31, as 20 of the templates write it), past and near-future execution times
   * load with their execute_at, and count in CPM2 of the month they execute in, never in the month
   * they are received (docs/measures.md); an on-demand request beside them counts in CPM1.
   */
  @Test
  void futureDatedRequestsLoadWithTheirExecutionTimeAndCountWhereTheyExecute() throws Exception {
    load(
        log(
            line(
                "2023-08-20T05:10:00Z", "sent", request(D1, 1, "1.1.2", "3000-12-31T00:00:00.00Z")),
            line(
                "2023-08-20T05:11:00Z",
                "sent",
                request(D2, 2, "6.15.1", "2022-12-01T00:00:00.00Z")),
            line("2023-08-20T05:12:00Z", "sent", request(D3, 3, "11.3", "2023-08-25T09:00:00.00Z")),
            line("2023-08-20T05:13:00Z", "sent", request(D4, 4, "4.1.1", null)),
            line(
                "2023-08-20T05:10:01Z",
                "received",
                response(D1, 1, null, "I99", "2023-08-20T05:10:01.00Z", false)),
            line(
                "2023-08-25T09:00:10Z",
                "received",
                response(D3, 3, D3 + ":" + USER + ":7", "I0", "2023-08-25T09:00:10.00Z", true)),
            line(
                "2023-08-20T05:13:05Z",
                "received",
                response(D4, 4, D4 + ":" + USER + ":8", "I0", "2023-08-20T05:13:05.00Z", true))));
    assertThat(rows(store, "SELECT request_id, execute_us FROM service_requests ORDER BY 1"))
        .containsExactly(
            USER + ":" + D1 + ":1|" + us("3000-12-31T00:00:00Z"),
            USER + ":" + D2 + ":2|" + us("2022-12-01T00:00:00Z"),
            USER + ":" + D3 + ":3|" + us("2023-08-25T09:00:00Z"),
            USER + ":" + D4 + ":4|null");
    assertThat(rows(store, "SELECT count(*) FROM quarantine")).containsExactly("0");

    // Received in August 2023: only the on-demand request is in CPM1; CPM2 has the one executing
    // in August; the far-future one counts in December 3000, the past one in December 2022.
    ReportingMonth august = ReportingMonth.of(2023, 8);
    assertThat(line(august, "CPM1").population()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(line(august, "CPM1").within()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(line(august, "CPM2").population()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(line(august, "CPM2").within()).isEqualByComparingTo(BigDecimal.ONE);
    MeasureResult far = line(ReportingMonth.of(3000, 12), "CPM2");
    assertThat(far.population()).isEqualByComparingTo(BigDecimal.ONE);
    assertThat(far.within()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(line(ReportingMonth.of(2022, 12), "CPM2").population())
        .isEqualByComparingTo(BigDecimal.ONE);
    assertThat(line(ReportingMonth.of(2023, 9), "CPM2").population())
        .isEqualByComparingTo(BigDecimal.ZERO);
  }

  /**
   * An I0 is a Response, never an acknowledgement, with or without a ResponseID; an I99 is an
   * acknowledgement, and an error without a ResponseID and without a payload an error
   * acknowledgement (E65). An error with a payload but no ResponseID is neither: quarantined,
   * naming what it lacks.
   */
  @Test
  void anI0IsAResponseWithOrWithoutAResponseId() throws Exception {
    String at = "2023-08-20T05:10:05.00Z";
    LoadReport report =
        load(
            log(
                line("2023-08-20T05:10:05Z", "received", response(D1, 1, null, "I0", at, false)),
                line("2023-08-20T05:10:05Z", "received", response(D1, 2, null, "I0", at, true)),
                line(
                    "2023-08-20T05:10:05Z",
                    "received",
                    response(D1, 3, D1 + ":" + USER + ":1", "I0", at, true)),
                line("2023-08-20T05:10:05Z", "received", response(D1, 4, null, "I99", at, false)),
                line("2023-08-20T05:10:05Z", "received", response(D1, 5, null, "E65", at, false)),
                line(
                    "2023-08-20T05:10:05Z",
                    "received",
                    response(D1, 6, D1 + ":" + USER + ":2", "E20", at, false)),
                line("2023-08-20T05:10:05Z", "received", response(D1, 7, null, "E20", at, true))));
    assertThat(
            rows(
                store,
                "SELECT split_part(request_id, ':', 3), code, kind FROM service_responses ORDER BY"
                    + " 1"))
        .containsExactly(
            "1|I0|RESPONSE",
            "2|I0|RESPONSE",
            "3|I0|RESPONSE",
            "4|I99|ACK",
            "5|E65|ACK",
            "6|E20|RESPONSE");
    assertThat(rows(store, "SELECT kind, line, reason FROM quarantine"))
        .containsExactly(
            "service_responses|7|missing header element sr:ResponseID: a Response with code E20"
                + " and a payload carries one (an Acknowledgement has no payload)");
    assertThat(report.files())
        .allSatisfy(
            f -> assertThat(f.read()).isEqualTo(f.loaded() + f.duplicates() + f.quarantined()));
  }

  private LoadReport load(Path log) {
    return new DuisLoader(store).load(log);
  }
}
