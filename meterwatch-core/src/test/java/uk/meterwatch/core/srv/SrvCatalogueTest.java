package uk.meterwatch.core.srv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SrvCatalogueTest {

  /** The shared reference folder: ../shared beside the checkout (CI lays it there too). */
  static Path sharedMatrix() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared/reference/duis-request-matrix.json");
      if (Files.exists(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    throw new AssertionError(
        "shared/reference/duis-request-matrix.json not found above "
            + Path.of("").toAbsolutePath());
  }

  @Test
  void theCatalogueHoldsExactlyTheFactsOfTheDccMatrix() throws Exception {
    JsonNode matrix = new ObjectMapper().readTree(sharedMatrix().toFile());
    SrvCatalogue catalogue = SrvCatalogue.standard();
    assertThat(catalogue.size()).isEqualTo(matrix.size()).isEqualTo(129);
    for (JsonNode row : matrix) {
      Srv srv = catalogue.find(row.get("Service Reference Variant").asText()).orElseThrow();
      assertThat(srv.name()).isEqualTo(row.get("Service Request Name").asText());
      assertThat(srv.reference()).isEqualTo(row.get("Service Reference").asText());
      assertThat(srv.critical()).isEqualTo(row.get("Critical").asText().equals("Yes"));
      assertThat(srv.onDemand()).isEqualTo(row.get("On Demand").asText().equals("Yes"));
      assertThat(srv.dccScheduled()).isEqualTo(row.get("DCC Scheduled").asText().equals("Yes"));
      assertThat(srv.nonDevice()).isEqualTo(row.get("Non-Device Request").asText().equals("Yes"));
      Set<String> roles = new HashSet<>();
      row.get("Eligible User Roles").forEach(r -> roles.add(r.asText()));
      assertThat(srv.eligibleRoles()).isEqualTo(roles);
    }
  }

  @Test
  void knowsTheSrvsTheMeasuresDependOn() {
    SrvCatalogue c = SrvCatalogue.standard();
    assertThat(c.find("2.2")).hasValueSatisfying(s -> assertThat(s.deviceBound()).isTrue());
    assertThat(c.find("8.14.1")).hasValueSatisfying(s -> assertThat(s.nonDevice()).isTrue());
    assertThat(c.find("1.1.1"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.critical()).isTrue();
              assertThat(s.futureDated()).isEqualTo(FutureDatedPattern.DEVICE);
            });
    assertThat(c.contains("99.9")).isFalse();
    assertThat(SrvCatalogue.sortKey("1.2")).isLessThan(SrvCatalogue.sortKey("10.1"));
  }
}
