package uk.meterwatch.core.srv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SrvCatalogueTest {

  /**
   * The DCC's DUIS request matrix as the project ships it (the catalogue's only source). Its
   * SHA-256 is pinned: a changed matrix is a change to review, not a silent new catalogue.
   */
  static byte[] shippedMatrix() throws Exception {
    try (InputStream in = SrvCatalogue.class.getResourceAsStream("duis-request-matrix.json")) {
      assertThat(in).as("the shipped matrix resource").isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void theShippedMatrixIsTheDccsAsPublished() throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(shippedMatrix());
    assertThat(HexFormat.of().formatHex(digest))
        .isEqualTo("a68d999cded9b85b84cb1d8d39e6a143d1cd63b090ea0da0069e3a6c56f43956");
  }

  @Test
  void theCatalogueHoldsExactlyTheFactsOfTheDccMatrix() throws Exception {
    JsonNode matrix = new ObjectMapper().readTree(shippedMatrix());
    SrvCatalogue catalogue = SrvCatalogue.standard();
    assertThat(catalogue.size()).isEqualTo(matrix.size()).isEqualTo(129);
    for (JsonNode row : matrix) {
      Srv srv = catalogue.find(row.get("Service Reference Variant").asText()).orElseThrow();
      // The name as published, on one line (the matrix breaks one over lines: 8.2).
      assertThat(srv.name())
          .isEqualTo(row.get("Service Request Name").asText().strip().replaceAll("\\s+", " "));
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
    assertThat(c.find("2.2"))
        .hasValueSatisfying(s -> assertThat(s.name()).isEqualTo("Top Up Device"));
    assertThat(c.find("11.3"))
        .hasValueSatisfying(
            s -> {
              assertThat(s.name()).isEqualTo("Activate Firmware");
              assertThat(s.critical()).isTrue();
              assertThat(s.eligibleRoles()).containsExactlyInAnyOrder("IS", "GS");
            });
    assertThat(c.find("8.2"))
        .hasValueSatisfying(
            s ->
                assertThat(s.name())
                    .isEqualTo(
                        "Read Inventory (Current and Future Suppliers may use this Service"
                            + " Request)"));
    assertThat(c.contains("99.9")).isFalse();
    assertThat(SrvCatalogue.sortKey("1.2")).isLessThan(SrvCatalogue.sortKey("10.1"));
  }
}
