package uk.meterwatch.engine.registers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * The registers as they stood on a date: the records' own dates say what had happened, the audit
 * trail what the register held (hand-made histories, the clock moved by hand).
 */
class RegistersAsOfTest {
  static final LocalDate AS_OF = LocalDate.of(2023, 10, 20);

  /** The end of 20 October 2023 in UK time (BST): 23:00Z. */
  static final Instant END = Instant.parse("2023-10-20T23:00:00Z");

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now;

    MovingClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final Store store = Store.inMemory();
  private final MovingClock clock = new MovingClock(Instant.parse("2023-09-01T09:00:00Z"));
  private final Registers registers = new Registers(store, RuleBook.standard(), clock);

  @TempDir Path dir;

  @AfterEach
  void close() {
    store.close();
  }

  private RegistersAsOf asOf() {
    return RegistersAsOf.of(registers, AS_OF);
  }

  private static Action action(String ref, LocalDate raised, LocalDate target) {
    return new Action(ref, "do " + ref, "DCC", raised, target, null, null, null);
  }

  @Test
  void theEndOfTheDayIsMidnightUkTime() {
    assertThat(asOf().end()).isEqualTo(END);
  }

  @Test
  void actionsRaisedLaterAreNotThereAndThoseClosedLaterWereOpen() {
    registers.actions().add(action("102/01", LocalDate.of(2023, 9, 12), null), "secas");
    registers.actions().add(action("102/05", LocalDate.of(2023, 9, 12), null), "secas");
    registers.actions().add(action("104/02", LocalDate.of(2023, 10, 1), null), "secas");
    clock.now = Instant.parse("2023-10-23T15:00:00Z");
    registers.actions().add(action("105/03", LocalDate.of(2023, 10, 23), null), "secas");
    registers.actions().close("102/01", LocalDate.of(2023, 10, 23), "secas");
    // closed on the as-of day itself: closed then
    registers.actions().close("104/02", AS_OF, "secas");
    List<Action> then = asOf().actions();
    assertThat(then)
        .extracting(Action::ref, Action::status, Action::closedOn)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("102/01", "OPEN", null),
            org.assertj.core.groups.Tuple.tuple("102/05", "OPEN", null),
            org.assertj.core.groups.Tuple.tuple("104/02", "CLOSED", AS_OF));
  }

  @Test
  void overdueIsJudgedOnTheDateAndATargetRevisedLaterIsUndone() {
    registers
        .actions()
        .add(action("104/01", LocalDate.of(2023, 9, 1), LocalDate.of(2023, 10, 1)), "s");
    registers
        .actions()
        .add(action("104/02", LocalDate.of(2023, 9, 1), LocalDate.of(2023, 10, 20)), "s");
    clock.now = Instant.parse("2023-11-14T10:00:00Z");
    Action revised =
        new Action(
            "104/01",
            "do 104/01",
            "DCC",
            LocalDate.of(2023, 9, 1),
            LocalDate.of(2023, 10, 1),
            LocalDate.of(2023, 12, 31),
            "OPEN",
            null);
    registers.actions().update(revised, "s");
    List<Action> then = asOf().actions();
    assertThat(then.get(0).revisedTargetOn()).as("revised after the date").isNull();
    assertThat(then.get(0).overdue(AS_OF)).isTrue();
    assertThat(then.get(1).overdue(AS_OF)).as("due that day: not yet overdue").isFalse();
    // today's register has the revision: not overdue
    assertThat(registers.actions().get("104/01").overdue(AS_OF)).isFalse();
  }

  @Test
  void historyEnteredLaterIsTakenAsFirstEntered() {
    clock.now = Instant.parse("2026-12-01T10:00:00Z");
    registers
        .actions()
        .add(action("102/05", LocalDate.of(2023, 9, 12), LocalDate.of(2023, 12, 31)), "s");
    clock.now = Instant.parse("2026-12-02T10:00:00Z");
    registers
        .actions()
        .update(
            new Action(
                "102/05",
                "do 102/05, reworded",
                "DCC",
                LocalDate.of(2023, 9, 12),
                LocalDate.of(2023, 12, 31),
                null,
                "OPEN",
                null),
            "s");
    assertThat(asOf().actions()).extracting(Action::text).containsExactly("do 102/05");
  }

  @Test
  void incidentsOpenedLaterAreNotThereResolvedLaterWereOpenAndLaterChangesAreUndone() {
    Incident aug = RegistersFixture.inc1076111();
    Incident open =
        new Incident(
            "INC2",
            3,
            "slow SSI",
            Instant.parse("2023-10-18T09:00:00Z"),
            null,
            List.of("SSI"),
            List.of(),
            CauseClass.UNKNOWN,
            null,
            false,
            true);
    registers.incidents().add(aug, "dcc");
    clock.now = Instant.parse("2023-10-18T10:00:00Z");
    registers.incidents().add(open, "dcc");
    clock.now = Instant.parse("2023-10-21T10:00:00Z");
    registers.incidents().close("INC2", Instant.parse("2023-10-21T09:00:00Z"), "config", "dcc");
    registers
        .incidents()
        .update(
            new Incident(
                aug.id(),
                aug.category(),
                aug.title(),
                aug.openedAt(),
                aug.resolvedAt(),
                aug.components(),
                aug.services(),
                CauseClass.OPERATIONAL,
                aug.rootCause(),
                aug.major(),
                aug.dccResponsible()),
            "dcc");
    registers
        .incidents()
        .add(
            new Incident(
                "INC3",
                2,
                "later",
                Instant.parse("2023-10-21T08:00:00Z"),
                null,
                List.of(),
                List.of(),
                null,
                null,
                false,
                true),
            "dcc");
    List<Incident> then = asOf().incidents();
    assertThat(then).extracting(Incident::id).containsExactly("INC000001076111", "INC2");
    assertThat(then.get(0).causeClass()).isEqualTo(CauseClass.ARCHITECTURE);
    assertThat(then.get(1).resolvedAt()).isNull();
    assertThat(then.get(1).rootCause()).isNull();
  }

  @Test
  void risksAreRatedAsTheirLatestRatingOnOrBeforeTheDate() {
    registers.risks().add(new Risk("OPSG-006", "CSP N", 4, 4, "DCC", null), null, null, "s");
    clock.now = Instant.parse("2023-10-25T10:00:00Z");
    registers.risks().rate("OPSG-006", 4, 5, LocalDate.of(2023, 10, 23), "OPSG 105", "s");
    registers.risks().add(new Risk("OPSG-030", "new", 2, 2, "DCC", null), null, null, "s");
    List<Risk> then = asOf().risks();
    assertThat(then).extracting(Risk::id).containsExactly("OPSG-006");
    assertThat(then.get(0).severity()).isEqualTo(16);
  }

  @Test
  void reviewVersionsWrittenLaterAreNotThereAndOnePublishedLaterWasADraft() {
    registers.incidents().add(RegistersFixture.inc1076111(), "dcc");
    registers.actions().add(action("102/01", LocalDate.of(2023, 9, 12), null), "s");
    ReviewEdit draft =
        new ReviewEdit(
            Map.of(
                ReviewArea.IDENTIFICATION, Rag.RED,
                ReviewArea.CLASSIFICATION, Rag.GREEN,
                ReviewArea.INVESTIGATION, Rag.GREEN,
                ReviewArea.RESOLUTION, Rag.GREEN,
                ReviewArea.COMMUNICATIONS, Rag.GREEN),
            Map.of(),
            "memory leak",
            null,
            null,
            null,
            null,
            List.of("102/01"),
            null);
    clock.now = Instant.parse("2023-10-02T10:00:00Z");
    registers.reviews().edit("INC000001076111", draft, "dcc");
    clock.now = Instant.parse("2023-10-30T10:00:00Z");
    registers.reviews().publish("INC000001076111", "secas");
    registers
        .reviews()
        .edit(
            "INC000001076111",
            new ReviewEdit(null, null, "under investigation", null, null, null, null, null, null),
            "dcc");
    List<Review> then = asOf().reviews("INC000001076111");
    assertThat(then).hasSize(1);
    assertThat(then.get(0).published()).isFalse();
    assertThat(then.get(0).publishedAt()).isNull();
    assertThat(asOf().publishedReview("INC000001076111")).isEmpty();
    assertThat(
            RegistersAsOf.of(registers, LocalDate.of(2023, 10, 30))
                .publishedReview("INC000001076111"))
        .get()
        .extracting(Review::version)
        .isEqualTo(1);
  }

  @Test
  void recordsLoadedFromADropAreReadBackFromTheLoadersTrail() {
    Path first = dir.resolve("first");
    Drops.write(
        first,
        "actions.csv",
        "ref,text,owner,raised_on,target_on,revised_target_on,status,closed_on",
        "102/01,report to TABASC,DCC,2023-09-12,2024-02-28,,OPEN,");
    Drops.write(
        first,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,components,services,cause_class,major",
        "INC9,2,router,2023-09-01T10:00:00Z,,DSP_ROUTER;DSP,DUIS,ARCHITECTURE,true");
    new DropLoader(store).load(first);
    Path second = dir.resolve("second");
    Drops.write(
        second,
        "actions.csv",
        "ref,text,owner,raised_on,target_on,revised_target_on,status,closed_on",
        "102/01,report to TABASC,DCC,2023-09-12,2024-02-28,,CLOSED,2023-10-23");
    Drops.write(
        second,
        "incidents.csv",
        "incident_id,category,title,opened_at,resolved_at,components,services,cause_class,major",
        "INC9,2,router,2023-09-01T10:00:00Z,2023-09-01T15:00:00Z,DSP_ROUTER;DSP,DUIS,OPERATIONAL,true");
    new DropLoader(store).load(second);
    // Both loads were recorded now, after the date: the records as first loaded.
    assertThat(asOf().actions())
        .extracting(Action::ref, Action::status, Action::targetOn)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("102/01", "OPEN", LocalDate.of(2024, 2, 28)));
    Incident inc = asOf().incidents().get(0);
    assertThat(inc.openedAt()).isEqualTo(Instant.parse("2023-09-01T10:00:00Z"));
    assertThat(inc.resolvedAt()).isEqualTo(Instant.parse("2023-09-01T15:00:00Z"));
    assertThat(inc.components()).containsExactly("DSP_ROUTER", "DSP");
    assertThat(inc.causeClass()).isEqualTo(CauseClass.ARCHITECTURE);
    assertThat(inc.major()).isTrue();
  }
}
