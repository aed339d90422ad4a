package uk.meterwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.testing.Drops;

/**
 * Approved exceptions reach Spark as the registers do, in the store's export: the PMR of the export
 * leaves out what the store's leaves out (items of each calculation by id, an availability period,
 * a withdrawn exception not at all), with the same JSON.
 */
class ExceptionsConformanceTest {
  private static ConformanceFixture fixture;

  @BeforeAll
  static void write() {
    fixture =
        ConformanceFixture.handWritten(
            drop -> {
              Drops.write(
                  drop,
                  "devices.csv",
                  "device_id,device_type,smets,provider",
                  "D1,ESME,2,CSP-N",
                  "D2,ESME,2,CSP-C");
              Drops.write(
                  drop,
                  "service_requests.csv",
                  "request_id,user_id,srv,device_id,received_at,execute_at",
                  "R1,U1,2.2,D1,2023-10-10T10:00:00Z,", // late
                  "R2,U1,2.2,D2,2023-10-11T10:00:00Z,", // within
                  "R3,U1,2.2,D2,2023-10-29T01:30:00Z,"); // the repeated hour; no response
              Drops.write(
                  drop,
                  "service_responses.csv",
                  "request_id,sent_at,code,kind",
                  "R1,2023-10-10T10:01:00Z,I0,RESPONSE",
                  "R2,2023-10-11T10:00:05Z,I0,RESPONSE");
              Drops.write(
                  drop,
                  "alerts.csv",
                  "alert_id,device_id,user_id,alert_code,raised_at,delivered_at",
                  "A1,D1,U1,8F84,2023-10-05T10:00:00Z,2023-10-05T10:02:00Z",
                  "A2,D2,U1,8F84,2023-10-05T11:00:00Z,2023-10-05T11:00:05Z");
              Drops.write(
                  drop,
                  "incidents.csv",
                  "incident_id,category,title,opened_at,resolved_at",
                  "INC1,1,late,2023-10-03T08:00:00Z,2023-10-03T14:00:00Z");
              Drops.write(
                  drop,
                  "outages.csv",
                  "service,start,end,planned,incident_id",
                  "SSI,2023-10-20T10:00:00Z,2023-10-20T11:00:00Z,false,");
            },
            "2023-10",
            "2023-10",
            store -> {
              Registers r =
                  new Registers(
                      store,
                      uk.meterwatch.core.rules.RuleBook.standard(),
                      ConformanceFixture.CLOCK);
              add(r, "EX-1", "CPM1", List.of("R1"), null, null, null);
              add(r, "EX-2", "CPM3", List.of("A1"), null, null, null);
              add(r, "EX-3", "CPM4", List.of("INC1"), null, null, null);
              add(
                  r,
                  "EX-4",
                  "CPM6",
                  List.of(),
                  Instant.parse("2023-10-20T10:30:00Z"),
                  Instant.parse("2023-10-20T12:00:00Z"),
                  null);
              add(r, "EX-5", "CPM1-S", List.of("R3"), null, null, LocalDate.parse("2025-12-10"));
            });
  }

  private static void add(
      Registers r,
      String id,
      String measure,
      List<String> items,
      Instant from,
      Instant to,
      LocalDate withdrawn) {
    r.exceptions()
        .add(
            new ApprovedException(
                id,
                List.of(measure),
                "ALL",
                items,
                from,
                to,
                "agreed",
                "OPSG chair",
                LocalDate.parse("2025-12-01"),
                null,
                null),
            "ana");
    if (withdrawn != null) {
      r.exceptions().withdraw(id, withdrawn, "in error", "ana");
    }
  }

  @Test
  void sparkLeavesOutWhatTheStoreLeavesOut() {
    ReportingMonth october = ReportingMonth.parse("2023-10");
    String store = fixture.storePmr(october);
    assertThat(store)
        .contains("\"exceptions\" : [ \"EX-1\" ]")
        .contains("\"exceptions\" : [ \"EX-2\" ]")
        .contains("\"exceptions\" : [ \"EX-3\" ]")
        .contains("\"excepted\" : 90,")
        .doesNotContain("EX-5");
    assertThat(fixture.sparkPmr(fixture.exported(), october)).isEqualTo(store);
  }
}
