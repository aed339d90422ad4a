package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/** Generated request/response sequences (fixed seed): the waterfall's books always balance. */
class BpiPropertyTest {
  private static final String[] CODES = {"I0", "I0", "I0", "E21", "E20", "E4", "E5", "E19"};

  @Test
  void bucketsAddUpAndEveryRequestIsAnAttemptOnce() {
    Random random = new Random(20230820L);
    for (int round = 0; round < 4; round++) {
      try (Store store = Store.inMemory()) {
        BpiRows rows = new BpiRows(store);
        int n = generate(random, rows);
        ProcessIndicators p =
            new BpiCalculator(store, RuleBook.defaults())
                .compute(ReportingMonth.of(2023, 8), List.of("PREPAYMENT"))
                .processes()
                .get(0);
        long bucketSum = p.buckets().values().stream().mapToLong(Long::longValue).sum();
        assertThat(bucketSum).isEqualTo(p.transactions());
        // all generated requests lie well inside August: each is an attempt of exactly one
        assertThat(p.requests()).isEqualTo(n);
        assertThat(p.transactions() + p.retries() + p.duplicates()).isEqualTo(p.requests());
        assertThat(p.successes())
            .isEqualTo(
                p.bucket(Bucket.FIRST_TIME_SUCCESS)
                    + p.bucket(Bucket.RETRY_SUCCESS)
                    + p.bucket(Bucket.SUBSEQUENT_SUCCESS))
            .isEqualTo(p.timeToSuccess().successes());
        TimeToSuccess t = p.timeToSuccess();
        assertThat(t.within24h() + t.over24h()).isEqualTo(t.successes());
        assertThat(t.withinTarget()).isLessThanOrEqualTo(t.within1h());
        assertThat(t.within1h()).isLessThanOrEqualTo(t.within24h());
        assertThat(p.otherFailureCodes().values().stream().mapToLong(Long::longValue).sum())
            .isEqualTo(p.bucket(Bucket.OTHER_FAILURE));
        assertThat(p.users().stream().mapToLong(UserIndicators::transactions).sum())
            .isEqualTo(p.transactions());
        assertThat(p.users().stream().mapToLong(UserIndicators::requests).sum())
            .isEqualTo(p.requests());
        assertThat(p.users().stream().mapToLong(UserIndicators::duplicates).sum())
            .isEqualTo(p.duplicates());
        assertThat(p.transactions()).isPositive().isLessThanOrEqualTo(n);
      }
    }
  }

  /** Requests between 5 and 20 August on a few (User, device) groups, with random answers. */
  private static int generate(Random random, BpiRows rows) {
    Instant base = Instant.parse("2023-08-05T00:00:00Z");
    String[] users = {"U1", "U2", "U3"};
    String[] devices = {"D1", "D2", "D3", "D4"};
    for (String d : devices) {
      rows.device(d, users[random.nextInt(users.length)]);
    }
    int n = 150 + random.nextInt(100);
    for (int i = 0; i < n; i++) {
      String id = "q" + i;
      // bursts: most requests close to each other so retries and duplicates happen
      long offset = (long) (random.nextDouble() * random.nextDouble() * 15 * 86_400);
      Instant received = base.plusSeconds(offset).plusMillis(random.nextInt(1000));
      rows.request(
          id,
          users[random.nextInt(users.length)],
          "2.2",
          devices[random.nextInt(devices.length)],
          received);
      int shape = random.nextInt(10);
      if (shape == 0) {
        continue; // nothing yet
      }
      rows.response(id, received.plusMillis(200), "I99");
      if (shape == 1) {
        continue; // acknowledged only
      }
      String code = CODES[random.nextInt(CODES.length)];
      Instant sent = received.plusSeconds(random.nextInt(3 * 3600));
      rows.response(id, sent, code);
      if (!"I0".equals(code) && random.nextInt(4) == 0) {
        rows.response(id, sent.plusSeconds(random.nextInt(86_400)), "I0"); // late success
      }
      if (random.nextInt(6) == 0) {
        rows.response(id, sent.plusSeconds(random.nextInt(600)), "E21"); // later RESPONSE rows
      }
    }
    // an unrelated device's I0s as communication evidence
    rows.request("ev", "U9", "4.1.1", "D1", base.minusSeconds(86_400));
    rows.response("ev", base.minusSeconds(86_000), "I0");
    return n;
  }
}
