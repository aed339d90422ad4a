package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

class IncidentRegisterTest {
  private final RegistersFixture f = new RegistersFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private static Incident incident(String id, int category, String opened, String resolved) {
    return new Incident(
        id,
        category,
        "title " + id,
        Instant.parse(opened),
        resolved == null ? null : Instant.parse(resolved),
        List.of("CSP-N"),
        List.of(),
        CauseClass.OPERATIONAL,
        null,
        false,
        true);
  }

  @Test
  void addedIncidentComesBackWithItsTargetResolutionTimeAndOutcome() {
    f.incidents.add(RegistersFixture.inc1076111(), "alice");
    Incident back = f.incidents.get("INC000001076111");
    assertThat(back).isEqualTo(RegistersFixture.inc1076111());
    IncidentStatus s = f.incidents.status(back);
    // Category 1: 4 h target; 05:10Z to 11:40Z is 6 h 30 min, so missed.
    assertThat(s.targetResolution()).isEqualTo(Duration.ofHours(4));
    assertThat(s.duration()).isEqualTo(Duration.ofMinutes(390));
    assertThat(s.outcome()).isEqualTo(TargetOutcome.MISSED);
  }

  @Test
  void resolvedExactlyAtTheTargetMeetsIt() {
    // Category 2: 8 h.
    Incident i = incident("INC2", 2, "2023-08-01T00:00:00Z", "2023-08-01T08:00:00Z");
    assertThat(f.incidents.status(i).outcome()).isEqualTo(TargetOutcome.MET);
    Incident late = incident("INC3", 2, "2023-08-01T00:00:00Z", "2023-08-01T08:00:01Z");
    assertThat(f.incidents.status(late).outcome()).isEqualTo(TargetOutcome.MISSED);
  }

  @Test
  void openIncidentIsOpenUntilItsDeadlineThenMissed() {
    // The clock says 2023-10-23T12:00Z. Category 5: 120 h.
    Incident recent = incident("INC4", 5, "2023-10-20T12:00:00Z", null);
    assertThat(f.incidents.status(recent).outcome()).isEqualTo(TargetOutcome.OPEN);
    assertThat(f.incidents.status(recent).deadline())
        .isEqualTo(Instant.parse("2023-10-25T12:00:00Z"));
    Incident old = incident("INC5", 5, "2023-10-18T11:59:00Z", null);
    assertThat(f.incidents.status(old).outcome()).isEqualTo(TargetOutcome.MISSED);
  }

  @Test
  void categorySevenIsRefusedAndChangesNothing() {
    String before = f.dump();
    assertThatThrownBy(
            () -> f.incidents.add(incident("INC7", 7, "2023-08-01T00:00:00Z", null), "alice"))
        .isInstanceOf(MeterwatchException.class)
        .hasMessage("category 7 is not an incident category (1 to 5)")
        .extracting(e -> ((MeterwatchException) e).code())
        .isEqualTo(ErrorCode.INVALID_VALUE);
    assertThat(f.dump()).isEqualTo(before);
  }

  @Test
  void resolvedBeforeOpenedIsRefused() {
    assertThatThrownBy(
            () ->
                f.incidents.add(
                    incident("INC8", 3, "2023-08-02T00:00:00Z", "2023-08-01T00:00:00Z"), "alice"))
        .hasMessageContaining("before it opened");
    assertThat(f.incidents.list()).isEmpty();
  }

  @Test
  void duplicateIdIsRefused() {
    f.incidents.add(RegistersFixture.inc1076111(), "alice");
    String before = f.dump();
    assertThatThrownBy(() -> f.incidents.add(RegistersFixture.inc1076111(), "bob"))
        .hasMessageContaining("already in the register");
    assertThat(f.dump()).isEqualTo(before);
  }

