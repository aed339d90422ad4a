package uk.meterwatch.core.scope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;

class ProviderCatalogueTest {
  @Test
  void theShippedCatalogueHoldsTodaysProvidersRegionsAndContracts() {
    ProviderCatalogue c = ProviderCatalogue.standard();
    assertThat(c.providerIds()).containsExactly("CSP-N", "CSP-C", "CSP-S", "S1SP-DXC");
    assertThat(c.provider("S1SP-DXC").orElseThrow().name()).isEqualTo("S1SP DXC");
    assertThat(c.provider("CSP-N").orElseThrow().kind()).isEqualTo("CSP");
    assertThat(c.scopes())
        .extracting(ProviderCatalogue.Scope::id)
        .containsExactly("North", "Central", "South", "CSP N", "CSP C&S");
    assertThat(c.scope("North").orElseThrow().members()).isEqualTo(Set.of("CSP-N"));
    // One provider serves Central and South: the contract groups the two regions.
    ProviderCatalogue.Scope cs = c.scope("csp c&s").orElseThrow();
    assertThat(cs.id()).isEqualTo("CSP C&S");
    assertThat(cs.kind()).isEqualTo("CONTRACT");
    assertThat(cs.regions()).containsExactly("Central", "South");
    assertThat(cs.members()).isEqualTo(Set.of("CSP-C", "CSP-S"));
    // A provider is a scope of itself.
    assertThat(c.scope("S1SP-DXC").orElseThrow().members()).isEqualTo(Set.of("S1SP-DXC"));
    assertThat(c.scope("CSP-X")).isEmpty();
    assertThat(c.provider("csp-n")).as("a device's provider is matched exactly").isEmpty();
  }

  @Test
  void aUsersCatalogueAddsProvidersAndScopesAndReplacesByIdWithoutCode() {
    ProviderCatalogue c =
        ProviderCatalogue.builder()
            .add(
                "mine/providers.yaml",
                """
                providers:
                  - {id: CSP-4G, name: 4G communications provider, kind: CSP}
                  - {id: S1SP-DXC, name: DXC Technology, kind: S1SP}
                scopes:
                  - {id: North, name: North region, kind: REGION, providers: [CSP-N, CSP-4G]}
                  - {id: All CSPs, kind: CONTRACT, regions: [North, Central, South]}
                """)
            .build();
    assertThat(c.providerIds()).containsExactly("CSP-N", "CSP-C", "CSP-S", "S1SP-DXC", "CSP-4G");
    assertThat(c.provider("S1SP-DXC").orElseThrow().name()).isEqualTo("DXC Technology");
    assertThat(c.scope("North").orElseThrow().members()).isEqualTo(Set.of("CSP-N", "CSP-4G"));
    // The contract built on North sees the replaced region.
    assertThat(c.scope("CSP N").orElseThrow().members()).isEqualTo(Set.of("CSP-N", "CSP-4G"));
    assertThat(c.scope("All CSPs").orElseThrow().members())
        .isEqualTo(Set.of("CSP-N", "CSP-4G", "CSP-C", "CSP-S"));
    assertThat(c.scope("All CSPs").orElseThrow().name()).isEqualTo("All CSPs");
    assertThat(c.describe())
        .isEqualTo("the provider catalogue (built-in providers.yaml + mine/providers.yaml)");
  }

  @Test
  void aMalformedCatalogueNamesItsFileAndWhatIsWrong() {
    assertThatThrownBy(() -> catalogue("scopes:\n  - {id: West, kind: REGION, providers: [CSP-W]}"))
        .isInstanceOf(MeterwatchException.class)
        .hasMessage(
            "p.yaml: scope West: provider CSP-W is not in the catalogue (providers: CSP-N, CSP-C,"
                + " CSP-S, S1SP-DXC)");
    assertThatThrownBy(() -> catalogue("scopes:\n  - {id: X, kind: CONTRACT, regions: [CSP N]}"))
        .hasMessage("p.yaml: scope X: region CSP N is not a scope of kind REGION in the catalogue");
    assertThatThrownBy(() -> catalogue("scopes:\n  - {id: X, kind: CONTRACT}"))
        .hasMessage("p.yaml: scope X groups nothing: give its providers or regions");
    assertThatThrownBy(() -> catalogue("providers:\n  - {id: CSP-W, name: West}"))
        .hasMessage("p.yaml: provider CSP-W needs 'kind'");
    assertThatThrownBy(() -> catalogue("providers:\n  - {id: CSP-W, kind: CSP, area: W}"))
        .hasMessage("p.yaml: provider CSP-W: unknown field 'area' (known: id, kind, name)");
    assertThatThrownBy(() -> catalogue("regions: []"))
        .hasMessage("p.yaml: unknown section 'regions' (a catalogue has providers, scopes)");
    assertThatThrownBy(() -> catalogue("providers: [\n"))
        .hasMessageStartingWith("p.yaml: not valid YAML");
  }

  private static ProviderCatalogue catalogue(String text) {
    return ProviderCatalogue.builder().add("p.yaml", text).build();
  }
}
