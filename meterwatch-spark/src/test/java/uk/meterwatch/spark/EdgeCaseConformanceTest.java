package uk.meterwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.external.InputCheck;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * The edges of the PMR and BPI definitions and of the loader's checks, written by hand across the
 * October 2023 clock change (01:00Z on the 29th; October is 745 hours), in CSV, JSON Lines and
 * Parquet: both engines give the same JSON, quarantine the same rows with the same file, line and
 * reason, and count the same duplicates.
 */
class EdgeCaseConformanceTest {
  private static ConformanceFixture edges;

  @BeforeAll
  static void write() {
    edges =
        ConformanceFixture.handWritten(
            drop -> {
              Drops.write(
                  drop,
                  "users.csv",
                  "user_id,organisation,role",
                  "U1,Org A,IS",
                  "U2,Org B,IS",
                  "U3,Org A,GS",
                  ",Org C,IS",
                  "U2,Org B,IS");
              Drops.write(
                  drop,
                  "devices-1.csv",
                  "device_id,device_type,smets,provider,comms_hub_id,area,certificate_owner",
                  "D1,ESME,2,CSP-N,,,U1",
                  "D2,ESME,2,CSP-C,,,U2",
                  "D3,GSME,1,S1SP-DXC,,,U3",
                  "D4,ESME,3,CSP-N,,,U1",
                  "D5,ESME,2,CSP-X,,,U1");
              // D2 moves to CSP-S in a later file: its requests are counted there.
              Drops.write(
                  drop,
                  "devices-2.csv",
                  "device_id,device_type,smets,provider,comms_hub_id,area,certificate_owner",
                  "D1,ESME,2,CSP-N,,,U1",
                  "D2,ESME,2,CSP-S,,,U2");
              Drops.write(
                  drop,
                  "service_requests.csv",
                  "request_id,user_id,user_role,srv,device_id,received_at,execute_at",
                  // exactly the 30 s target, and 1 ms over
                  "R1,U1,IS,2.2,D1,2023-10-02T10:00:00Z,",
                  "R2,U1,IS,2.2,D2,2023-10-02T10:00:00.000+01:00,",
                  // critical SRV: 60 s; answered E21 in time (CPM1 within, CPM1-S not)
                  "R3,U1,IS,1.1.1,D1,2023-10-05T08:00:00Z,",
                  // future-dated: answered before execute_at (within), and never answered
                  "R4,U1,IS,1.1.1,D1,2023-10-09T08:00:00Z,2023-10-10T08:00:00Z",
                  "R5,U2,IS,1.1.1,D2,2023-10-09T08:00:00Z,2023-10-31T23:59:59Z",
                  // the clock change: 00:30 BST and 01:30 GMT on the 29th, epoch milliseconds
                  "R6,U1,IS,2.2,D1,1698539400000,",
                  "R7,U1,IS,2.2,D1,2023-10-29t01:30:00z,",
                  // retry after E21, then I0; a duplicate sent while the first was pending
                  "R8,U2,IS,2.2,D2,2023-10-12T09:00:00Z,",
                  "R9,U2,IS,2.2,D2,2023-10-12T09:00:20Z,",
                  "R10,U2,IS,2.2,D2,2023-10-12T09:05:00Z,",
                  // E20 with an I0 of the device exactly 60 days before (communicating)
                  "R11,U3,GS,2.2,D3,2023-08-17T12:00:00Z,",
                  "R12,U3,GS,2.2,D3,2023-10-16T12:00:00Z,",
                  // another User's certificate (incorrect certificate); change of supply: the
                  // gaining supplier of another organisation (supplier switch)
                  "R13,U2,IS,2.2,D1,2023-10-18T12:00:00Z,",
                  "R14,U2,IS,6.23,D1,2023-10-18T13:00:00Z,",
                  // a late success after E21
                  "R15,U1,IS,2.2,D4,2023-10-20T12:00:00Z,",
                  // 31 October 23:30 (GMT): an October transaction retried on 1 November
                  "R16,U1,IS,2.2,D1,2023-10-31T23:30:00Z,",
                  "R17,U1,IS,2.2,D1,2023-11-01T00:10:00Z,",
                  // a device not in the devices file (counted in ALL only)
                  "R18,U1,IS,2.2,DX,2023-10-21T12:00:00Z,",
                  // a November request
                  "R19,U2,IS,2.2,D2,2023-11-02T12:00:00Z,",
                  // issue 26: a cell written safe for a spreadsheet is its value again (=R22,
                  // answered below); a stray quote costs its own line, never the rows after it
                  "'=R22,U1,IS,2.2,DX,2023-10-21T13:00:00Z,",
                  "R23,\"U1,IS,2.2,DX,2023-10-21T14:00:00Z,",
                  // a line that would run as a formula in the quarantine's CSV
                  "=1+2,U1",
                  // the same id again: a duplicate, the first row wins
                  "R1,U9,IS,2.2,D1,2023-10-03T10:00:00Z,",
                  // rows that break the contract
                  ",U1,IS,2.2,D1,2023-10-02T10:00:00Z,",
                  "B2,U1,IS,2.2,D1,2023-10-02T10:00:00,",
                  "B3,U1,IS,2.2,D1,yesterday,",
                  "B4,U1,IS,99.99,D1,2023-10-02T10:00:00Z,",
                  "B5,U1,IS,2.2,,2023-10-02T10:00:00Z,",
                  "B6,U1,XX,2.2,D1,2023-10-02T10:00:00Z,",
                  "B7,U1,IS,2.2,D1,2023-10-02T10:00:00Z,,extra",
                  "B8,U1,IS,2.2,D1,9999-12-31T00:00:00Z,",
                  "B9,U1,IS,2.2,D1,2023-02-30T10:00:00Z,",
                  "\"R20\",\"U1\",IS,2.2,D1,\"2023-10-22T12:00:00+0100\",",
                  "R21 ,U1,IS,2.2,D1,2023-10-22 13:00:00+01,",
                  // rejected by the DCC (E65 acknowledgement only): out of CPM1 and CPM2; and
                  // acknowledged with E65, then answered: counted as usual
                  "R30,U1,IS,2.2,D1,2023-10-23T12:00:00Z,",
                  "R31,U2,IS,2.2,D2,2023-10-23T13:00:00Z,",
                  "R32,U1,IS,1.1.1,D1,2023-10-26T08:00:00Z,2023-10-27T08:00:00Z");
              Drops.write(
                  drop,
                  "service_responses.csv",
                  "request_id,sent_at,code,kind",
                  "R1,2023-10-02T10:00:00.100Z,I99,ACK",
                  "R1,2023-10-02T10:00:30Z,I0,RESPONSE",
                  "R1,2023-10-02T10:00:30Z,I0,RESPONSE",
                  "R2,2023-10-02T09:00:30.001Z,I0,",
                  "R3,2023-10-05T08:00:59Z,E21,RESPONSE",
                  "R4,2023-10-10T07:59:00Z,I0,RESPONSE",
                  "R6,2023-10-28T23:30:20Z,I0,RESPONSE",
                  "R7,2023-10-29T01:31:00Z,I0,RESPONSE",
                  "R8,2023-10-12T09:00:40Z,E21,RESPONSE",
                  "R9,2023-10-12T09:00:41Z,E21,RESPONSE",
                  "R10,2023-10-12T09:05:10Z,I0,RESPONSE",
                  "R11,2023-08-17T12:00:05Z,I0,RESPONSE",
                  "R12,2023-10-16T12:00:05Z,E20,RESPONSE",
                  "R13,2023-10-18T12:00:01Z,E4,RESPONSE",
                  "R14,2023-10-18T13:00:04Z,I0,RESPONSE",
                  "R15,2023-10-20T12:00:05Z,E21,RESPONSE",
                  "R15,2023-10-20T15:00:05Z,I0,RESPONSE",
                  "R16,2023-10-31T23:30:10Z,E5,RESPONSE",
                  "R17,2023-11-01T00:10:10Z,I0,RESPONSE",
                  "R18,2023-10-21T12:00:10Z,I0,RESPONSE",
                  "R19,2023-11-02T12:00:10Z,I0,RESPONSE",
                  "R20,2023-10-22T11:00:05Z,I0,RESPONSE",
                  "R21,2023-10-22T12:00:05Z,E5,RESPONSE",
                  "RX,2023-10-22T12:00:05Z,I0,RESPONSE",
                  "R1,not a time,I0,RESPONSE",
                  "=R22,2023-10-21T13:00:10Z,I0,RESPONSE",
                  "R30,2023-10-23T12:00:01Z,E65,ACK",
                  "R31,2023-10-23T13:00:01Z,E65,ACK",
                  "R31,2023-10-23T13:00:09Z,I0,RESPONSE",
                  "R32,2023-10-26T08:00:01Z,E65,ACK");
              Drops.write(
                  drop,
                  "alerts.jsonl",
                  "{\"alert_id\": \"A1\", \"device_id\": \"D1\", \"user_id\": \"U1\","
                      + " \"alert_code\": \"AD1\", \"raised_at\": \"2023-10-03T10:00:00Z\","
                      + " \"delivered_at\": \"2023-10-03T10:01:00Z\"}",
                  "{\"alert_id\": \"A2\", \"device_id\": \"D2\", \"user_id\": \"U2\","
                      + " \"alert_code\": \"AD1\", \"raised_at\": \"2023-10-03T10:00:00Z\","
                      + " \"delivered_at\": \"2023-10-03T10:01:00.001Z\"}",
                  "{\"alert_id\": \"A3\", \"device_id\": null, \"user_id\": \"U2\","
                      + " \"alert_code\": \"AD1\", \"raised_at\": 1698539400000,"
                      + " \"delivered_at\": null}",
                  "",
                  "{\"alert_id\": \"A4\", broken",
                  "[1, 2]",
                  "{\"alert_id\": [\"A5\"], \"user_id\": \"U1\", \"alert_code\": \"AD1\","
                      + " \"raised_at\": \"2023-10-03T10:00:00Z\"}",
                  "{\"alert_id\": \"A1\", \"device_id\": \"D1\", \"user_id\": \"U1\","
                      + " \"alert_code\": \"AD2\", \"raised_at\": \"2023-10-04T10:00:00Z\"}",
                  // issue 26: a number where text belongs; a contract key named twice
                  "{\"alert_id\": 7.10, \"user_id\": \"U1\", \"alert_code\": \"AD1\","
                      + " \"raised_at\": \"2023-10-03T10:00:00Z\"}",
                  "{\"alert_id\": \"A6\", \"user_id\": \"U1\", \"user_id\": \"U2\","
                      + " \"alert_code\": \"AD1\", \"raised_at\": \"2023-10-03T10:00:00Z\"}");
              Drops.write(
                  drop,
                  "incidents.csv",
                  "incident_id,category,title,opened_at,resolved_at,components,services,"
                      + "cause_class,root_cause,major,dcc_responsible",
                  "I1,1,Router,2023-10-10T10:00:00Z,2023-10-10T14:00:00Z,DSP,SSI;DUIS,"
                      + "ARCHITECTURE,,true,true",
                  "I2,2,Late,2023-10-11T10:00:00Z,2023-10-11T18:00:01Z,DSP,,OPERATIONAL,,,",
                  "I3,4,Open,2023-10-30T10:00:00Z,,DSP,SSI,,,,false",
                  "I4,7,Bad category,2023-10-11T10:00:00Z,,,,,,,",
                  "I5,3,Backwards,2023-10-11T10:00:00Z,2023-10-11T09:00:00Z,,,,,,");
              Drops.write(
                  drop,
                  "outages.csv",
                  "service,start,end,planned,incident_id",
                  "SSI,2023-10-15T01:00:00Z,2023-10-15T03:00:00Z,true,",
                  "SSI,2023-10-15T02:00:00Z,2023-10-15T04:30:00Z,false,",
                  "SSI,2023-10-15T02:00:00Z,2023-10-15T04:30:00Z,false,",
                  "SSI,2023-10-20T01:00:00Z,2023-10-20T00:00:00Z,false,",
                  "SSI,2023-10-25T01:00:00Z,2023-10-25T01:30:00Z,maybe,");
              // SMKI requests (CPM7, CPM8) and assessments (CPM-D11.x) across the clock change and
              // the month's last instant; a later row of an id replaces it (K3, A2).
              Drops.write(
                  drop,
                  "smki_requests.csv",
                  "request_id,kind,user_id,received_at,completed_at,outcome",
                  "K1,CSR,U1,2023-10-29T00:59:50Z,2023-10-29T01:00:20Z,SUCCESS",
                  "K2,csr,U1,2023-10-29T00:59:50Z,2023-10-29T01:00:20.001Z,",
                  "K3,REPOSITORY,U2,2023-10-31T23:59:59Z,,",
                  "K4,REPOSITORY,U2,2023-09-30T23:00:00Z,2023-09-30T23:00:05Z,FAILURE",
                  "K3,REPOSITORY,U2,2023-10-31T23:59:59Z,2023-11-01T00:00:05Z,SUCCESS",
                  "K5,CSR,U1,2023-10-10T10:00:00Z,2023-10-10T09:00:00Z,",
                  "K6,REPOSITORY,U1,2023-11-02T10:00:00Z,2023-11-02T10:00:11Z,SUCCESS");
              Drops.write(
                  drop,
                  "modification_assessments.jsonl",
                  "{\"assessment_id\":\"A1\",\"modification\":\"MP1\",\"kind\":\"PRELIMINARY\","
                      + "\"requested_at\":\"2023-10-02T09:00:00Z\",\"due_on\":\"2023-10-31\","
                      + "\"delivered_at\":\"2023-11-01T00:00:00Z\"}",
                  "{\"assessment_id\":\"A2\",\"modification\":\"MP2\",\"kind\":\"IMPACT\","
                      + "\"requested_at\":\"2023-09-01T09:00:00Z\",\"due_on\":\"2023-10-29\"}",
                  "{\"assessment_id\":\"A2\",\"modification\":\"MP2\",\"kind\":\"IMPACT\","
                      + "\"requested_at\":\"2023-09-01T09:00:00Z\",\"due_on\":\"2023-10-29\","
                      + "\"delivered_at\":\"2023-10-29T23:30:00Z\"}",
                  "{\"assessment_id\":\"A3\",\"modification\":\"MP3\",\"kind\":\"IMPACT\","
                      + "\"requested_at\":\"2023-10-02T09:00:00Z\",\"due_on\":\"2023-11-10\"}",
                  "{\"assessment_id\":\"A4\",\"modification\":\"MP4\",\"kind\":\"FINAL\","
                      + "\"requested_at\":\"2023-10-02T09:00:00Z\",\"due_on\":\"2023-11-10\"}");
              Path csv =
                  Drops.write(
                      drop.resolveSibling("parquet-source"),
                      "users-extra.csv",
                      "user_id,organisation,role",
                      "U4,Org D,ES",
                      "U5,,IS");
              Drops.csvToParquet(csv, drop.resolve("users-extra.parquet"));
              // issue 26: a Parquet DOUBLE srv (7.10 would load as SRV 7.1) and a LIST id.
              try (Store scratch = Store.inMemory();
                  Statement st = scratch.connection().createStatement()) {
                st.execute(
                    "COPY (SELECT 'P' || i AS request_id, 'U1' AS user_id, 'IS' AS user_role,"
                        + " CASE i WHEN 1 THEN 7.10 ELSE 2.2 END::DOUBLE AS srv,"
                        + " 'DX' AS device_id, '2023-10-21T15:00:00Z' AS received_at,"
                        + " NULL::VARCHAR AS execute_at FROM range(1, 3) t(i)) TO '"
                        + drop.resolve("service_requests_typed.parquet")
                            .toString()
                            .replace("'", "''")
                        + "' (FORMAT parquet)");
                st.execute(
                    "COPY (SELECT ['Q1', 'Q2'] AS alert_id, 'U1' AS user_id, 'AD1' AS alert_code,"
                        + " '2023-10-03T10:00:00Z' AS raised_at) TO '"
                        + drop.resolve("alerts_typed.parquet").toString().replace("'", "''")
                        + "' (FORMAT parquet)");
              } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
              }
            },
            "2023-08",
            "2023-11");
  }

  @Test
  void pmrOfOctoberAndNovember() {
    for (String m : List.of("2023-10", "2023-11")) {
      ReportingMonth month = ReportingMonth.parse(m);
      String store = edges.storePmr(month);
      if (m.equals("2023-10")) {
        // R30 (CPM1, CPM1-S) and R32 (CPM2) left out, as rejected, overall and for CSP-N.
        assertThat(store).contains("\"rejected\" : 1");
        // CPM7: K1 within, K2 late; CPM8: K3 (as last loaded) and K4 within; CPM-D11.1: A1 late.
        assertThat(store)
            .containsPattern("\"id\" : \"CPM7\",[^}]*\"within\" : 1,\\s*\"population\" : 2")
            .containsPattern("\"id\" : \"CPM8\",[^}]*\"within\" : 2,\\s*\"population\" : 2")
            .containsPattern("\"id\" : \"CPM-D11.1\",[^}]*\"within\" : 0,\\s*\"population\" : 1");
      }
      assertThat(edges.sparkPmr(edges.sparkDrop().tables(), month)).as(m).isEqualTo(store);
      assertThat(edges.sparkPmr(edges.exported(), month)).as(m).isEqualTo(store);
    }
  }

  @Test
  void bpiOfOctober() {
    ReportingMonth october = ReportingMonth.parse("2023-10");
    String store = edges.storeBpi(october);
    // Every bucket of the waterfall has a transaction somewhere in this drop.
    assertThat(store).contains("\"RETRY_SUCCESS\" : 2", "\"COMMUNICATING\" : 1");
    assertThat(edges.sparkBpi(edges.sparkDrop().tables(), october)).isEqualTo(store);
    assertThat(edges.sparkBpi(edges.exported(), october)).isEqualTo(store);
  }

  @Test
  void theSameRowsAreQuarantinedWithTheSameLineAndReason() throws Exception {
    List<String> store = new ArrayList<>();
    try (Store s = Store.open(edges.storeFolder);
        Statement st = s.connection().createStatement();
        ResultSet r =
            st.executeQuery("SELECT file, line, reason FROM quarantine ORDER BY file, line")) {
      while (r.next()) {
        store.add(r.getString(1) + ":" + r.getLong(2) + ": " + r.getString(3));
      }
    }
    assertThat(store).hasSizeGreaterThan(15);
    // issue 26's format rules are among them, in the loader's words.
    assertThat(store)
        .anyMatch(
            q ->
                q.startsWith("service_requests.csv:")
                    && q.contains("unbalanced quote: the quoted value in user_id"))
        .contains(
            "alerts.jsonl:9: alert_id must be text, got a number: 7.1 (a number can lose digits:"
                + " 7.10 reads as 7.1)",
            "alerts.jsonl:10: user_id appears twice in the JSON object",
            "service_requests_typed.parquet:1: srv must be text, got a number: 7.1 (a number can"
                + " lose digits: 7.10 reads as 7.1)",
            "service_requests_typed.parquet:2: srv must be text, got a number: 2.2 (a number can"
                + " lose digits: 7.10 reads as 7.1)",
            "alerts_typed.parquet:1: alert_id must be one value, got [Q1, Q2]");
    edges.sparkDrop().writeQuarantine(edges.dir.resolve("q").toString());
    List<String> spark = new ArrayList<>();
    List<String> cells = new ArrayList<>();
    for (Row r :
        SharedSpark.session()
            .read()
            .option("header", "true")
            .option("multiLine", "true")
            .option("escape", "\"")
            .csv(edges.dir.resolve("q").toString())
            .orderBy("file", "line")
            .collectAsList()) {
      spark.add(r.getAs("file") + ":" + r.getAs("line") + ": " + r.getAs("reason"));
      cells.add(r.getAs("row"));
    }
    // The quarantine's CSV is safe to open in a spreadsheet, as the loader's export is.
    assertThat(cells).contains("'=1+2,U1").noneMatch(c -> c != null && c.startsWith("="));
    // A CSV line DuckDB cannot split keeps DuckDB's own words after "malformed line": compare the
    // reasons up to there.
    assertThat(spark.stream().map(EdgeCaseConformanceTest::uptoDetail).sorted().toList())
        .isEqualTo(store.stream().map(EdgeCaseConformanceTest::uptoDetail).sorted().toList());
  }

  @Test
  void everyFileReconcilesAsTheLoadDid() {
    InputCheck check = edges.sparkDrop().check();
    for (FileLoad f : edges.load.files()) {
      InputCheck.FileCheck spark =
          check.files().stream().filter(c -> c.file().equals(f.file())).findFirst().orElseThrow();
      assertThat(List.of(spark.read(), spark.used(), spark.duplicates(), spark.quarantined()))
          .as(f.file())
          .containsExactly(f.read(), f.loaded(), f.duplicates(), f.quarantined());
    }
  }

  private static String uptoDetail(String line) {
    int i = line.indexOf("malformed line");
    return i < 0 ? line : line.substring(0, i) + "malformed line";
  }
}
