package uk.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

class RuleBookTest {
  @Test
  void theDefaultRuleSetHasTheCodesDefaults() {
    RuleSet rs = RuleBook.defaults();
    assertThat(rs.measures())
        .extracting(MeasureDefinition::id)
        .containsSubsequence(
            "CPM1",
            "CPM1-S",
            "CPM2",
            "CPM3",
            "CPM4",
            "CPM5",
            "CPM6",
            "CPM7",
            "CPM8",
            "CPM-D11.1",
            "CPM-D11.2");
    assertThat(rs.smkiResponseTimes()).isEqualTo(new SmkiResponseTimes(30, 10));
    assertThat(rs.measure("CPM8").orElseThrow().definition())
        .contains("Repository (10 s, the rule set's smki_response_times");
    assertThat(rs.measure("CPM-D11.2").orElseThrow().local()).isTrue();
    assertThat(rs.measure("CPM6").orElseThrow().target()).isEqualByComparingTo("99.5");
    assertThat(rs.measure("CPM3").orElseThrow().withinSeconds()).isNull();
    assertThat(rs.measure("CPM4").orElseThrow().minimum()).isEqualByComparingTo("85");
    assertThat(rs.resolutionTime(1)).isEqualTo(Duration.ofHours(4));
    assertThat(rs.resolutionTime(5)).isEqualTo(Duration.ofHours(120));
    assertThat(rs.responseTimes().onDemandCritical()).isEqualTo(60);
    assertThat(rs.processOf("2.2")).hasValue("PREPAYMENT");
    assertThat(rs.bpi().retryWindowHours()).isEqualTo(24);
    assertThat(rs.risks().bandOf(20)).isEqualTo("Critical");
    assertThat(rs.risks().bandOf(15)).isEqualTo("High");
    assertThat(rs.risks().bandOf(14)).isEqualTo("Medium");
    assertThat(rs.risks().bandOf(7)).isEqualTo("Low");
    assertThat(rs.risks().escalated(15)).isTrue();
    assertThat(rs.risks().escalated(14)).isFalse();
  }

  @Test
  void smkiResponseTimesAreWholeSecondsAboveZeroAndTheSmkiMeasuresNeedThem() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add(
                        "s.yaml",
                        "name: s\neffective_from: 2024-01-01\n"
                            + "smki_response_times: {certificate_signing: 30}\n")
                    .build())
        .hasMessage(
            "s.yaml: smki_response_times must be a mapping of certificate_signing and repository"
                + " (seconds)");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add(
                        "s.yaml",
                        "name: s\neffective_from: 2024-01-01\n"
                            + "smki_response_times: {certificate_signing: 2.5, repository: 3}\n")
                    .build())
        .hasMessage(
            "s.yaml: smki_response_times.certificate_signing must be a whole number of seconds"
                + " above 0, got 2.5");
    String alone =
        "name: alone\neffective_from: 2019-01-01\n"
            + "response_times: {on_demand: 30, on_demand_critical: 60, future_dated: 30, alert: 60}\n"
            + "resolution_hours: {1: 4}\n"
            + "processes: {PREPAYMENT: [\"2.2\"]}\npersistence_threshold: 3\n"
            + "bpi: {retry_window_hours: 24, duplicate_window_minutes: 10,"
            + " communication_evidence_days: 60, flag_failure_rate: 90,"
            + " flag_min_transactions: 100}\n"
            + "risks: {escalation_threshold: 15, bands: [{name: High, min: 1}]}\n"
            + "measures:\n  - {id: CPM7, calculation: SMKI_CSR_RESPONSE_TIME, target: 99,"
            + " minimum: 96}\n";
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> RuleBook.builder().add("alone.yaml", alone).build())
        .hasMessage(
            "alone.yaml: measure CPM7 needs smki_response_times (the SMKI's Target Response"
                + " Times, seconds)");
  }

  @Test
  void everyDefaultMeasureNamesItsSourceAndAUserMeasureWithoutOneIsLocal() {
    RuleSet rs = RuleBook.defaults();
    assertThat(rs.measure("CPM1").orElseThrow().source())
        .isEqualTo("SEC Section H13.1; DCC Performance Measurement Methodology (2018), p.3");
    assertThat(rs.measure("CPM1").orElseThrow().local()).isFalse();
    assertThat(rs.measure("CPM1-S").orElseThrow().local()).isTrue();
    assertThat(rs.measures()).allSatisfy(m -> assertThat(m.source()).isNotBlank());
    RuleSet user =
        RuleBook.withDefaults()
            .add(
                "u.yaml",
                """
                name: u
                effective_from: 2023-01-01
                add_measures:
                  - {id: M, name: M, calculation: ALERT_DELIVERY_TIME, target: 99, minimum: 96}
                  - {id: N, name: N, calculation: ALERT_DELIVERY_TIME, target: 99, minimum: 96,
                     source: "Our contract, schedule 2"}
                """)
            .build()
            .inForce(ReportingMonth.of(2023, 8));
    assertThat(user.measure("M").orElseThrow().source()).isEqualTo("local");
    assertThat(user.measure("M").orElseThrow().local()).isTrue();
    assertThat(user.measure("N").orElseThrow().source()).isEqualTo("Our contract, schedule 2");
    assertThat(user.measure("N").orElseThrow().local()).isFalse();
  }

  @Test
  void aMonthIsMeasuredByTheRuleSetInForceOnItsFirstDay() {
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "later.yaml",
                """
            name: tighter-2023-09
            effective_from: 2023-08-15
            persistence_threshold: 5
            """)
            .add(
                "sept.yaml",
                """
            name: from-september
            effective_from: 2023-09-01
            resolution_hours: {1: 2, 2: 8, 3: 24, 4: 72, 5: 120}
            """)
            .build();
    assertThat(book.inForce(ReportingMonth.of(2023, 8)).name()).isEqualTo("default");
    RuleSet sept = book.inForce(ReportingMonth.of(2023, 9));
    assertThat(sept.name()).isEqualTo("from-september");
    assertThat(sept.resolutionTime(1)).isEqualTo(Duration.ofHours(2));
    // Sections left out are inherited from the rule set in force before.
    assertThat(sept.persistenceThreshold()).isEqualTo(5);
    assertThat(sept.measure("CPM1").orElseThrow().target())
        .isEqualByComparingTo(new BigDecimal("99"));
  }

  @Test
  void malformedRuleSetsGetAClearError() {
    assertThatThrownBy(() -> RuleBook.withDefaults().add("bad.yaml", "name: x\n").build())
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("bad.yaml")
        .hasMessageContaining("effective_from");
    assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add("bad2.yaml", "name: x\neffective_from: 2024-01-01\nbogus: 1\n")
                    .build())
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("bad2.yaml");
    assertThatThrownBy(
            () -> RuleBook.withDefaults().build().inForceOn(java.time.LocalDate.of(2000, 1, 1)))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("no rule set");
  }
}
