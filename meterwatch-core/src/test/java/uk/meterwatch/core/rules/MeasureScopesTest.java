package uk.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.measure.ScopeTallies;
import uk.meterwatch.core.measure.Tally;
import uk.meterwatch.core.scope.ProviderCatalogue;

/** A measure's {@code scopes:} checked against the provider catalogue and summed per scope. */
class MeasureScopesTest {
  private static final String HEAD = "name: u\neffective_from: 2023-01-01\nadd_measures:\n";

  private static RuleBook build(ProviderCatalogue catalogue, String measure) {
    return RuleBook.withDefaults().catalogue(catalogue).add("u.yaml", HEAD + measure).build();
  }

  private static MeasureDefinition measure(RuleBook book, String id) {
    return book.ruleSets().get(book.ruleSets().size() - 1).measure(id).orElseThrow();
  }

  @Test
  void scopesResolveToTheProvidersTheyGroupAndTalliesSumThem() {
    MeasureDefinition m =
        measure(
            build(
                ProviderCatalogue.standard(),
                "  - {id: A3, calculation: ALERT_DELIVERY_TIME, providers: [CSP-N, CSP-C, CSP-S],"
                    + " scopes: [csp n, CSP C&S, South], target: 99, minimum: 85}"),
            "A3");
    assertThat(m.scopes()).containsExactly("CSP N", "CSP C&S", "South");
    assertThat(m.scopeMembers())
        .isEqualTo(
            Map.of(
                "CSP N",
                Set.of("CSP-N"),
                "CSP C&S",
                Set.of("CSP-C", "CSP-S"),
                "South",
                Set.of("CSP-S")));
    // Hand-computed: N 7 of 8 within, C 3 of 4, S 1 of 2, DXC left out by providers:, and an
    // alert of an unknown device (no provider) counts nowhere.
    ScopeTallies t = new ScopeTallies(m);
    t.add(null, "CSP-N", true, false, 7);
    t.add(null, "CSP-N", false, false, 1);
    t.add(null, "CSP-C", true, false, 3);
    t.add(null, "CSP-C", false, false, 1);
    t.add(null, "CSP-S", true, false, 1);
    t.add(null, "CSP-S", false, false, 1);
    t.add(null, "S1SP-DXC", true, false, 50);
    t.add(null, null, true, false, 9);
    assertThat(t.result())
        .containsExactly(
            Map.entry("ALL", new Tally(11, 14)),
            Map.entry("CSP N", new Tally(7, 8)),
            Map.entry("CSP C&S", new Tally(4, 6)),
            Map.entry("South", new Tally(1, 2)));
    assertThat(t.result().get("CSP C&S").value()).isEqualByComparingTo("66.67");
  }

  @Test
  void aScopeWithNoItemHasItsLineWithNoData() {
    MeasureDefinition m =
        measure(
            build(
                ProviderCatalogue.standard(),
                "  - {id: P, calculation: ON_DEMAND_RESPONSE_TIME, scopes: [North, South],"
                    + " target: 99, minimum: 96}"),
            "P");
    ScopeTallies t = new ScopeTallies(m);
    t.add("4.1.1", "CSP-N", true, false, 2);
    assertThat(t.result())
        .containsExactly(
            Map.entry("ALL", new Tally(2, 2)),
            Map.entry("North", new Tally(2, 2)),
            Map.entry("South", Tally.EMPTY));
  }

  @Test
  void aScopeOrProviderAUserAddsToTheCatalogueIsAcceptedWithNoCodeChanged() {
    ProviderCatalogue mine =
        ProviderCatalogue.builder()
            .add(
                "store/rules/providers.yaml",
                "providers:\n  - {id: CSP-4G, name: CSP 4G, kind: CSP}\n"
                    + "scopes:\n  - {id: 4G, kind: CONTRACT, providers: [CSP-4G]}\n")
            .build();
    MeasureDefinition m =
        measure(
            build(
                mine,
                "  - {id: P4, calculation: ON_DEMAND_RESPONSE_TIME, providers: [CSP-4G],"
                    + " scopes: [4G], target: 99, minimum: 96}"),
            "P4");
    assertThat(m.scopeMembers()).isEqualTo(Map.of("4G", Set.of("CSP-4G")));
    // Without the user's catalogue the same rule is refused: no device could have CSP-4G.
    assertThatThrownBy(
            () ->
                build(
                    ProviderCatalogue.standard(),
                    "  - {id: P4, calculation: ON_DEMAND_RESPONSE_TIME, scopes: [4G],"
                        + " target: 99, minimum: 96}"))
        .hasMessage(
            "u.yaml: measure P4: scope 4G is not in the provider catalogue (built-in"
                + " providers.yaml) (known: CSP-N, CSP-C, CSP-S, S1SP-DXC, North, Central, South,"
                + " CSP N, CSP C&S)");
  }

  @Test
  void scopesAreCheckedLikeEverySetting() {
    assertThatThrownBy(
            () ->
                build(
                    ProviderCatalogue.standard(),
                    "  - {id: P, calculation: ON_DEMAND_RESPONSE_TIME, per_provider: true,"
                        + " scopes: [CSP-N], target: 99, minimum: 96}"))
        .hasMessage(
            "u.yaml: measure P: scope CSP-N is a provider, already a line of per_provider: list"
                + " it in one of them");
    assertThatThrownBy(
            () ->
                build(
                    ProviderCatalogue.standard(),
                    "  - {id: P, calculation: ON_DEMAND_RESPONSE_TIME, scopes: [North, north],"
                        + " target: 99, minimum: 96}"))
        .hasMessage("u.yaml: measure P: scope North is listed twice");
    assertThatThrownBy(
            () ->
                build(
                    ProviderCatalogue.standard(),
                    "  - {id: P, calculation: INCIDENT_RESOLUTION, categories: [1], scopes:"
                        + " [North], target: 99, minimum: 96}"))
        .hasMessage("u.yaml: measure P: scopes apply to device measures only");
    assertThatThrownBy(
            () ->
                build(
                    ProviderCatalogue.standard(),
                    "  - {id: P, calculation: SERVICE_AVAILABILITY, service: SSI, within_seconds:"
                        + " 25, target: 99, minimum: 96}"))
        .hasMessage("u.yaml: measure P: within_seconds applies to device measures only");
    assertThatThrownBy(
            () ->
                build(
                    ProviderCatalogue.standard(),
                    "  - {id: P, calculation: ON_DEMAND_RESPONSE_TIME, within_seconds: 0,"
                        + " target: 99, minimum: 96}"))
        .hasMessage(
            "u.yaml: measure P: within_seconds must be a whole number of seconds above 0, got 0");
  }
}
