package uk.meterwatch.engine.pmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.measure.ApprovedException;
import uk.meterwatch.core.measure.PopulationRow;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.registers.AuditEntry;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * Approved exceptions leave out exactly the rows they name from exactly the measures they name,
 * whatever the calculation (requests, alerts, incidents by id; availability by period), in the
 * lines they are scoped to, and only in reports as of a day they were in force. Hand-computed on
 * October 2023 (UK time: its first instant 00:30 BST on the 1st is 23:30 UTC on 30 September; the
 * repeated hour of the clock change on the 29th; 44,700 minutes).
 */
class ApprovedExceptionsTest {
  private static final ReportingMonth OCT = ReportingMonth.of(2023, 10);
  private static final Clock REGISTER_CLOCK = clock("2024-02-01T12:00:00Z");

  @TempDir Path dir;
  Store store;
  Registers registers;

  private static Clock clock(String instant) {
    return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
  }

  @BeforeEach
  void load() {
    store = Store.open(dir.resolve("store"));
    Path drop = dir.resolve("drop");
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
        "Q1,U1,2.2,D1,2023-10-10T10:00:00Z,", // I0 at 5 s: within
        "Q2,U1,2.2,D1,2023-10-10T11:00:00Z,", // I0 at 90 s: late
        "Q3,U1,2.2,D2,2023-10-11T10:00:00Z,", // I0 at 5 s: within
        "Q4,U1,2.2,D2,2023-10-12T10:00:00Z,", // no response: a miss
        "Q5,U1,2.2,D1,2023-09-30T23:30:00Z,", // 00:30 UK on 1 October; I0 at 120 s: late
        "Q6,U1,2.2,D2,2023-10-29T01:30:00Z,", // the repeated hour (GMT); E21 at 5 s
        "Q7,U1,2.2,D1,2023-09-30T22:30:00Z,"); // 23:30 UK on 30 September: not October's
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code,kind",
        "Q1,2023-10-10T10:00:05Z,I0,RESPONSE",
        "Q2,2023-10-10T11:01:30Z,I0,RESPONSE",
        "Q3,2023-10-11T10:00:05Z,I0,RESPONSE",
        "Q5,2023-09-30T23:32:00Z,I0,RESPONSE",
        "Q6,2023-10-29T01:30:05Z,E21,RESPONSE",
        "Q7,2023-09-30T22:32:00Z,I0,RESPONSE");
    Drops.write(
        drop,
        "alerts.csv",
        "alert_id,device_id,user_id,alert_code,raised_at,delivered_at",
        "A1,D1,U1,8F84,2023-10-05T10:00:00Z,2023-10-05T10:00:10Z",
        "A2,D2,U1,8F84,2023-10-05T11:00:00Z,2023-10-05T11:02:00Z");
    Drops.write(
        drop,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at",
        "INC1,1,in time,2023-10-02T08:00:00Z,2023-10-02T10:00:00Z",
        "INC2,1,late,2023-10-03T08:00:00Z,2023-10-03T14:00:00Z");
    Drops.write(
        drop,
        "outages.csv",
        "service,start,end,planned,incident_id",
        "SSI,2023-10-20T10:00:00Z,2023-10-20T11:00:00Z,false,");
    new DropLoader(store).load(drop);
    registers = new Registers(store, RuleBook.standard(), REGISTER_CLOCK);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void add(String id, List<String> measures, String scope, String... items) {
    add(id, measures, scope, LocalDate.parse("2023-11-02"), items);
  }

  private void add(
      String id, List<String> measures, String scope, LocalDate approved, String... items) {
    registers
        .exceptions()
        .add(
            new ApprovedException(
                id,
                measures,
                scope,
                List.of(items),
                null,
                null,
                "agreed at OPSG 106",
                "OPSG chair",
                approved,
                null,
                null),
            "ana");
  }

  private void addPeriod(String id, String from, String to) {
    registers
        .exceptions()
        .add(
            new ApprovedException(
                id,
                List.of("CPM6"),
                "ALL",
                List.of(),
                Instant.parse(from),
                Instant.parse(to),
                "third-party power cut, outside the DCC's control",
                "OPSG chair",
                LocalDate.parse("2023-11-02"),
                null,
                null),
            "ana");
  }

  private PerformanceMeasurement pmr(String now) {
    return new PerformanceMeasurement(
        store, RuleBook.standard(), SrvCatalogue.standard(), clock(now));
  }

  private static String line(PerformanceReport r, String id, String scope) {
    MeasureResult m = PerformanceMeasurementTest.line(r, id, scope);
    return m.label()
        + " "
        + m.within()
        + "/"
        + m.population()
        + " "
        + m.value()
        + " excepted "
        + m.excepted()
        + " "
        + m.exceptions();
  }

  @Test
  void withoutExceptionsNothingIsLeftOut() {
    PerformanceReport r = pmr("2024-01-15T00:00:00Z").report(OCT);
    // CPM1: Q1..Q6 (Q5 at 00:30 UK on the 1st is October's, Q7 September's); within Q1 Q3 Q6.
    assertThat(line(r, "CPM1", "ALL")).isEqualTo("CPM1 3/6 50.00 excepted 0 []");
    assertThat(line(r, "CPM1-S", "ALL")).isEqualTo("CPM1-S 2/6 33.33 excepted 0 []");
    assertThat(line(r, "CPM3", "ALL")).isEqualTo("CPM3 1/2 50.00 excepted 0 []");
    assertThat(line(r, "CPM4", "ALL")).isEqualTo("CPM4 1/2 50.00 excepted 0 []");
    // 31 days and the extra hour of the clock change: 44,700 minutes, 60 unavailable.
    assertThat(line(r, "CPM6", "ALL")).isEqualTo("CPM6 44640/44700 99.87 excepted 0 []");
  }

  @Test
  void anExceptionLeavesOutExactlyTheRowsItNamesFromExactlyTheMeasuresItNames() {
    add("EX-1", List.of("CPM1"), "ALL", "Q2", "Q5", "Q7"); // Q7 is September's: not in October
    add("EX-2", List.of("CPM1-S"), "CSP-C", "Q6", "Q2"); // Q2 is CSP-N's: out of its scope
    add("EX-3", List.of("CPM3"), "ALL", "A2");
    add("EX-4", List.of("CPM4"), "ALL", "INC2");
    addPeriod("EX-5", "2023-10-20T10:30:00Z", "2023-10-20T12:00:00Z");
    PerformanceReport r = pmr("2024-01-15T00:00:00Z").report(OCT);
    // CPM1 less the late Q2 and Q5, both of CSP-N: within Q1 Q3 Q6 of Q1 Q3 Q4 Q6.
    assertThat(line(r, "CPM1", "ALL")).isEqualTo("CPM1 3/4 75.00 excepted 2 [EX-1]");
    assertThat(line(r, "CPM1", "CSP-N")).isEqualTo("CPM1 CSP-N 1/1 100.00 excepted 2 [EX-1]");
    assertThat(line(r, "CPM1", "CSP-C")).isEqualTo("CPM1 CSP-C 2/3 66.67 excepted 0 []");
    // CPM1-S less Q6 only (E21: not a success); EX-1 does not name CPM1-S.
    assertThat(line(r, "CPM1-S", "ALL")).isEqualTo("CPM1-S 2/5 40.00 excepted 1 [EX-2]");
    assertThat(line(r, "CPM1-S", "CSP-C")).isEqualTo("CPM1-S CSP-C 1/2 50.00 excepted 1 [EX-2]");
    assertThat(line(r, "CPM1-S", "CSP-N")).isEqualTo("CPM1-S CSP-N 1/3 33.33 excepted 0 []");
    assertThat(line(r, "CPM3", "ALL")).isEqualTo("CPM3 1/1 100.00 excepted 1 [EX-3]");
    assertThat(line(r, "CPM3", "CSP-C")).isEqualTo("CPM3 CSP-C 0/0 null excepted 1 [EX-3]");
    assertThat(line(r, "CPM4", "ALL")).isEqualTo("CPM4 1/1 100.00 excepted 1 [EX-4]");
    // CPM6: 10:30 to 12:00 leaves the TAP (90 min), 30 of them unavailable (10:30 to 11:00).
    assertThat(line(r, "CPM6", "ALL")).isEqualTo("CPM6 44580/44610 99.93 excepted 90 [EX-5]");
    assertThat(line(r, "CPM2", "ALL")).isEqualTo("CPM2 0/0 null excepted 0 []");

    assertThat(pmr("2024-01-15T00:00:00Z").applied(OCT))
        .extracting(a -> a.exception().id() + " " + a.leftOut())
        .containsExactly(
            "EX-1 {CPM1=2, CPM1 CSP-N=2}",
            "EX-2 {CPM1-S=1, CPM1-S CSP-C=1}",
            "EX-3 {CPM3=1, CPM3 CSP-C=1}",
            "EX-4 {CPM4=1}",
            "EX-5 {CPM6=90}");
  }

  @Test
  void theRowsBehindAFigureSayWhichWereExceptedAndTheExplanationCountsOnlyRealMisses() {
    add("EX-1", List.of("CPM1"), "ALL", "Q2", "Q5");
    addPeriod("EX-5", "2023-10-20T10:30:00Z", "2023-10-20T12:00:00Z");
    PerformanceMeasurement pmr = pmr("2024-01-15T00:00:00Z");
    List<PopulationRow> rows = pmr.rows(OCT, "CPM1", "ALL", false);
    assertThat(rows)
        .extracting(r -> r.item() + " " + r.result())
        .containsExactly(
            "Q5 EXCEPTED", "Q1 WITHIN", "Q2 EXCEPTED", "Q3 WITHIN", "Q4 MISSED", "Q6 WITHIN");
    assertThat(rows.get(0).reason()).isEqualTo("excepted by EX-1: agreed at OPSG 106");
    assertThat(pmr.rows(OCT, "CPM1", "ALL", true))
        .extracting(PopulationRow::item)
        .containsExactly("Q4");

    List<PopulationRow> minutes = pmr.rows(OCT, "CPM6", "ALL", false);
    assertThat(total(minutes, PopulationRow.Result.WITHIN)).isEqualByComparingTo("44580");
    assertThat(total(minutes, PopulationRow.Result.MISSED)).isEqualByComparingTo("30");
    assertThat(total(minutes, PopulationRow.Result.EXCEPTED)).isEqualByComparingTo("90");

    Explanation e = pmr.explain(OCT, "CPM1");
    assertThat(e.misses()).isEqualByComparingTo("1"); // Q4; the late Q2 and Q5 were excepted
    assertThat(e.result().exceptions()).containsExactly("EX-1");
  }

  private static BigDecimal total(List<PopulationRow> rows, PopulationRow.Result result) {
    return rows.stream()
        .filter(r -> r.result() == result)
        .map(PopulationRow::minutes)
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void aReportAppliesOnlyTheExceptionsInForceAtTheEndOfItsDay() {
    add("EX-1", List.of("CPM1"), "ALL", "Q2");
    add("EX-6", List.of("CPM1"), "ALL", LocalDate.parse("2024-01-20"), "Q4");
    add("EX-7", List.of("CPM1"), "ALL", LocalDate.parse("2024-01-02"), "Q5");
    registers.exceptions().withdraw("EX-7", LocalDate.parse("2024-01-10"), "raised in error", "bo");
    // As of 5 January: EX-1 and EX-7 (not yet withdrawn); EX-6 was approved later.
    assertThat(line(pmr("2024-01-05T23:00:00Z").report(OCT), "CPM1", "ALL"))
        .isEqualTo("CPM1 3/4 75.00 excepted 2 [EX-1, EX-7]");
    // As of 10 January, the day EX-7 was withdrawn: EX-1 only.
    assertThat(line(pmr("2024-01-10T12:00:00Z").report(OCT), "CPM1", "ALL"))
        .isEqualTo("CPM1 3/5 60.00 excepted 1 [EX-1]");
    // As of 1 February: EX-1 and EX-6 (Q4, a miss).
    assertThat(line(pmr("2024-02-01T00:00:00Z").report(OCT), "CPM1", "ALL"))
        .isEqualTo("CPM1 3/4 75.00 excepted 2 [EX-1, EX-6]");
  }

  @Test
  void everyChangeIsInTheAuditTrailAndABadExceptionIsRefused() {
    add("EX-1", List.of("CPM1"), "ALL", "Q2");
    registers.exceptions().withdraw("EX-1", null, "superseded", "bo");
    List<AuditEntry> trail = registers.audit().list("exceptions", "EX-1");
    assertThat(trail).extracting(AuditEntry::operation).containsExactly("ADD", "WITHDRAW");
    assertThat(trail.get(0).who()).isEqualTo("ana");
    assertThat(trail.get(0).beforeJson()).isNull();
    assertThat(trail.get(1).who()).isEqualTo("bo");
    assertThat(trail.get(1).beforeJson()).contains("\"withdrawn_on\":null");
    assertThat(trail.get(1).afterJson())
        .contains("\"withdrawn_on\":\"2024-02-01\"", "\"withdrawn_reason\":\"superseded\"");

    assertThatThrownBy(() -> add("EX-1", List.of("CPM1"), "ALL", "Q3"))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("exception EX-1 is already in the register");
    assertThatThrownBy(() -> add("EX-9", List.of("CPM9"), "ALL", "Q3"))
        .hasMessageContaining("no rule set has a measure CPM9");
    assertThatThrownBy(() -> add("EX-9", List.of("CPM6"), "ALL", "Q3"))
        .hasMessageContaining("CPM6 counts minutes of availability");
    assertThatThrownBy(() -> add("EX-9", List.of("CPM1"), "ALL"))
        .hasMessageContaining("covers nothing");
    assertThatThrownBy(() -> add("EX-9", List.of("CPM1"), "ALL", "Q'3"))
        .hasMessageContaining("item id 'Q'3'");
    assertThatThrownBy(
            () -> add("EX-9", List.of("CPM1"), "ALL", LocalDate.parse("2024-02-02"), "Q3"))
        .hasMessageContaining("after today");
    assertThatThrownBy(() -> registers.exceptions().withdraw("EX-1", null, null, "bo"))
        .hasMessageContaining("already withdrawn");
    assertThat(registers.audit().list("exceptions", null)).hasSize(2);
  }
}
