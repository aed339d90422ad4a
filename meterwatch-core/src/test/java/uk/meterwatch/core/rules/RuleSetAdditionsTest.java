package uk.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

class RuleSetAdditionsTest {
  @Test
  void addMeasuresAddsAndReplacesByIdAndIsInheritedOnce() {
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "a.yaml",
                """
                name: a
                effective_from: 2023-01-01
                add_measures:
                  - {id: CPM3, name: Alerts, calculation: ALERT_DELIVERY_TIME, target: 95, minimum: 90}
                  - {id: PM-X, name: X, calculation: ALERT_DELIVERY_TIME, providers: [CSP-N], target: 95, minimum: 90}
                """)
            .add("b.yaml", "name: b\neffective_from: 2024-01-01\npersistence_threshold: 5\n")
            .build();
    RuleSet a = book.inForce(ReportingMonth.of(2023, 8));
    // The default's measures, then the one added at the end.
    List<String> ids =
        new java.util.ArrayList<>(
            RuleBook.defaults().measures().stream().map(MeasureDefinition::id).toList());
    ids.add("PM-X");
    assertThat(a.measures()).extracting(MeasureDefinition::id).containsExactlyElementsOf(ids);
    assertThat(a.measure("CPM3").orElseThrow().target()).isEqualByComparingTo(new BigDecimal("95"));
    RuleSet b = book.inForce(ReportingMonth.of(2024, 2));
    assertThat(b.measures()).hasSize(ids.size());
    assertThat(b.persistenceThreshold()).isEqualTo(5);
    assertThat(book.inForce(ReportingMonth.of(2022, 12)).name()).isEqualTo("default");
    assertThat(book.inForceOn(LocalDate.of(2023, 1, 1)).name()).isEqualTo("a");
  }

  @Test
  void invalidMeasuresAreRejectedWithTheSourceAndReason() {
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: M, calculation: INCIDENT_RESOLUTION, target: 90, minimum: 80, per_provider: true, categories: [1]}"))
        .isInstanceOf(MeterwatchException.class)
        .hasMessage("u.yaml: measure M: per_provider and providers apply to device measures only");
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: M, calculation: ON_DEMAND_RESPONSE_TIME, srvs: [\"5.1\"], target: 90, minimum: 80}"))
        .hasMessageContaining("SRV 5.1 is not an on-demand device SRV");
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: M, calculation: ON_DEMAND_RESPONSE_TIME, srvs: [\"99.9\"], target: 90, minimum: 80}"))
        .hasMessageContaining("SRV 99.9 is not in the SRV catalogue");
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: M, calculation: INCIDENT_RESOLUTION, categories: [7], target: 90, minimum: 80}"))
        .hasMessageContaining("category 7 has no Target Resolution Time");
    assertThatThrownBy(
            () -> build("  - {id: M, calculation: SERVICE_AVAILABILITY, target: 90, minimum: 80}"))
        .hasMessageContaining("measure M needs a service");
    assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add(
                        "d.yaml",
                        "name: d\neffective_from: 2023-01-01\nmeasures:\n  - {id: M, calculation: ALERT_DELIVERY_TIME, target: 90, minimum: 80}\n  - {id: m, calculation: ALERT_DELIVERY_TIME, target: 90, minimum: 80}\n")
                    .build())
        .hasMessage("d.yaml: measure m is defined twice");
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: PM-X, calculation: ALERT_DELIVERY_TIME, target: 90, minimum: 80}\n"
                        + "  - {id: pm-x, calculation: ALERT_DELIVERY_TIME, target: 90, minimum: 80}"))
        .hasMessage("u.yaml: add_measures gives the measure pm-x twice");
    // A provider no device can have would hide the measure's whole population.
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: M, calculation: ON_DEMAND_RESPONSE_TIME, providers: [CSP-N, csp-c], target: 90, minimum: 80}"))
        .hasMessage(
            "u.yaml: measure M: provider csp-c is not in the provider catalogue (built-in"
                + " providers.yaml), so no device has it (providers: CSP-N, CSP-C, CSP-S,"
                + " S1SP-DXC)");
    // YAML reads 7.10 as the number 7.1: another SRV.
    assertThatThrownBy(
            () ->
                build(
                    "  - {id: M, calculation: ON_DEMAND_RESPONSE_TIME, srvs: [7.10], target: 90, minimum: 80}"))
        .hasMessage(
            "u.yaml: measure M: SRV 7.1 is a number in YAML, which can lose digits (7.10 reads as"
                + " 7.1): write it in quotes, e.g. srvs: [\"7.10\"]");
  }

  private static RuleBook build(String measure) {
    return RuleBook.withDefaults()
        .add("u.yaml", "name: u\neffective_from: 2023-01-01\nadd_measures:\n" + measure + "\n")
        .build();
  }
}
