package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.testing.Drops;

/**
 * Issue 26, point 4: risks loaded from a drop had no rating history. A risk a drop adds gets its
 * first rating, and a drop that changes its likelihood or impact a new one, as an import does; the
 * audit trail shows both.
 */
class RisksFromADropTest {
  @TempDir Path dir;
  private final RegistersFixture f = new RegistersFixture();

  @AfterEach
  void close() {
    f.close();
  }

  private void load(String folder, String file, String... lines) {
    Path drop = dir.resolve(folder);
    Drops.write(drop, file, lines);
    new DropLoader(f.store).load(drop);
  }

  @Test
  void aRiskFromADropHasItsFirstRatingAndOneForEachChangeOfRating() {
    LocalDate today = LocalDate.now(ReportingMonth.UK);
    load(
        "d1",
        "risks.csv",
        "risk_id,title,likelihood,impact,owner",
        "OPSG-006,Comms hub firmware,3,4,DCC",
        "OPSG-007,SSI availability,2,2,DCC");
    assertThat(f.risks.history("OPSG-006"))
        .extracting(RiskRating::seq, RiskRating::ratedBy, RiskRating::reason, RiskRating::severity)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "loader", "loaded from risks.csv", 12));
    assertThat(f.risks.history("OPSG-006").get(0).ratedOn()).isIn(today, today.plusDays(1));

    // A later drop: OPSG-006 re-rated (and retitled), OPSG-007 retitled only.
    load(
        "d2",
        "risks-2023-11.csv",
        "risk_id,title,likelihood,impact,owner",
        "OPSG-006,Comms hub firmware (SMETS2),4,4,DCC",
        "OPSG-007,SSI availability in peaks,2,2,DCC");
    assertThat(f.risks.history("OPSG-006"))
        .extracting(RiskRating::seq, RiskRating::reason, RiskRating::likelihood, RiskRating::impact)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "loaded from risks.csv", 3, 4),
            org.assertj.core.groups.Tuple.tuple(2, "loaded from risks-2023-11.csv", 4, 4));
    assertThat(f.risks.history("OPSG-007")).hasSize(1);

    // The same file again changes nothing.
    new DropLoader(f.store).load(dir.resolve("d2"));
    assertThat(f.risks.history("OPSG-006")).hasSize(2);

    List<AuditEntry> trail = f.audit.list("risks", "OPSG-006");
    assertThat(trail)
        .extracting(AuditEntry::operation, AuditEntry::who, AuditEntry::source)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("ADD", "loader", "load:risks.csv"),
            org.assertj.core.groups.Tuple.tuple("UPDATE", "loader", "load:risks-2023-11.csv"));
    assertThat(trail.get(1).beforeJson()).contains("\"likelihood\":3");
    assertThat(trail.get(1).afterJson()).contains("\"likelihood\":4");
  }
}
