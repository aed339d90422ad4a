package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.BpiSettings;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

class BpiCalculatorTest {
  static final ReportingMonth AUGUST = ReportingMonth.of(2023, 8);
  static final Instant T = Instant.parse("2023-08-10T10:00:00Z");
  static final String TOP_UP = "2.2";
  static final String COS = "6.23";

  private final Store store = Store.inMemory();
  private final BpiRows rows = new BpiRows(store);

  @AfterEach
  void close() {
    store.close();
  }

  private ProcessIndicators compute(String process) {
    return compute(RuleBook.defaults(), AUGUST, process);
  }

  private ProcessIndicators compute(RuleSet rules, ReportingMonth month, String process) {
    BpiReport report = new BpiCalculator(store, rules).compute(month, List.of(process));
    ProcessIndicators p = report.processes().get(0);
    assertThat(p.buckets().values().stream().mapToLong(Long::longValue).sum())
        .as("buckets add up to transactions")
        .isEqualTo(p.transactions());
    assertThat(p.buckets().keySet()).containsExactly(Bucket.values());
    return p;
  }

  private static Instant at(long seconds) {
    return T.plusSeconds(seconds);
  }

  @Test
  void firstTimeSuccess() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(1), "I99");
    rows.response("r1", at(4), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(1);
    assertThat(p.successRate()).isEqualTo(100.0);
    assertThat(p.timeToSuccess().medianS()).isEqualTo(4.0);
    assertThat(p.timeToSuccess().withinTarget()).isEqualTo(1);
  }

  @Test
  void retrySuccessAfterAFailure() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(30), "E21");
    rows.request("r2", "U1", TOP_UP, "D1", at(3600)).response("r2", at(3605), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.requests()).isEqualTo(2);
    assertThat(p.retries()).isEqualTo(1);
    assertThat(p.duplicates()).isZero();
    assertThat(p.bucket(Bucket.RETRY_SUCCESS)).isEqualTo(1);
    assertThat(p.requestSuccessRate()).isEqualTo(50.0);
    // 3,605 s: not within 30 s, not within 1 h, within 24 h (cumulative counts)
    TimeToSuccess t = p.timeToSuccess();
    assertThat(t.medianS()).isEqualTo(3605.0);
    assertThat(List.of(t.withinTarget(), t.within1h(), t.within24h(), t.over24h()))
        .containsExactly(0L, 0L, 1L, 0L);
  }

  @Test
  void lateSuccessAfterE21IsASubsequentSuccess() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(30), "E21");
    rows.response("r1", at(120), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.bucket(Bucket.SUBSEQUENT_SUCCESS)).isEqualTo(1);
    assertThat(p.timeToSuccess().medianS()).isEqualTo(120.0);
    // per request, the final response is E21: the naive rate says 0 %
    assertThat(p.requestSuccessRate()).isEqualTo(0.0);
    assertThat(p.successRate()).isEqualTo(100.0);
  }

  @Test
  void earliestI0DecidesBetweenRetryAndSubsequentSuccess() {
    // r1 fails, r2 retries and succeeds at +200 s, but r1's late I0 came first at +150 s
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(30), "E21");
    rows.response("r1", at(150), "I0");
    rows.request("r2", "U1", TOP_UP, "D1", at(100)).response("r2", at(200), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.bucket(Bucket.SUBSEQUENT_SUCCESS)).isEqualTo(1);
    assertThat(p.timeToSuccess().medianS()).isEqualTo(150.0);
  }

  @Test
  void pendingWhenOnlyAnAcknowledgementCame() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(1), "I99");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.bucket(Bucket.PENDING)).isEqualTo(1);
    assertThat(p.successRate()).isEqualTo(0.0);
    assertThat(p.timeToSuccess().medianS()).isNull();
  }

  @Test
  void e4IsAnIncorrectCertificate() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(2), "E4");
    assertThat(compute("PREPAYMENT").bucket(Bucket.INCORRECT_CERTIFICATE)).isEqualTo(1);
  }

  @Test
  void certificateOwnedByAnotherUserIsAnIncorrectCertificateExceptInChangeOfSupply() {
    rows.device("D1", "U2");
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(2), "E5");
    rows.request("c1", "U1", COS, "D1", at(0)).response("c1", at(2), "E5");
    ProcessIndicators prepayment = compute("PREPAYMENT");
    assertThat(prepayment.bucket(Bucket.INCORRECT_CERTIFICATE)).isEqualTo(1);
    assertThat(prepayment.otherFailureCodes()).isEmpty();
    ProcessIndicators cos = compute("CHANGE_OF_SUPPLY");
    assertThat(cos.bucket(Bucket.INCORRECT_CERTIFICATE)).isZero();
    assertThat(cos.bucket(Bucket.OTHER_FAILURE)).isEqualTo(1);
    assertThat(cos.otherFailureCodes()).containsEntry("E5", 1L);
  }

  @Test
  void ownCertificateOrUnknownOwnerIsNotAMismatch() {
    rows.device("D1", "U1").device("D2", null);
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(2), "E5");
    rows.request("r2", "U1", TOP_UP, "D2", at(0)).response("r2", at(2), "E5");
    rows.request("r3", "U1", TOP_UP, "D3", at(0)).response("r3", at(2), "E19");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.bucket(Bucket.OTHER_FAILURE)).isEqualTo(3);
    assertThat(p.otherFailureCodes()).containsExactly(Map.entry("E19", 1L), Map.entry("E5", 2L));
  }

  @Test
  void communicationEvidenceExactlySixtyDaysBackCountsAndJustOverDoesNot() {
    Duration sixtyDays = Duration.ofHours(60 * 24);
    // D1: an I0 from another User on another SRV exactly 60 x 24 h before the first request
    rows.request("e1", "U9", "4.1.1", "D1", T.minus(sixtyDays).minusSeconds(5));
    rows.response("e1", T.minus(sixtyDays), "I0");
    rows.request("r1", "U1", TOP_UP, "D1", T).response("r1", at(30), "E21");
    // D2: the same, one second further back
    rows.request("e2", "U9", "4.1.1", "D2", T.minus(sixtyDays).minusSeconds(6));
    rows.response("e2", T.minus(sixtyDays).minusSeconds(1), "I0");
    rows.request("r2", "U1", TOP_UP, "D2", T).response("r2", at(30), "E20");
    // D3: an I0 at the very instant of the first request is not "before it"
    rows.request("e3", "U9", "4.1.1", "D3", T.minusSeconds(5)).response("e3", T, "I0");
    rows.request("r3", "U1", TOP_UP, "D3", T).response("r3", at(30), "E21");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.bucket(Bucket.COMMUNICATING)).isEqualTo(1);
    assertThat(p.bucket(Bucket.NON_COMMUNICATING)).isEqualTo(2);
  }

  @Test
  void evidenceIsTakenBeforeTheFirstRequestNotTheLastAttempt() {
    // r1 E21, the device answers another User at +10 min, r2 retries at +1 h and gets E21
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(30), "E21");
    rows.request("o1", "U2", "4.1.1", "D1", at(500)).response("o1", at(600), "I0");
    rows.request("r2", "U1", TOP_UP, "D1", at(3600)).response("r2", at(3630), "E21");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.bucket(Bucket.NON_COMMUNICATING)).isEqualTo(1);
  }

  @Test
  void retryJustInsideTheWindowJoinsJustOutsideStartsANewTransaction() {
    rows.request("a1", "U1", TOP_UP, "D1", at(0)).response("a1", at(30), "E21");
    rows.request("a2", "U1", TOP_UP, "D1", at(24 * 3600)).response("a2", at(24 * 3600 + 5), "I0");
    rows.request("b1", "U1", TOP_UP, "D2", at(0)).response("b1", at(30), "E21");
    rows.request("b2", "U1", TOP_UP, "D2", at(24 * 3600 + 1))
        .response("b2", at(24 * 3600 + 6), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(3);
    assertThat(p.requests()).isEqualTo(4);
    assertThat(p.retries()).isEqualTo(1);
    assertThat(p.bucket(Bucket.RETRY_SUCCESS)).isEqualTo(1);
    assertThat(p.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(1);
    assertThat(p.bucket(Bucket.NON_COMMUNICATING)).isEqualTo(1);
  }

  @Test
  void aRequestWhileThePreviousIsPendingIsADuplicate() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(60), "I0");
    rows.request("r2", "U1", TOP_UP, "D1", at(10)).response("r2", at(61), "I0");
    // a response at the very instant of the next request is not "before it": still pending
    rows.request("r3", "U1", TOP_UP, "D1", at(61)).response("r3", at(70), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.requests()).isEqualTo(3);
    assertThat(p.duplicates()).isEqualTo(2);
    assertThat(p.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(1);
    assertThat(p.requestSuccessRate()).isEqualTo(100.0);
  }

  @Test
  void repeatWithinTenMinutesOfASuccessIsADuplicateLaterIsANewTransaction() {
    rows.request("a1", "U1", TOP_UP, "D1", at(0)).response("a1", at(5), "I0");
    rows.request("a2", "U1", TOP_UP, "D1", at(5 + 600)).response("a2", at(610), "I0");
    rows.request("b1", "U1", TOP_UP, "D2", at(0)).response("b1", at(5), "I0");
    rows.request("b2", "U1", TOP_UP, "D2", at(5 + 601)).response("b2", at(611), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(3);
    assertThat(p.duplicates()).isEqualTo(1);
    assertThat(p.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(3);
  }

  @Test
  void groupsAreUserAndDeviceWithinAProcess() {
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(30), "E21");
    rows.request("r2", "U2", TOP_UP, "D1", at(60)).response("r2", at(65), "I0");
    rows.request("r3", "U1", TOP_UP, "D2", at(60)).response("r3", at(65), "I0");
    // same User and device, another process: its own transaction there
    rows.request("r4", "U1", COS, "D1", at(60)).response("r4", at(65), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(3);
    assertThat(p.users())
        .extracting(UserIndicators::userId, UserIndicators::transactions)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("U1", 2L),
            org.assertj.core.groups.Tuple.tuple("U2", 1L));
  }

  @Test
  void transactionStartingOnTheLastDayBelongsToItsMonthWithItsLaterAttempts() {
    // 31 Aug 23:30 BST = 22:30Z: August. Its retry on 1 Sep 01:00 BST is counted in August.
    Instant first = Instant.parse("2023-08-31T22:30:00Z");
    rows.request("r1", "U1", TOP_UP, "D1", first).response("r1", first.plusSeconds(30), "E21");
    Instant retry = Instant.parse("2023-09-01T00:00:00Z");
    rows.request("r2", "U1", TOP_UP, "D1", retry).response("r2", retry.plusSeconds(3), "I0");
    // 31 Aug 23:30Z is 1 Sep 00:30 BST: a September transaction of another device
    Instant sept = Instant.parse("2023-08-31T23:30:00Z");
    rows.request("s1", "U1", TOP_UP, "D2", sept).response("s1", sept.plusSeconds(3), "I0");
    ProcessIndicators august = compute("PREPAYMENT");
    assertThat(august.transactions()).isEqualTo(1);
    assertThat(august.requests()).isEqualTo(2);
    assertThat(august.bucket(Bucket.RETRY_SUCCESS)).isEqualTo(1);
    ProcessIndicators september =
        compute(RuleBook.defaults(), ReportingMonth.of(2023, 9), "PREPAYMENT");
    assertThat(september.transactions()).isEqualTo(1);
    assertThat(september.requests()).isEqualTo(1);
    assertThat(september.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(1);
  }

  @Test
  void aRetryOfLastMonthsTransactionIsNotCountedInThisMonth() {
    Instant start = AUGUST.start(); // 31 Jul 23:00Z
    rows.request("r1", "U1", TOP_UP, "D1", start.minusSeconds(7200))
        .response("r1", start.minusSeconds(7100), "E21");
    rows.request("r2", "U1", TOP_UP, "D1", start.plusSeconds(3600))
        .response("r2", start.plusSeconds(3605), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isZero();
    assertThat(p.requests()).isZero();
    assertThat(p.successRate()).isNull();
  }

  @Test
  void transactionBoundariesBeforeTheMonthAreFollowedFromTheLastCertainStart() {
    // Hourly failing requests from 72 h before the month to 3 h into it (W = 24 h):
    // transactions start at -72 h, -47 h, -22 h (covering up to +2 h), then +3 h in August.
    Instant start = AUGUST.start();
    for (int h = -72; h <= 3; h++) {
      String id = "r" + (h + 100);
      rows.request(id, "U1", TOP_UP, "D1", start.plusSeconds(h * 3600L));
      rows.response(id, start.plusSeconds(h * 3600L + 30), "E21");
    }
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.requests()).isEqualTo(1);
  }

  @Test
  void aResponseWithNoRequestIsIgnored() {
    rows.response("ghost", at(5), "I0").response("ghost", at(6), "E21");
    rows.request("r1", "U1", TOP_UP, "D1", at(0)).response("r1", at(2), "I0");
    ProcessIndicators p = compute("PREPAYMENT");
    assertThat(p.transactions()).isEqualTo(1);
    assertThat(p.bucket(Bucket.FIRST_TIME_SUCCESS)).isEqualTo(1);
  }

  @Test
  void changeOfSupplyUseCasesFromOrganisations() {
    rows.user("U1", "Org A").user("U1b", "Org A").user("U2", "Org B");
    rows.device("D1", "U1b"); // same organisation
    rows.device("D2", "U1"); // the User itself
    rows.device("D3", "U2"); // another organisation
    rows.device("D4", "U7"); // owner not in the users file
    rows.device("D5", null); // owner unknown; D6 not in the devices file
    String[] devices = {"D1", "D2", "D3", "D4", "D5", "D6"};
    for (String d : devices) {
      rows.request("c" + d, "U1", COS, d, at(0)).response("c" + d, at(3), "I0");
    }
    ProcessIndicators p = compute("CHANGE_OF_SUPPLY");
    assertThat(p.useCases())
        .containsEntry(UseCase.INTERNAL_MIGRATION, 2L)
        .containsEntry(UseCase.SUPPLIER_SWITCH, 1L)
        .containsEntry(UseCase.UNKNOWN, 3L);
    rows.request("p1", "U1", TOP_UP, "D1", at(0)).response("p1", at(3), "I0");
    assertThat(compute("PREPAYMENT").useCases()).containsValues(0L, 0L, 0L);
  }

  @Test
  void usersFailingOverTheThresholdWithEnoughTransactionsAreFlagged() {
    RuleSet rules = withBpi(new BpiSettings(24, 10, 60, 50, 3));
    // U1: 3 transactions, 1 success -> failure 66.7 % > 50 %: flagged
    // U2: 2 transactions, 0 success -> too few: not flagged
    // U3: 4 transactions, 2 successes -> failure 50 %, not over: not flagged
    String[][] plan = {
      {"U1", "I0"},
      {"U1", "E5"},
      {"U1", "E5"},
      {"U2", "E5"},
      {"U2", "E5"},
      {"U3", "I0"},
      {"U3", "I0"},
      {"U3", "E5"},
      {"U3", "E5"}
    };
    for (int i = 0; i < plan.length; i++) {
      rows.request("r" + i, plan[i][0], TOP_UP, "D" + i, at(0))
          .response("r" + i, at(5), plan[i][1]);
    }
    ProcessIndicators p = compute(rules, AUGUST, "PREPAYMENT");
    assertThat(p.users())
        .extracting(UserIndicators::userId, UserIndicators::flagged)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("U1", true),
            org.assertj.core.groups.Tuple.tuple("U2", false),
            org.assertj.core.groups.Tuple.tuple("U3", false));
    assertThat(p.users().get(0).successRate())
        .isCloseTo(33.333, org.assertj.core.data.Offset.offset(0.001));
  }

  @Test
  void timeToSuccessQuantilesAndCumulativeCounts() {
    // critical SRV 11.3: target 60 s. Times: 50 s, 60 s, 61 s, 2 h, 25 h
    long[] seconds = {50, 60, 61, 7200, 25 * 3600};
    for (int i = 0; i < seconds.length; i++) {
      rows.request("f" + i, "U1", "11.3", "D" + i, at(0)).response("f" + i, at(seconds[i]), "I0");
    }
    TimeToSuccess t = compute("FIRMWARE_ACTIVATION").timeToSuccess();
    assertThat(t.successes()).isEqualTo(5);
    assertThat(t.medianS()).isEqualTo(61.0);
    // p95: position 0.95 x 4 = 3.8 -> 7200 + 0.8 x (90000 - 7200) = 73440
    assertThat(t.p95S()).isCloseTo(73440.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(List.of(t.withinTarget(), t.within1h(), t.within24h(), t.over24h()))
        .containsExactly(2L, 3L, 4L, 1L);
  }

  @Test
  void unknownProcessIsAClearError() {
    assertThatThrownBy(
            () -> new BpiCalculator(store, RuleBook.defaults()).compute(AUGUST, List.of("NOPE")))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("NOPE");
  }

  @Test
  void everyProcessIsReportedInRuleSetOrder() {
    BpiReport report = new BpiCalculator(store, RuleBook.defaults()).compute(AUGUST);
    assertThat(report.processes())
        .extracting(ProcessIndicators::process)
        .containsExactlyElementsOf(RuleBook.defaults().processes().keySet());
  }

  static RuleSet withBpi(BpiSettings bpi) {
    RuleSet d = RuleBook.defaults();
    return new RuleSet(
        d.name(),
        d.effectiveFrom(),
        d.title(),
        d.description(),
        d.responseTimes(),
        d.resolutionHours(),
        d.persistenceThreshold(),
        d.rejectedRequests(),
        d.measures(),
        d.processes(),
        bpi,
        d.risks(),
        d.source(),
        d.smkiResponseTimes());
  }
}
