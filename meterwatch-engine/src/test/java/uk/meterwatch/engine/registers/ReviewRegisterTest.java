package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.architecture.CauseClass;

class ReviewRegisterTest {
  private final RegistersFixture f = new RegistersFixture();
  private static final String INC = "INC000001076111";

  @BeforeEach
  void incident() {
    f.incidents.add(RegistersFixture.inc1076111(), "alice");
    f.actions.add(
        new Action(
            "105/05",
            "explain the root cause",
            "DCC",
            LocalDate.of(2023, 10, 23),
            null,
            null,
            null,
            null),
        "alice");
  }

  @AfterEach
  void close() {
    f.close();
  }

  /** The DCC's first draft as presented at OPSG 105. */
  private static ReviewEdit firstDraft() {
    return new ReviewEdit(
        Map.of(
            ReviewArea.IDENTIFICATION, Rag.RED,
            ReviewArea.CLASSIFICATION, Rag.GREEN,
            ReviewArea.INVESTIGATION, Rag.GREEN,
            ReviewArea.RESOLUTION, Rag.GREEN,
            ReviewArea.COMMUNICATIONS, Rag.GREEN),
        Map.of(ReviewArea.IDENTIFICATION, "router unresponsive state not alarmed"),
        "memory leak in the primary router",
        "no DUIS traffic; SSI, SSMI, SMKI Repo and Remedy unavailable",
        Instant.parse("2023-08-20T05:10:00Z"),
        Instant.parse("2023-08-20T05:55:00Z"),
        Instant.parse("2023-08-20T11:40:00Z"),
        List.of("105/05"),
        null);
  }

  @Test
  void everyVersionIsKeptAndPublishStampsTheLatest() {
    Review v1 = f.reviews.edit(INC, firstDraft(), "dcc-author");
    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.status()).isEqualTo(Review.DRAFT);
    // OPSG challenged Green for Customer Communications: Amber; and a memory leak is a symptom.
    Review v2 =
        f.reviews.edit(
            INC,
            new ReviewEdit(
                Map.of(ReviewArea.COMMUNICATIONS, Rag.AMBER),
                Map.of(ReviewArea.COMMUNICATIONS, "Users told late"),
                "under investigation (action 105/05)",
                "memory leak in the primary router; router crashed",
                null,
                null,
                null,
                null,
                null),
            "secas");
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.rag(ReviewArea.IDENTIFICATION)).isEqualTo(Rag.RED);
    assertThat(v2.rag(ReviewArea.COMMUNICATIONS)).isEqualTo(Rag.AMBER);
    assertThat(v2.actionRefs()).containsExactly("105/05");
    assertThat(f.reviews.get(INC, 1).rag(ReviewArea.COMMUNICATIONS)).isEqualTo(Rag.GREEN);
    assertThat(f.reviews.get(INC, null).version()).isEqualTo(2);

    Review pub = f.reviews.publish(INC, "chair");
    assertThat(pub.version()).isEqualTo(2);
    assertThat(f.reviews.get(INC, 2).published()).isTrue();
    assertThat(f.reviews.get(INC, 2).publishedBy()).isEqualTo("chair");
    assertThat(f.reviews.get(INC, 1).published()).isFalse();
    assertThatThrownBy(() -> f.reviews.publish(INC, "chair"))
        .hasMessageContaining("already published");

    List<AuditEntry> trail = f.audit.list("reviews", null);
    assertThat(trail)
        .extracting(AuditEntry::key, AuditEntry::operation)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(INC + "#1", "EDIT"),
            org.assertj.core.groups.Tuple.tuple(INC + "#2", "EDIT"),
            org.assertj.core.groups.Tuple.tuple(INC + "#2", "PUBLISH"));
    assertThat(trail.get(1).beforeJson()).contains("\"communications_rag\":\"GREEN\"");
    assertThat(trail.get(1).afterJson()).contains("\"communications_rag\":\"AMBER\"");
    assertThat(trail.get(2).afterJson()).contains("\"status\":\"PUBLISHED\"");
  }

  @Test
  void publishNeedsAllFiveStatusesAndARootCause() {
    f.reviews.edit(
        INC,
        new ReviewEdit(
            Map.of(ReviewArea.IDENTIFICATION, Rag.RED),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null),
        "a");
    String before = f.dump();
    assertThatThrownBy(() -> f.reviews.publish(INC, "chair"))
        .hasMessageContaining("Classification/Prioritisation")
        .hasMessageContaining("Customer Communications")
        .hasMessageContaining("the root cause");
    assertThat(f.dump()).isEqualTo(before);
  }

  @Test
  void reviewsNeedAKnownMajorIncidentKnownActionsAndASaneTimeline() {
    String before = f.dump();
    assertThatThrownBy(() -> f.reviews.edit("INC404", firstDraft(), "a"))
        .hasMessage("no incident INC404 in the register");
    f.incidents.add(
        new Incident(
            "INC2",
            3,
            "minor",
            Instant.parse("2023-08-01T00:00:00Z"),
            null,
            List.of(),
            List.of(),
            CauseClass.UNKNOWN,
            null,
            false,
            true),
        "a");
    String withMinor = f.dump();
    assertThat(withMinor).isNotEqualTo(before);
    assertThatThrownBy(() -> f.reviews.edit("INC2", firstDraft(), "a"))
        .hasMessageContaining("not a major incident");
    ReviewEdit badAction =
        new ReviewEdit(null, null, null, null, null, null, null, List.of("105/99"), null);
    assertThatThrownBy(() -> f.reviews.edit(INC, badAction, "a"))
        .hasMessageContaining("105/99 is not in the action log");
    ReviewEdit badTimeline =
        new ReviewEdit(
            null,
            null,
            null,
            null,
            Instant.parse("2023-08-20T06:00:00Z"),
            Instant.parse("2023-08-20T05:55:00Z"),
            null,
            null,
            null);
    assertThatThrownBy(() -> f.reviews.edit(INC, badTimeline, "a"))
        .hasMessageContaining("Users were told at 2023-08-20T05:55:00Z, before");
    assertThat(f.dump()).isEqualTo(withMinor);
  }

  @Test
  void unknownVersionIsNotFound() {
    f.reviews.edit(INC, firstDraft(), "a");
    assertThatThrownBy(() -> f.reviews.get(INC, 3)).hasMessageContaining("has no version 3");
  }
}
