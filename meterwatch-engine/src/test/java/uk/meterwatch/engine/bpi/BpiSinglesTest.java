package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.rules.BpiSettings;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.RequestNeighbours;
import uk.meterwatch.engine.store.Store;

/**
 * One-attempt transactions are counted in SQL, the others built in Java: on generated data (fixed
 * seed) mixing lone requests and bursts, around the month's edges, with certificate owners,
 * organisations, communication evidence (old requests with late I0s included) and every process,
 * the report is exactly the one of the Java-only path.
 */
class BpiSinglesTest {
  private static final String[] CODES = {"I0", "I0", "I0", "E21", "E20", "E4", "E5", "E19"};
  private static final String[] SRVS = {"2.2", "2.2", "1.1.1", "6.23", "6.23", "11.3"};
  private static final ReportingMonth AUGUST = ReportingMonth.of(2023, 8);

  @Test
  void sqlSinglesGiveTheSameReportAsTheJavaPath() throws Exception {
    Random random = new Random(20231128L);
    for (int round = 0; round < 4; round++) {
      try (Store store = Store.inMemory()) {
        generate(random, new BpiRows(store));
        assertThat(RequestNeighbours.isCurrent(store.connection()))
            .as("the lone requests are found by the loader's column")
            .isTrue();
        BpiReport fast = calculator(store, BpiCalculator.Singles.NEIGHBOURS, true).compute(AUGUST);
        BpiReport reference = calculator(store, BpiCalculator.Singles.NONE, true).compute(AUGUST);
        assertThat(fast).isEqualTo(reference);
        assertThat(calculator(store, BpiCalculator.Singles.WINDOW, true).compute(AUGUST))
            .isEqualTo(reference);
        // evidence matched on device_id itself (the path taken when two devices share a hash)
        BpiReport exactDevices =
            calculator(store, BpiCalculator.Singles.NONE, false).compute(AUGUST);
        assertThat(exactDevices).isEqualTo(reference);
        assertThat(
                fast.processes().stream()
                    .mapToLong(
                        p -> p.bucket(Bucket.COMMUNICATING) + p.bucket(Bucket.NON_COMMUNICATING))
                    .sum())
            .as("the data has E20/E21 failures, so the evidence matters")
            .isPositive();
        // the data has both kinds of transaction
        ProcessIndicators prepayment = fast.processes().get(0);
        assertThat(prepayment.transactions()).isGreaterThan(10);
        assertThat(prepayment.retries() + prepayment.duplicates()).isPositive();
        assertThat(fast.processes().get(2).useCases().values().stream().mapToLong(x -> x).sum())
            .isPositive();
      }
    }
  }

  @Test
  void everyRetryWindowGivesTheSameReportByEveryPath() {
    try (Store store = Store.inMemory()) {
      generate(new Random(20231201L), new BpiRows(store));
      // 744 h is the 31 days the loader's distances go to; beyond, the window is used instead.
      for (int hours : new int[] {1, 744, 800}) {
        RuleSet rules = BpiCalculatorTest.withBpi(new BpiSettings(hours, 10, 60, 90, 100));
        BpiReport reference =
            new BpiCalculator(
                    store, rules, SrvCatalogue.standard(), BpiCalculator.Singles.NONE, true)
                .compute(AUGUST);
        for (BpiCalculator.Singles singles :
            List.of(BpiCalculator.Singles.NEIGHBOURS, BpiCalculator.Singles.WINDOW)) {
          assertThat(
                  new BpiCalculator(store, rules, SrvCatalogue.standard(), singles, true)
                      .compute(AUGUST))
              .as("retry window %s h, lone requests by %s", hours, singles)
              .isEqualTo(reference);
        }
      }
    }
  }

