package uk.meterwatch.report.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.pmr.PmrRows;
import uk.meterwatch.engine.store.Store;

class PackAssemblerTest {
  private final Store store = Store.inMemory();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void risksAreBandedAndEscalatedByTheMonthsRuleSet() {
    // From 2025 (today, by the clock) the bands are Hot/Cold and the threshold 12; in August
    // 2023 the default: severity 10 is Medium and not escalated (threshold 15).
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "later.yaml",
                "name: later\neffective_from: 2025-01-01\nrisks:\n  escalation_threshold: 12\n"
                    + "  bands:\n    - {name: Hot, min: 10}\n    - {name: Cold, min: 1}\n")
            .build();
    Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    new uk.meterwatch.engine.registers.Registers(store, book, clock)
        .risks()
        .add(
            new uk.meterwatch.engine.registers.Risk("R10", "t", 2, 5, "DCC", null),
            null,
            null,
            "x");
    Pack pack =
        new PackAssembler(store, book, clock)
            .assemble(ReportingMonth.of(2023, 8), "OFFICIAL", false)
            .pack();
    assertThat(pack.risks().escalationThreshold()).isEqualTo(15);
    assertThat(pack.risks().lines()).extracting(Pack.RiskLine::band).containsExactly("Medium");
  }

  @Test
  void anIncidentsTargetIsThatOfTheRuleSetInForceOnTheDayItOpened() {
    // Category 1: 4 h by default, 8 h from 1 Nov 2023. R1 opened 31 Oct 19:00 GMT under the 4 h
    // and was resolved in 6 h: late, as the PMR counts it, though November's rule set says 8 h.
    PmrRows rows = new PmrRows(store);
    rows.incident("R1", 1, "2023-10-31T19:00:00Z", "2023-11-01T01:00:00Z", "", true);
    rows.incident("R2", 1, "2023-11-01T00:00:00Z", "2023-11-01T06:00:00Z", "", true);
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "trt.yaml",
                "name: trt\neffective_from: 2023-11-01\n"
                    + "resolution_hours: {1: 8, 2: 8, 3: 24, 4: 72, 5: 120}\n")
            .build();
    Clock clock = Clock.fixed(Instant.parse("2024-01-01T00:00:00Z"), ZoneOffset.UTC);
    Pack pack =
        new PackAssembler(store, book, clock)
            .assemble(ReportingMonth.of(2023, 11), "OFFICIAL", false)
            .pack();
    assertThat(pack.incidents().lines())
        .extracting(Pack.IncidentLine::id, Pack.IncidentLine::targetHours, l -> l.withinTarget())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("R1", 4.0, false),
            org.assertj.core.groups.Tuple.tuple("R2", 8.0, true));
  }

  @Test
  void thePackListsTheApprovedExceptionsAppliedAsOfItsDate() {
    // INC2 (category 1, 6 h: late) is excepted from CPM4 by EX-1, approved on 10 September 2023.
    PmrRows rows = new PmrRows(store);
    rows.incident("INC1", 1, "2023-08-02T08:00:00Z", "2023-08-02T10:00:00Z", "", true);
    rows.incident("INC2", 1, "2023-08-03T08:00:00Z", "2023-08-03T14:00:00Z", "", true);
    RuleBook book = RuleBook.standard();
    Clock clock = Clock.fixed(Instant.parse("2023-09-30T12:00:00Z"), ZoneOffset.UTC);
    new uk.meterwatch.engine.registers.Registers(store, book, clock)
        .exceptions()
        .add(
            new uk.meterwatch.core.measure.ApprovedException(
                "EX-1",
                java.util.List.of("CPM4"),
                "ALL",
                java.util.List.of("INC2"),
                null,
                null,
                "power cut at the data centre's supplier",
                "OPSG chair",
                java.time.LocalDate.parse("2023-09-10"),
                null,
                null),
            "ana");
    PackAssembler assembler = new PackAssembler(store, book, clock);
    // As of 9 September (the day before its approval): not applied.
    Pack before =
        assembler
            .assemble(
                ReportingMonth.of(2023, 8),
                "OFFICIAL",
                false,
                new PackAssembler.Options(
                    java.time.LocalDate.parse("2023-09-09"), PackSection.OPSG_AGENDA))
            .pack();
    assertThat(before.performance().exceptions()).isEmpty();
    assertThat(cpm4(before)).isEqualTo("1/2");
    assertThat(PackHtml.render(before))
        .contains("No approved exception left anything out of this month");
    // As of 10 September: applied, listed with its reason and what it left out.
    Pack after =
        assembler
            .assemble(
                ReportingMonth.of(2023, 8),
                "OFFICIAL",
                false,
                new PackAssembler.Options(
                    java.time.LocalDate.parse("2023-09-10"), PackSection.OPSG_AGENDA))
            .pack();
    assertThat(cpm4(after)).isEqualTo("1/1");
    assertThat(after.performance().exceptions())
        .containsExactly(
            new Pack.ExceptionApplied(
                "EX-1",
                "power cut at the data centre's supplier",
                "OPSG chair",
                java.time.LocalDate.parse("2023-09-10"),
                java.util.List.of("CPM4: 1 incidents")));
    assertThat(PackHtml.render(after))
        .contains("Approved exceptions applied in August 2023")
        .contains("power cut at the data centre")
        .contains("CPM4: 1 incidents");
  }

  private static String cpm4(Pack pack) {
    return pack.performance().lines().stream()
        .filter(l -> l.id().equals("CPM4") && l.overall())
        .map(l -> l.within() + "/" + l.population())
        .findFirst()
        .orElseThrow();
  }
}
