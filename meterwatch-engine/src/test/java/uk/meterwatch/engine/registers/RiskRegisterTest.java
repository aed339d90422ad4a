package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.rules.RuleBook;

class RiskRegisterTest {
  private final RegistersFixture f = new RegistersFixture();
  private static final LocalDate OPSG105 = LocalDate.of(2023, 10, 23);

  @AfterEach
  void close() {
    f.close();
  }

  private Risk risk(String id, int l, int i) {
    return new Risk(id, "risk " + id, l, i, "DCC", null);
  }

  @Test
  void severityIsLikelihoodTimesImpactBandedByTheRules() {
    // Band edges of the default rule set: 20 Critical, 15 High, 8 Medium, 1 Low.
    assertThat(f.risks.assess(risk("A", 4, 5)))
        .extracting("severity", "band", "escalated")
        .containsExactly(20, "Critical", true);
    assertThat(f.risks.assess(risk("B", 5, 5)).band()).isEqualTo("Critical");
    assertThat(f.risks.assess(risk("C", 4, 4)))
        .extracting("severity", "band", "escalated")
        .containsExactly(16, "High", true);
    assertThat(f.risks.assess(risk("D", 3, 5)))
        .extracting("severity", "band", "escalated")
        .containsExactly(15, "High", true);
    assertThat(f.risks.assess(risk("E", 3, 4)))
        .extracting("severity", "band", "escalated")
        .containsExactly(12, "Medium", false);
    assertThat(f.risks.assess(risk("F", 2, 4)))
        .extracting("severity", "band", "escalated")
        .containsExactly(8, "Medium", false);
    assertThat(f.risks.assess(risk("G", 2, 3)))
        .extracting("severity", "band", "escalated")
        .containsExactly(6, "Low", false);
    assertThat(f.risks.assess(risk("H", 1, 1)).band()).isEqualTo("Low");
  }

  @Test
  void bandsAndThresholdComeFromTheRuleSetInForce() {
    RuleBook later =
        RuleBook.withDefaults()
            .add(
                "stricter.yaml",
                "name: stricter\neffective_from: 2023-10-01\nrisks:\n  escalation_threshold: 12\n"
                    + "  bands:\n    - {name: Severe, min: 12}\n    - {name: Mild, min: 1}\n")
            .build();
    RiskRegister r = new RiskRegister(f.store, later, f.clock);
    assertThat(r.assess(risk("A", 3, 4)))
        .extracting("severity", "band", "escalated")
        .containsExactly(12, "Severe", true);
  }

  @Test
  void everyRatingIsKeptWithDateWhoAndWhy() {
    f.risks.add(risk("OPSG-006", 4, 4), LocalDate.of(2023, 1, 10), "raised at OPSG 96", "alice");
    f.risks.rate("OPSG-006", 4, 5, OPSG105, "scale programme findings", "bob");
    assertThat(f.risks.get("OPSG-006").severity()).isEqualTo(20);
    List<RiskRating> h = f.risks.history("OPSG-006");
    assertThat(h)
        .extracting(
            RiskRating::seq,
            RiskRating::ratedOn,
            RiskRating::ratedBy,
            RiskRating::reason,
            RiskRating::likelihood,
            RiskRating::impact)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                1, LocalDate.of(2023, 1, 10), "alice", "raised at OPSG 96", 4, 4),
            org.assertj.core.groups.Tuple.tuple(
                2, OPSG105, "bob", "scale programme findings", 4, 5));
    List<AuditEntry> trail = f.audit.list("risks", "OPSG-006");
    assertThat(trail).extracting(AuditEntry::operation).containsExactly("ADD", "RATE");
    assertThat(trail.get(1).beforeJson()).contains("\"impact\":4");
    assertThat(trail.get(1).afterJson()).contains("\"impact\":5");
  }

  @Test
  void likelihoodZeroAndImpactSixAreRefusedAndChangeNothing() {
    f.risks.add(risk("R1", 3, 3), null, null, "alice");
    String before = f.dump();
    assertThatThrownBy(() -> f.risks.add(risk("R2", 0, 3), null, null, "alice"))
        .hasMessage("risk R2: likelihood 0 is outside 1 to 5");
    assertThatThrownBy(() -> f.risks.rate("R1", 3, 6, OPSG105, "why", "alice"))
        .hasMessage("risk R1: impact 6 is outside 1 to 5");
    assertThatThrownBy(() -> f.risks.rate("R1", 3, 4, OPSG105, " ", "alice"))
        .hasMessageContaining("needs a reason");
    assertThatThrownBy(() -> f.risks.rate("R9", 3, 4, OPSG105, "why", "alice"))
        .hasMessage("no risk R9 in the register");
    assertThat(f.dump()).isEqualTo(before);
  }

  @Test
  void updateKeepsTheRatingAndEscalationsOnlyListOpenRisks() {
    f.risks.add(risk("R1", 4, 4), null, null, "alice");
    f.risks.add(risk("R2", 3, 5), null, null, "alice");
    f.risks.add(risk("R3", 2, 4), null, null, "alice");
    assertThat(f.risks.escalations()).extracting(a -> a.risk().id()).containsExactly("R1", "R2");
    f.risks.update(new Risk("R2", "risk R2", 3, 5, "DCC", "CLOSED"), "bob");
    assertThat(f.risks.escalations()).extracting(a -> a.risk().id()).containsExactly("R1");
    assertThatThrownBy(() -> f.risks.update(new Risk("R1", "x", 1, 1, null, null), "bob"))
        .hasMessageContaining("with rate");
    assertThat(f.risks.history("R2")).hasSize(1);
  }

  /** Ratings are kept in date order, none after today: the current rating is the latest dated. */
  @Test
  void aRatingIsNotDatedAfterTodayNorBeforeTheCurrentOne() {
    java.time.LocalDate today = java.time.LocalDate.now(f.clock.withZone(java.time.ZoneOffset.UTC));
    assertThatThrownBy(() -> f.risks.add(risk("R1", 2, 3), today.plusDays(1), null, "alice"))
        .hasMessageContaining("a rating cannot be dated after today");
    f.risks.add(risk("R1", 2, 3), today.minusDays(10), null, "alice");
    assertThatThrownBy(() -> f.risks.rate("R1", 5, 5, today.minusDays(20), "worse", "bob"))
        .hasMessageContaining(
            "a rating dated "
                + today.minusDays(20)
                + " would come before the current one, dated "
                + today.minusDays(10));
    f.risks.rate("R1", 5, 5, today.minusDays(5), "worse", "bob");
    assertThat(f.risks.get("R1").severity()).isEqualTo(25);
  }

  @Test
  void aBlankOwnerIsNoOwner() {
    f.risks.add(new Risk("R2", "t", 1, 1, "  ", null), null, null, "alice");
    assertThat(f.risks.get("R2").owner()).isNull();
  }
}