  @Test
  void loneRequestsAcrossTheMonthEdgesAndEvidence() {
    try (Store store = Store.inMemory()) {
      BpiRows rows = new BpiRows(store);
      // An I0 of D1 on 1 June (earliest I0 of its request: 10 June evidence only via the responses)
      rows.request("old", "U9", "4.1.1", "D1", Instant.parse("2023-05-01T00:00:00Z"));
      rows.response("old", Instant.parse("2023-05-01T00:00:05Z"), "I0");
      rows.response("old", Instant.parse("2023-06-10T00:00:00Z"), "I0");
      // lone: 31 July 22:30 UTC (23:30 BST) is July; 31 July 23:30 UTC is August
      rows.request("j", "U1", "2.2", "D1", Instant.parse("2023-07-31T22:30:00Z"));
      rows.response("j", Instant.parse("2023-07-31T22:30:02Z"), "I0");
      rows.request("a1", "U1", "2.2", "D1", Instant.parse("2023-08-02T00:00:00Z"));
      rows.response("a1", Instant.parse("2023-08-02T00:00:01Z"), "E21");
      // a burst on D2: retry then success
      rows.request("b1", "U1", "2.2", "D2", Instant.parse("2023-08-05T00:00:00Z"));
      rows.response("b1", Instant.parse("2023-08-05T00:00:01Z"), "E5");
      rows.request("b2", "U1", "2.2", "D2", Instant.parse("2023-08-05T00:10:00Z"));
      rows.response("b2", Instant.parse("2023-08-05T00:10:03Z"), "I0");
      // lone late success, lone pending, lone in September (not counted)
      rows.request("c", "U2", "2.2", "D3", Instant.parse("2023-08-20T00:00:00Z"));
      rows.response("c", Instant.parse("2023-08-20T00:00:01Z"), "E5");
      rows.response("c", Instant.parse("2023-08-20T01:00:01Z"), "I0");
      rows.request("p", "U2", "2.2", "D4", Instant.parse("2023-08-21T00:00:00Z"));
      rows.request("s", "U2", "2.2", "D4", Instant.parse("2023-08-31T23:30:00Z"));
      for (BpiCalculator.Singles singles : BpiCalculator.Singles.values()) {
        ProcessIndicators p =
            calculator(store, singles, true)
                .compute(AUGUST, java.util.List.of("PREPAYMENT"))
                .processes()
                .get(0);
        assertThat(p.transactions()).as("a1, b1+b2, c, p").isEqualTo(4);
        assertThat(p.requests()).isEqualTo(5);
        assertThat(p.retries()).isEqualTo(1);
        assertThat(p.bucket(Bucket.COMMUNICATING)).as("a1: I0 of 10 June").isEqualTo(1);
        assertThat(p.bucket(Bucket.RETRY_SUCCESS)).isEqualTo(1);
        assertThat(p.bucket(Bucket.SUBSEQUENT_SUCCESS)).isEqualTo(1);
        assertThat(p.bucket(Bucket.PENDING)).isEqualTo(1);
        assertThat(p.timeToSuccess().medianS()).isEqualTo((603.0 + 3601.0) / 2);
        assertThat(p.users()).extracting(UserIndicators::transactions).containsExactly(2L, 2L);
      }
    }
  }

  private static BpiCalculator calculator(
      Store store, BpiCalculator.Singles singles, boolean hashedDevices) {
    return new BpiCalculator(
        store, RuleBook.defaults(), SrvCatalogue.standard(), singles, hashedDevices);
  }

  /** Requests from 25 July to 5 September: lone ones and bursts on a few groups. */
  static void generate(Random random, BpiRows rows) {
    Instant base = Instant.parse("2023-07-25T00:00:00Z");
    String[] users = {"U1", "U2", "U3", "U4"};
    String[] devices = {"D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"};
    for (String d : devices) {
      if (random.nextInt(5) > 0) {
        rows.device(d, random.nextInt(6) == 0 ? "" : users[random.nextInt(users.length)]);
      }
    }
    rows.user("U1", "Org A").user("U2", "Org A").user("U3", "Org B");
    // evidence: an old request with its earliest I0 long before and a later I0
    rows.request("ev0", "U9", "4.1.1", "D1", base.minusSeconds(80 * 86_400L));
    rows.response("ev0", base.minusSeconds(80 * 86_400L - 5), "I0");
    rows.response("ev0", base.minusSeconds(30 * 86_400L), "I0");
    rows.request("ev1", "U9", "4.1.1", "D2", base.minusSeconds(10 * 86_400L));
    rows.response("ev1", base.minusSeconds(10 * 86_400L - 5), "I0");
    int n = 120 + random.nextInt(80);
    Instant t = base;
    String user = users[0];
    String srv = SRVS[0];
    String device = devices[0];
    for (int i = 0; i < n; i++) {
      String id = "q" + i;
      // mostly far apart (lone requests), sometimes a burst on the same group shortly after
      if (random.nextInt(3) == 0) {
        t = t.plusSeconds(random.nextInt(3 * 3600));
      } else {
        t = base.plusSeconds((long) (random.nextDouble() * 42 * 86_400));
        user = users[random.nextInt(users.length)];
        srv = SRVS[random.nextInt(SRVS.length)];
        device = random.nextInt(20) == 0 ? null : devices[random.nextInt(devices.length)];
      }
      Instant received = t.plusMillis(random.nextInt(1000));
      rows.request(id, user, srv, device, received);
      int shape = random.nextInt(10);
      if (shape == 0) {
        continue;
      }
      rows.response(id, received.plusMillis(200), "I99");
      if (shape == 1) {
        continue;
      }
      String code = CODES[random.nextInt(CODES.length)];
      Instant sent = received.plusSeconds(random.nextInt(2 * 3600));
      rows.response(id, sent, code);
      if (!"I0".equals(code) && random.nextInt(4) == 0) {
        rows.response(id, sent.plusSeconds(random.nextInt(86_400)), "I0");
      }
    }
  }
}