  @Test
  void updatingOrClosingAnUnknownIncidentIsNotFound() {
    assertThatThrownBy(() -> f.incidents.update(RegistersFixture.inc1076111(), "alice"))
        .extracting(e -> ((MeterwatchException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
    assertThatThrownBy(
            () -> f.incidents.close("INC404", Instant.parse("2023-08-01T00:00:00Z"), null, "a"))
        .hasMessage("no incident INC404 in the register");
    assertThat(f.audit.list(null, null)).isEmpty();
  }

  @Test
  void closeRecordsResolutionAndRootCauseWithAuditBeforeAndAfter() {
    f.incidents.add(incident("INC9", 3, "2023-08-01T00:00:00Z", null), "alice");
    f.incidents.close("INC9", Instant.parse("2023-08-01T20:00:00Z"), "config error", "bob");
    Incident back = f.incidents.get("INC9");
    assertThat(back.resolvedAt()).isEqualTo(Instant.parse("2023-08-01T20:00:00Z"));
    assertThat(back.rootCause()).isEqualTo("config error");
    assertThat(f.incidents.status(back).outcome()).isEqualTo(TargetOutcome.MET);

    List<AuditEntry> trail = f.audit.list("incidents", "INC9");
    assertThat(trail).extracting(AuditEntry::operation).containsExactly("ADD", "CLOSE");
    assertThat(trail).extracting(AuditEntry::who).containsExactly("alice", "bob");
    assertThat(trail.get(0).beforeJson()).isNull();
    assertThat(trail.get(1).beforeJson()).contains("\"resolved_at\":null");
    assertThat(trail.get(1).afterJson())
        .contains("\"resolved_at\":\"2023-08-01T20:00:00Z\"")
        .contains("\"root_cause\":\"config error\"");
    assertThat(trail.get(1).at()).isEqualTo(RegistersFixture.NOW);

    assertThatThrownBy(
            () -> f.incidents.close("INC9", Instant.parse("2023-08-02T00:00:00Z"), null, "bob"))
        .hasMessageContaining("already closed");
  }

  @Test
  void updateChangesFieldsAndAuditsTheChange() {
    f.incidents.add(RegistersFixture.inc1076111(), "alice");
    Incident i = RegistersFixture.inc1076111();
    Incident changed =
        new Incident(
            i.id(),
            i.category(),
            i.title(),
            i.openedAt(),
            i.resolvedAt(),
            i.components(),
            i.services(),
            CauseClass.OPERATIONAL,
            "change not tested",
            i.major(),
            i.dccResponsible());
    f.incidents.update(changed, "carol");
    assertThat(f.incidents.get(i.id()).causeClass()).isEqualTo(CauseClass.OPERATIONAL);
    AuditEntry last = f.audit.list("incidents", i.id()).get(1);
    assertThat(last.operation()).isEqualTo("UPDATE");
    assertThat(last.beforeJson()).contains("\"cause_class\":\"ARCHITECTURE\"");
    assertThat(last.afterJson()).contains("\"cause_class\":\"OPERATIONAL\"");
  }

  @Test
  void loadedRowsAreReadAndEditable() throws Exception {
    try (var s = f.store.connection().createStatement()) {
      s.execute(
          "INSERT INTO incidents VALUES ('INC1', 2, 't', 1690848000000000, NULL, ['CSP-C'], [],"
              + " NULL, NULL, false, true, 7, 3)");
    }
    Incident i = f.incidents.get("INC1");
    assertThat(i.causeClass()).isEqualTo(CauseClass.UNKNOWN);
    assertThat(i.openedAt()).isEqualTo(Instant.parse("2023-08-01T00:00:00Z"));
    f.incidents.close("INC1", Instant.parse("2023-08-01T01:00:00Z"), null, "dave");
    try (var s = f.store.connection().createStatement();
        var r = s.executeQuery("SELECT load_id, line FROM incidents")) {
      r.next();
      assertThat(r.getLong(1)).isEqualTo(7);
      assertThat(r.getLong(2)).isEqualTo(3);
    }
  }

  /** An update that changes nothing is refused: no write, no audit row "no field changed". */
  @Test
  void anUpdateThatChangesNothingIsRefusedAndNotAudited() {
    f.incidents.add(RegistersFixture.inc1076111(), "alice");
    int audited = f.audit.list(null, null).size();
    assertThatThrownBy(() -> f.incidents.update(RegistersFixture.inc1076111(), "bob"))
        .hasMessageContaining("nothing to change");
    assertThat(f.audit.list(null, null)).hasSize(audited);
  }
}
