package uk.meterwatch.engine.duis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static uk.meterwatch.engine.testing.StoreQueries.count;
import static uk.meterwatch.engine.testing.StoreQueries.fingerprint;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;

class DuisLoaderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SR = "xmlns:sr=\"http://www.dccinterface.co.uk/ServiceUserGateway\"";

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

  /** The DCC's published messages (copied from the shared reference duis-samples). */
  static String sample(String name) {
    try (InputStream in = DuisLoaderTest.class.getResourceAsStream("samples/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String line(String capturedAt, String direction, String xml) {
    ObjectNode o = JSON.createObjectNode();
    o.put("captured_at", capturedAt);
    o.put("direction", direction);
    o.put("xml", xml);
    return o.toString();
  }

  private Path log(String name, String... lines) {
    Path p = dir.resolve(name);
    try {
      Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private LoadReport load(Path log) {
    return new DuisLoader(store).load(log);
  }

  private static void assertReconciles(LoadReport report) {
    for (FileLoad f : report.files()) {
      assertThat(f.read()).as(f.kind()).isEqualTo(f.loaded() + f.duplicates() + f.quarantined());
    }
  }

  private static FileLoad kind(LoadReport report, String kind) {
    return report.files().stream().filter(f -> f.kind().equals(kind)).findFirst().orElseThrow();
  }

  static String request(String requestId, String srv, String body) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sr:Request "
        + SR
        + " schemaVersion=\"5.1\"><sr:Header><sr:RequestID>"
        + requestId
        + "</sr:RequestID><sr:CommandVariant>1</sr:CommandVariant>"
        + "<sr:ServiceReference>x</sr:ServiceReference><sr:ServiceReferenceVariant>"
        + srv
        + "</sr:ServiceReferenceVariant></sr:Header><sr:Body>"
        + body
        + "</sr:Body></sr:Request>";
  }

  @Test
  void theDccsPublishedMessagesLoad() {
    Path log =
        log(
            "duis-audit.jsonl",
            line(
                "2023-08-20T05:10:00Z", "sent", sample("CS02aMAC_6.24.1_SUCCESS_REQUEST_DUIS.XML")),
            line(
                "2023-08-20T06:11:00+01:00",
                "sent",
                sample("ECS01a_1.1.1_IMMEDIATE_BLOCK_SUCCESS_REQUEST_DUIS.XML")),
            line(
                "2023-08-20T05:12:00.250Z",
                "sent",
                sample("GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_REQUEST_DUIS.XML")),
            line("2022-07-22T09:37:56.200Z", "received", sample("acknowledgement-error.xml")),
            line("2022-08-17T15:45:43Z", "received", sample("readfw-response.xml")));
    LoadReport report = load(log);

    assertReconciles(report);
    assertThat(report.files())
        .extracting(FileLoad::kind, FileLoad::format, FileLoad::read, FileLoad::loaded)
        .containsExactly(
            tuple("service_requests", "duis", 3L, 3L), tuple("service_responses", "duis", 2L, 2L));
    // 2023-08-20T05:10:00Z = 1692508200 s; 06:11+01:00 = 05:11Z; 05:12:00.250Z.
    assertThat(
            rows(
                store,
                "SELECT request_id, user_id, user_role, srv, device_id, received_us, execute_us,"
                    + " line FROM service_requests ORDER BY line"))
        .containsExactly(
            "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1000|90-B3-D5-1F-30-01-00-00|null"
                + "|6.24.1|00-DB-12-34-56-78-90-A0|1692508200000000|null|1",
            "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A0:1007|90-B3-D5-1F-30-01-00-00|null"
                + "|1.1.1|00-DB-12-34-56-78-90-A0|1692508260000000|null|2",
            "90-B3-D5-1F-30-01-00-00:00-DB-12-34-56-78-90-A3:1000|90-B3-D5-1F-30-01-00-00|null"
                + "|4.1.1|00-DB-12-34-56-78-90-A3|1692508320250000|null|3");
    // sent_at is the ResponseDateTime, not the capture time; the E65 is an acknowledgement
    // (no ResponseID, body only the Service Reference), the I0 a response.
    // 2022-07-22T09:37:56.134Z = 1658482676.134 s; 2022-08-17T15:45:42.790Z = 1660751142.790 s.
    assertThat(
            rows(
                store,
                "SELECT request_id, sent_us, code, kind, line FROM service_responses ORDER BY line"))
        .containsExactly(
            "90-B3-D5-1F-30-01-00-00:88-73-84-57-00-2F-96-6C:1658482675800|1658482676134000"
                + "|E65|ACK|4",
            "90-B3-D5-1F-30-01-00-00:88-73-84-57-00-2F-96-1E:1660751141087|1660751142790000"
                + "|I0|RESPONSE|5");
    assertThat(rows(store, "SELECT file_name, kind, format, rows_read FROM loads ORDER BY load_id"))
        .containsExactly(
            "duis-audit.jsonl|service_requests|duis|3",
            "duis-audit.jsonl|service_responses|duis|2");
  }

  @Test
  void aFolderOfMessagesWithSidecarsLoadsAndAMissingSidecarIsQuarantinedByItsFile()
      throws IOException {
    Path folder = dir.resolve("messages");
    Files.createDirectories(folder);
    Files.writeString(
        folder.resolve("a.xml"), sample("GCS13a_4.1.1_SUCCESS_RELIABLE_GSME_REQUEST_DUIS.XML"));
    Files.writeString(
        folder.resolve("a.json"),
        "{\"captured_at\": \"2023-10-29T01:30:00+01:00\", \"direction\": \"sent\"}");
    Files.writeString(folder.resolve("b.XML"), sample("readfw-response.xml"));
    Files.writeString(
        folder.resolve("b.json"),
        "{\"captured_at\": \"2022-08-17T15:45:43Z\", \"direction\": \"received\"}");
    Files.writeString(folder.resolve("c.xml"), sample("acknowledgement-error.xml"));
    Files.writeString(folder.resolve("notes.txt"), "not a message");
    LoadReport report = load(folder);

    assertReconciles(report);
    assertThat(report.ignored()).containsExactly("notes.txt");
    // 2023-10-29T01:30:00+01:00 (BST, before the clocks go back) = 00:30Z = 1698539400 s.
    assertThat(rows(store, "SELECT srv, received_us, line FROM service_requests"))
        .containsExactly("4.1.1|1698539400000000|1");
    assertThat(rows(store, "SELECT code, kind, line FROM service_responses"))
        .containsExactly("I0|RESPONSE|2");
    assertThat(rows(store, "SELECT file, kind, line, reason FROM quarantine"))
        .containsExactly("messages/c.xml|duis|1|missing sidecar c.json");
    assertThat(load(folder).files())
        .extracting(FileLoad::status)
        .containsExactly(FileLoad.Status.UNCHANGED);
  }

  @Test
  void alertsFutureDatedRequestsNonDeviceRequestsAndDuplicates() {
    String future =
        request(
            "U1-00:D1-00:7",
            "1.1.1",
            "<sr:UpdateImportTariffPrimaryElement><sr:ExecutionDateTime>2023-08-21T09:00:00.00Z"
                + "</sr:ExecutionDateTime></sr:UpdateImportTariffPrimaryElement>");
    String deviceAlert =
        "<sr:Response "
            + SR
            + "><sr:Header><sr:ResponseID>D1-00:U1-00:42</sr:ResponseID><sr:ResponseCode>I0"
            + "</sr:ResponseCode><sr:ResponseDateTime>2023-08-20T05:10:00Z</sr:ResponseDateTime>"
            + "</sr:Header><sr:Body><sr:DeviceAlertMessage><sr:AlertCode>8F84</sr:AlertCode>"
            + "<sr:GBCSPayload>AA==</sr:GBCSPayload></sr:DeviceAlertMessage></sr:Body></sr:Response>";
    String dccAlert =
        "<sr:Response "
            + SR
            + "><sr:Header><sr:ResponseID>00-00-00-00-00-00-00-00:U1-00:43</sr:ResponseID>"
            + "<sr:ResponseCode>I0</sr:ResponseCode><sr:ResponseDateTime>2023-08-20T05:11:00Z"
            + "</sr:ResponseDateTime></sr:Header><sr:Body><sr:DCCAlertMessage><sr:DCCAlertCode>N24"
            + "</sr:DCCAlertCode><sr:DCCAlert/></sr:DCCAlertMessage></sr:Body></sr:Response>";
    Path log =
        log(
            "log.jsonl",
            line("2023-08-20T05:00:00Z", "sent", future),
            line("2023-08-20T05:00:00Z", "sent", future),
            line("2023-08-20T05:10:30Z", "received", deviceAlert),
            line("2023-08-20T05:12:30Z", "received", dccAlert),
            line(
                "2023-08-20T05:00:01Z",
                "sent",
                request("U1-00:00-00:8", "8.2", "<sr:ReadInventory/>")));
    LoadReport report = load(log);

    assertReconciles(report);
    assertThat(kind(report, "service_requests").duplicates()).isEqualTo(1);
    // 2023-08-21T09:00Z = 1692608400 s; 8.2 is a non-device request: no device_id.
    assertThat(
            rows(
                store,
                "SELECT request_id, device_id, execute_us FROM service_requests ORDER BY line"))
        .containsExactly("U1-00:D1-00:7|D1-00|1692608400000000", "U1-00:00-00:8|null|null");
    // raised = ResponseDateTime, delivered = capture time; a DCC alert has no device.
    assertThat(
            rows(
                store,
                "SELECT alert_id, device_id, user_id, alert_code, raised_us, delivered_us, line"
                    + " FROM alerts ORDER BY line"))
        .containsExactly(
            "D1-00:U1-00:42|D1-00|U1-00|8F84|1692508200000000|1692508230000000|3",
            "00-00-00-00-00-00-00-00:U1-00:43|null|U1-00|N24|1692508260000000|1692508350000000|4");
  }

  @Test
  void malformedLinesAreQuarantinedWithTheLogsLineAndReason() {
    String ok = request("U1:D1:1", "2.2", "<sr:TopUpDevice/>");
    String response =
        "<sr:Response "
            + SR
            + "><sr:Header><sr:RequestID>U1:D1:1</sr:RequestID><sr:ResponseCode>I0"
            + "</sr:ResponseCode></sr:Header><sr:Body/></sr:Response>";
    Path log =
        log(
            "bad.jsonl",
            line("2023-08-20T05:00:00Z", "sent", ok),
            "",
            "{not json",
            "[1, 2]",
            line("2023-08-20T05:00:00Z", "sent", "<sr:Request " + SR + "><sr:Header>"),
            line("2023-08-20T05:00:00Z", "sent", "<html/>"),
            "{\"captured_at\": \"2023-08-20T05:00:00Z\", \"xml\": \"<x/>\"}",
            line("2023-08-20T05:00:00Z", "sideways", ok),
            line("2023-08-20T05:00:00Z", "sent", request("U1:D1:2", "9.99", "<sr:X/>")),
            line(
                "2023-08-20T05:00:00Z",
                "sent",
                "<sr:Request " + SR + "><sr:Body><sr:TopUpDevice/></sr:Body></sr:Request>"),
            line("2023-08-20T05:00:00Z", "sent", request("U1-D1-3", "2.2", "<sr:TopUpDevice/>")),
            line("2023-08-20T05:00:00", "sent", request("U1:D1:4", "2.2", "<sr:TopUpDevice/>")),
            line("2023-08-20T05:00:00Z", "received", ok),
            line("2023-08-20T05:00:00Z", "received", response));
    LoadReport report = load(log);

    assertReconciles(report);
    assertThat(report.files().stream().mapToLong(FileLoad::read).sum()).isEqualTo(14);
    assertThat(count(store, "SELECT count(*) FROM service_requests")).isEqualTo(1);
    List<String> quarantine =
        rows(store, "SELECT line, kind, reason FROM quarantine ORDER BY line");
    assertThat(quarantine).hasSize(13);
    assertThat(quarantine.get(0)).isEqualTo("2|duis|blank line");
    assertThat(quarantine.get(1)).startsWith("3|duis|malformed JSON");
    assertThat(quarantine.get(2)).isEqualTo("4|duis|not a JSON object");
    assertThat(quarantine.get(3)).startsWith("5|duis|malformed XML (line 1, column ");
    assertThat(quarantine.get(4))
        .isEqualTo(
            "6|duis|not a DUIS message: the root element is {}html,"
                + " expected sr:Request or sr:Response");
    assertThat(quarantine.get(5)).isEqualTo("7|duis|missing direction");
    assertThat(quarantine.get(6))
        .isEqualTo("8|duis|direction must be sent or received, got sideways");
    assertThat(quarantine.get(7)).isEqualTo("9|service_requests|unknown SRV: 9.99");
    assertThat(quarantine.get(8)).isEqualTo("10|service_requests|missing header: no sr:Header");
    assertThat(quarantine.get(9))
        .isEqualTo("11|service_requests|RequestID is not originator:target:counter: U1-D1-3");
    assertThat(quarantine.get(10))
        .isEqualTo(
            "12|service_requests|timestamp without offset in received_at: 2023-08-20T05:00:00");
    assertThat(quarantine.get(11))
        .isEqualTo("13|service_requests|a Request is sent by the User, got direction received");
    assertThat(quarantine.get(12))
        .isEqualTo("14|service_responses|missing header element sr:ResponseDateTime");
    assertThat(rows(store, "SELECT file FROM quarantine GROUP BY file"))
        .containsExactly("bad.jsonl");
  }

  @Test
  void hostileXmlIsQuarantinedNeverExecuted() throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET-CONTENT");
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE sr:Request [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]><sr:Request "
            + SR
            + "><sr:Header><sr:RequestID>U1:D1:&xxe;</sr:RequestID><sr:ServiceReferenceVariant>2.2"
            + "</sr:ServiceReferenceVariant></sr:Header><sr:Body/></sr:Request>";
    String parameterEntity =
        "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY % p SYSTEM \""
            + secret.toUri()
            + "\"> %p;]><sr:Request "
            + SR
            + "/>";
    StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [");
    laughs.append("<!ENTITY lol0 \"lol\">");
    for (int i = 1; i <= 9; i++) {
      laughs
          .append("<!ENTITY lol")
          .append(i)
          .append(" \"")
          .append(("&lol" + (i - 1) + ";").repeat(10))
          .append("\">");
    }
    laughs
        .append("]><sr:Request ")
        .append(SR)
        .append("><sr:Header><sr:RequestID>U1:D1:&lol9;</sr:RequestID></sr:Header></sr:Request>");
    Path log =
        log(
            "hostile.jsonl",
            line("2023-08-20T05:00:00Z", "sent", xxe),
            line("2023-08-20T05:00:00Z", "sent", parameterEntity),
            line("2023-08-20T05:00:00Z", "sent", laughs.toString()));
    LoadReport report = load(log);

    assertReconciles(report);
    assertThat(report.files()).extracting(FileLoad::quarantined).containsExactly(3L);
    assertThat(rows(store, "SELECT line, reason FROM quarantine ORDER BY line"))
        .hasSize(3)
        .allSatisfy(r -> assertThat(r).contains("malformed XML").contains("DOCTYPE"));
    assertThat(count(store, "SELECT count(*) FROM service_requests")).isZero();
    assertThat(rows(store, "SELECT reason || row_json FROM quarantine"))
        .noneSatisfy(r -> assertThat(r).contains("TOP-SECRET-CONTENT"));
  }

  @Test
  void theSameLogAgainIsUnchangedAndAnUnreadableLogChangesNothing() throws IOException {
    String ok = request("U1:D1:1", "2.2", "<sr:TopUpDevice/>");
    Path log = log("a.jsonl", line("2023-08-20T05:00:00Z", "sent", ok));
    assertThat(load(log).files())
        .extracting(FileLoad::status)
        .containsExactly(FileLoad.Status.LOADED);
    List<String> after = fingerprint(store);
    assertThat(load(log).files())
        .extracting(FileLoad::status)
        .containsExactly(FileLoad.Status.UNCHANGED);
    // The same content under another name is the same log.
    Path copy = Files.copy(log, dir.resolve("copy.jsonl"));
    assertThat(load(copy).files())
        .extracting(FileLoad::status)
        .containsExactly(FileLoad.Status.UNCHANGED);
    assertThat(fingerprint(store)).isEqualTo(after);

    // A truncated gzip fails as a whole, after good lines were already parsed: nothing changes.
    Path gz = dir.resolve("b.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      for (int i = 2; i < 500; i++) {
        out.write(
            (line("2023-08-20T05:00:00Z", "sent", request("U1:D1:" + i, "2.2", "<sr:T/>")) + "\n")
                .getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(gz, Arrays.copyOf(bytes, bytes.length / 2));
    LoadReport failed = load(gz);
    assertThat(failed.anyFailed()).isTrue();
    assertThat(failed.files().get(0).error()).contains("b.jsonl.gz");
    assertThat(fingerprint(store)).isEqualTo(after);
  }
}
