package uk.meterwatch.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Writes the simulated traffic as a DUIS audit log: one {@code {"captured_at", "direction", "xml"}}
 * JSON object a line, requests as sent, acknowledgements, responses and alerts as received, in
 * generation order. What a Service User's systems would log, for every User at once. An alert that
 * was never delivered is not in it (no User saw it). Messages carry the header and body elements
 * Meterwatch reads (docs/duis.md), with a placeholder body element for requests.
 */
final class DuisLogWriter implements Closeable {
  /** The log's file name in a simulated drop. */
  static final String FILE = "duis-log.jsonl";

  private static final String NO_DEVICE = "00-00-00-00-00-00-00-00";
  // The XML's quotes are escaped for the JSON string it sits in.
  private static final String OPEN_REQUEST = open("Request");
  private static final String OPEN_RESPONSE = open("Response");

  private final ByteSink sink;
  private final RowWriter requests;
  private final RowWriter responses;
  private final RowWriter alerts;
  private long messages;
  // Responses follow their request at once (TrafficGenerator.emit): its SRV is the last one's.
  private String lastRequestId;
  private String lastSrv;

  DuisLogWriter(OutputStream out) {
    this.sink = new ByteSink(out);
    this.requests = new Kind(Simulator.REQUEST_COLUMNS, this::request);
    this.responses = new Kind(Simulator.RESPONSE_COLUMNS, this::response);
    this.alerts = new Kind(Simulator.ALERT_COLUMNS, this::alert);
  }

  RowWriter requests() {
    return requests;
  }

  RowWriter responses() {
    return responses;
  }

  RowWriter alerts() {
    return alerts;
  }

  long messages() {
    return messages;
  }

  // request_id, user_id, user_role, srv, device_id, received_at, execute_at
  private void request(String[] v) {
    lastRequestId = v[0];
    lastSrv = v[3];
    begin(v[5], "sent", "Request");
    element("RequestID", v[0]);
    element("CommandVariant", "1");
    element("ServiceReference", serviceReference(v[3]));
    element("ServiceReferenceVariant", v[3]);
    sink.write("</sr:Header><sr:Body><sr:SimulatedRequest>");
    if (v[6] != null) {
      element("ExecutionDateTime", v[6]);
    }
    sink.write("</sr:SimulatedRequest></sr:Body></sr:Request>");
    end();
  }

  // request_id, sent_at, code, kind
  private void response(String[] v) {
    boolean ack = "ACK".equals(v[3]);
    begin(v[1], "received", "Response");
    element("RequestID", v[0]);
    if (!ack) {
      // A Response (not an Acknowledgement) carries a ResponseID: target:originator:counter.
      String[] id = v[0].split(":", 3);
      element("ResponseID", id.length == 3 ? id[1] + ":" + id[0] + ":" + id[2] : v[0]);
    }
    element("ResponseCode", v[2]);
    element("ResponseDateTime", v[1]);
    sink.write("</sr:Header><sr:Body><sr:ResponseMessage>");
    if (v[0].equals(lastRequestId)) {
      element("ServiceReference", serviceReference(lastSrv));
      element("ServiceReferenceVariant", lastSrv);
    }
    if ("I0".equals(v[2])) {
      element("GBCSPayload", "AAAA");
    }
    sink.write("</sr:ResponseMessage></sr:Body></sr:Response>");
    end();
  }

  // alert_id, device_id, user_id, alert_code, raised_at, delivered_at
  private void alert(String[] v) {
    if (v[5] == null) {
      return;
    }
    boolean device = v[1] != null;
    String counter = v[0].replaceAll("\\D", "");
    begin(v[5], "received", "Response");
    element("ResponseID", (device ? v[1] : NO_DEVICE) + ":" + v[2] + ":" + counter);
    element("ResponseCode", "I0");
    element("ResponseDateTime", v[4]);
    if (device) {
      sink.write("</sr:Header><sr:Body><sr:DeviceAlertMessage>");
      element("AlertCode", v[3]);
      element("GBCSPayload", "AAAA");
      sink.write("</sr:DeviceAlertMessage></sr:Body></sr:Response>");
    } else {
      sink.write("</sr:Header><sr:Body><sr:DCCAlertMessage>");
      element("DCCAlertCode", v[3]);
      sink.write("<sr:DCCAlert/></sr:DCCAlertMessage></sr:Body></sr:Response>");
    }
    end();
  }

  private static String serviceReference(String srv) {
    int first = srv.indexOf('.');
    int second = first < 0 ? -1 : srv.indexOf('.', first + 1);
    return second < 0 ? srv : srv.substring(0, second);
  }

  private void begin(String capturedAt, String direction, String root) {
    sink.write("{\"captured_at\":\"");
    sink.write(capturedAt);
    sink.write("\",\"direction\":\"");
    sink.write(direction);
    sink.write("\",\"xml\":\"");
    sink.write("Request".equals(root) ? OPEN_REQUEST : OPEN_RESPONSE);
  }

  private static String open(String root) {
    return "<?xml version=\\\"1.0\\\" encoding=\\\"UTF-8\\\"?><sr:"
        + root
        + " xmlns:sr=\\\"http://www.dccinterface.co.uk/ServiceUserGateway\\\""
        + " schemaVersion=\\\"5.1\\\"><sr:Header>";
  }

  /** An element whose text needs no XML or JSON escaping beyond &lt; and &amp;. */
  private void element(String name, String value) {
    sink.write("<sr:");
    sink.write(name);
    sink.write((byte) '>');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '<' -> sink.write("&lt;");
        case '&' -> sink.write("&amp;");
        case '"' -> sink.write("&quot;");
        case '\\' -> sink.write("\\\\");
        default -> {
          if (c < 0x20) {
            sink.write((byte) ' ');
          } else {
            sink.write(String.valueOf(c));
          }
        }
      }
    }
    sink.write("</sr:");
    sink.write(name);
    sink.write((byte) '>');
  }

  private void end() {
    sink.write("\"}\n");
    messages++;
  }

  @Override
  public void close() throws IOException {
    sink.close();
  }

  private interface Render {
    void render(String[] values);
  }

  /** Collects one row's values as text, then renders it as a message on the shared log. */
  private final class Kind extends RowWriter {
    private final String[] values;
    private final Render render;

    Kind(List<String> columns, Render render) {
      super(DuisLogWriter.this.sink, columns);
      this.values = new String[columns.size()];
      this.render = render;
    }

    @Override
    RowWriter text(String value) {
      values[column++] = value;
      return this;
    }

    @Override
    RowWriter instant(long epochMillis) {
      values[column++] = Instant.ofEpochMilli(epochMillis).toString();
      return this;
    }

    @Override
    RowWriter number(long value) {
      values[column++] = Long.toString(value);
      return this;
    }

    @Override
    RowWriter bool(boolean value) {
      values[column++] = Boolean.toString(value);
      return this;
    }

    @Override
    protected void endRow() {
      render.render(values);
      java.util.Arrays.fill(values, null);
    }

    @Override
    public void close() {
      // The shared log is closed by its DuisLogWriter.
    }
  }
}
