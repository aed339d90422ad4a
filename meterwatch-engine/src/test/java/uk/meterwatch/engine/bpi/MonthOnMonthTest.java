package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Month on month: who and what moved a process's success rate, hand-computed. */
class MonthOnMonthTest {

  private static UserIndicators user(String id, long transactions, long successes) {
    return new UserIndicators(
        id, transactions, successes, 100.0 * successes / transactions, transactions, 0, false);
  }

  private static ProcessIndicators process(
      List<UserIndicators> users, Map<Bucket, Long> failures, Map<String, Long> codes) {
    long t = users.stream().mapToLong(UserIndicators::transactions).sum();
    long s = users.stream().mapToLong(UserIndicators::successes).sum();
    EnumMap<Bucket, Long> buckets = new EnumMap<>(Bucket.class);
    for (Bucket b : Bucket.values()) {
      buckets.put(b, 0L);
    }
    buckets.put(Bucket.FIRST_TIME_SUCCESS, s);
    buckets.putAll(failures);
    return new ProcessIndicators(
        "CERTIFICATE_MANAGEMENT",
        t,
        t,
        0,
        0,
        s,
        100.0 * s / t,
        100.0 * s / t,
        buckets,
        new TreeMap<>(codes),
        new TimeToSuccess(s, null, null, 0, 0, 0, 0),
        users,
        Map.of(),
        24,
        Map.of(),
        Map.of());
  }

  @Test
  void aUserWithAPoorRateAndMoreRequestsPullsTheRateDown() {
    // July: A 90 of 100, B 8 of 10 -> 98 / 110 = 89.0909 %
    // August: A 90 of 100, B 40 of 100 -> 130 / 200 = 65 %; change -24.0909 points
    ProcessIndicators july =
        process(
            List.of(user("A", 100, 90), user("B", 10, 8)),
            Map.of(Bucket.COMMUNICATING, 2L, Bucket.OTHER_FAILURE, 10L),
            Map.of("E5", 10L));
    ProcessIndicators august =
        process(
            List.of(user("A", 100, 90), user("B", 100, 40)),
            Map.of(Bucket.COMMUNICATING, 10L, Bucket.OTHER_FAILURE, 60L),
            Map.of("E5", 15L, "E19", 45L));
    MonthOnMonth m = MonthOnMonth.between(july, august);
    double r0 = 98.0 / 110;
    assertThat(m.changePoints()).isCloseTo(65.0 - 100 * r0, within(1e-9));
    // B: (100/200)(40 % - R0) - (10/110)(80 % - R0)
    double b = 100 * (0.5 * (0.40 - r0) - (10.0 / 110) * (0.80 - r0));
    // A: (100/200)(90 % - R0) - (100/110)(90 % - R0)
    double a = 100 * (0.5 * (0.90 - r0) - (100.0 / 110) * (0.90 - r0));
    assertThat(m.users()).extracting(MonthOnMonth.UserMove::userId).containsExactly("B", "A");
    assertThat(m.users().get(0).contributionPoints()).isCloseTo(b, within(1e-9));
    assertThat(m.users().get(1).contributionPoints()).isCloseTo(a, within(1e-9));
    assertThat(a + b).isCloseTo(m.changePoints(), within(1e-9));
    // causes: E19 from 0 to 22.5 % (-22.5 points), COMMUNICATING 1.818 -> 5 %, E5 9.09 -> 7.5 %
    assertThat(m.causes())
        .extracting(MonthOnMonth.CauseMove::cause)
        .containsExactly(
            "OTHER_FAILURE E19",
            "COMMUNICATING",
            "OTHER_FAILURE E5",
            "INCORRECT_CERTIFICATE",
            "NON_COMMUNICATING",
            "PENDING");
    assertThat(m.causes().get(0).contributionPoints()).isCloseTo(-22.5, within(1e-9));
    assertThat(m.causes().get(1).contributionPoints())
        .isCloseTo(100 * 2.0 / 110 - 5.0, within(1e-9));
    assertThat(m.causes().stream().mapToDouble(MonthOnMonth.CauseMove::contributionPoints).sum())
        .isCloseTo(m.changePoints(), within(1e-9));
  }

  @Test
  void aUserOnlyInOneMonthAndAMonthWithoutTransactions() {
    ProcessIndicators july = process(List.of(user("A", 10, 10)), Map.of(), Map.of());
    ProcessIndicators august =
        process(
            List.of(user("A", 10, 10), user("C", 10, 0)), Map.of(Bucket.PENDING, 10L), Map.of());
    MonthOnMonth m = MonthOnMonth.between(july, august);
    assertThat(m.changePoints()).isCloseTo(-50.0, within(1e-9));
    MonthOnMonth.UserMove c = m.users().get(0);
    assertThat(c.userId()).isEqualTo("C");
    assertThat(c.previousSuccessRate()).isNull();
    assertThat(c.previousTransactions()).isZero();
    assertThat(c.contributionPoints()).isCloseTo(-50.0, within(1e-9));
    assertThat(m.users().get(1).contributionPoints()).isCloseTo(0.0, within(1e-9));

    ProcessIndicators none =
        new ProcessIndicators(
            "P",
            0,
            0,
            0,
            0,
            0,
            null,
            null,
            Map.of(),
            Map.of(),
            new TimeToSuccess(0, null, null, 0, 0, 0, 0),
            List.of(),
            Map.of(),
            24,
            Map.of(),
            Map.of());
    MonthOnMonth empty = MonthOnMonth.between(none, august);
    assertThat(empty.changePoints()).isNull();
    assertThat(empty.previousSuccessRate()).isNull();
    assertThat(empty.users()).isEmpty();
  }
}
