package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

class ActionLogTest {
  private final RegistersFixture f = new RegistersFixture();
  private static final LocalDate RAISED = LocalDate.of(2023, 10, 23);

  @AfterEach
  void close() {
    f.close();
  }

  private static Action action(String ref, LocalDate target, LocalDate revised) {
    return new Action(ref, "do " + ref, "DCC", RAISED, target, revised, null, null);
  }

  @Test
  void overdueWhenOpenPastTheRevisedTargetElseTheTarget() {
    LocalDate nov27 = LocalDate.of(2023, 11, 27);
    Action a = action("105/03", nov27, null);
    assertThat(a.overdue(nov27)).as("due today is not yet overdue").isFalse();
    assertThat(a.overdue(nov27.plusDays(1))).isTrue();
    Action revised = action("105/03", nov27, LocalDate.of(2024, 1, 31));
    assertThat(revised.overdue(nov27.plusDays(1))).as("revised target moves it").isFalse();
    assertThat(revised.overdue(LocalDate.of(2024, 2, 1))).isTrue();
    assertThat(action("105/01", null, null).overdue(LocalDate.of(2030, 1, 1)))
        .as("no target, never overdue")
        .isFalse();
    Action closed =
        new Action("102/01", "x", "DCC", RAISED, nov27, null, "CLOSED", LocalDate.of(2023, 12, 1));
    assertThat(closed.overdue(LocalDate.of(2024, 1, 1))).isFalse();
  }

  @Test
  void overdueListUsesTheLog() {
    f.actions.add(action("105/03", LocalDate.of(2023, 11, 27), null), "alice");
    f.actions.add(action("105/02", LocalDate.of(2023, 12, 31), null), "alice");
    assertThat(f.actions.overdue(LocalDate.of(2023, 11, 28)))
        .extracting(Action::ref)
        .containsExactly("105/03");
    f.actions.close("105/03", LocalDate.of(2023, 11, 28), "bob");
    assertThat(f.actions.overdue(LocalDate.of(2023, 11, 28))).isEmpty();
    assertThat(f.actions.get("105/03").closedOn()).isEqualTo(LocalDate.of(2023, 11, 28));
    assertThat(f.audit.list("actions", "105/03"))
        .extracting(AuditEntry::operation)
        .containsExactly("ADD", "CLOSE");
  }

  @Test
  void targetBeforeRaisedIsRefusedAndChangesNothing() {
    String before = f.dump();
    assertThatThrownBy(() -> f.actions.add(action("105/01", LocalDate.of(2023, 10, 22), null), "a"))
        .hasMessage(
            "action 105/01: target date 2023-10-22 is before the date it was raised 2023-10-23");
    assertThatThrownBy(() -> f.actions.add(action("105/01", null, LocalDate.of(2023, 1, 1)), "a"))
        .hasMessageContaining("revised target date 2023-01-01 is before");
    assertThat(f.dump()).isEqualTo(before);
  }

  @Test
  void referenceMustBeMeetingSlashNumber() {
    assertThat(ActionLog.REF.matcher("105/01").matches()).isTrue();
    assertThat(ActionLog.REF.matcher("OPSG 102/05").matches()).isTrue();
    assertThatThrownBy(() -> f.actions.add(action("10501", null, null), "a"))
        .hasMessageContaining("is not meeting/number");
    assertThatThrownBy(() -> f.actions.add(action("105/", null, null), "a"))
        .hasMessageContaining("is not meeting/number");
  }

  @Test
  void openWithClosingDateAndUnknownStatusAreRefused() {
    assertThatThrownBy(
            () ->
                f.actions.add(new Action("1/1", "x", "o", RAISED, null, null, "OPEN", RAISED), "a"))
        .hasMessageContaining("OPEN but has a closing date");
    assertThatThrownBy(
            () -> f.actions.add(new Action("1/1", "x", "o", RAISED, null, null, "DONE", null), "a"))
        .hasMessageContaining("is not OPEN or CLOSED");
    assertThatThrownBy(() -> f.actions.close("9/9", RAISED, "a"))
        .extracting(e -> ((MeterwatchException) e).code())
        .isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void updateRevisesTheTargetWithBeforeAndAfter() {
    f.actions.add(action("105/03", LocalDate.of(2023, 11, 27), null), "alice");
    Action a = f.actions.get("105/03");
    f.actions.update(
        new Action(
            a.ref(),
            a.text(),
            a.owner(),
            a.raisedOn(),
            a.targetOn(),
            LocalDate.of(2024, 1, 31),
            a.status(),
            null),
        "bob");
    AuditEntry e = f.audit.list("actions", "105/03").get(1);
    assertThat(e.operation()).isEqualTo("UPDATE");
    assertThat(e.beforeJson()).contains("\"revised_target_on\":null");
    assertThat(e.afterJson()).contains("\"revised_target_on\":\"2024-01-31\"");
  }
}
