package uk.meterwatch.sim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.SmkiResponseTimes;

/**
 * Writes a scenario's SMKI requests ({@link Scenario.Smki}): Certificate Signing Requests and
 * requests for SMKI Repository documents, in the order received, each with when it was completed.
 * Its random stream is its own (seeded from the run's seed), so adding or changing these requests
 * moves nothing else in the drop.
 */
final class SmkiTraffic {
  /** Mixed into the run's seed for this stream ("SMKI"). */
  private static final long STREAM = 0x534D4B49L;

  private static final String REPOSITORY_SERVICE = "SMKI_REPO";

  private final Scenario scenario;
  private final Scenario.Smki smki;
  private final SplittableRandom random;
  private final long[] dayStart;
  private final List<String> users = new ArrayList<>();
  private final long csrTargetMs;
  private final long repositoryTargetMs;

  /** The SMKI Repository's down windows [start, end), epoch milliseconds, by start. */
  private final long[][] down;

  SmkiTraffic(Scenario scenario, long seed, long[] dayStart) {
    this.scenario = scenario;
    this.smki = scenario.smki();
    this.random = new SplittableRandom(seed ^ STREAM);
    this.dayStart = dayStart;
    for (Scenario.Organisation o : scenario.organisations()) {
      if (o.share() > 0) {
        o.users().forEach(u -> users.add(u.id()));
      }
    }
    SmkiResponseTimes times = RuleBook.defaults().smkiResponseTimes();
    this.csrTargetMs = times.certificateSigning() * 1000L;
    this.repositoryTargetMs = times.repository() * 1000L;
    List<long[]> windows = new ArrayList<>();
    for (Scenario.Fault f : scenario.faults()) {
      if (f.services().contains(REPOSITORY_SERVICE)) {
        windows.add(new long[] {f.start().toEpochMilli(), f.end().toEpochMilli()});
      }
    }
    for (Scenario.Outage o : scenario.outages()) {
      if (REPOSITORY_SERVICE.equals(o.service())) {
        windows.add(new long[] {o.start().toEpochMilli(), o.end().toEpochMilli()});
      }
    }
    windows.sort((a, b) -> Long.compare(a[0], b[0]));
    this.down = windows.toArray(long[][]::new);
  }

  /** Writes every request of the simulated days, in the order received. */
  long write(RowWriter w) throws IOException {
    long csrs = 0;
    long repository = 0;
    long queueFreeAt = Long.MIN_VALUE; // when the Repository has worked off its queue
    long drainMs = Math.round(3_600_000 / smki.repositoryDrainPerHour());
    for (int d = 0; d + 1 < dayStart.length; d++) {
      long start = dayStart[d];
      long length = dayStart[d + 1] - start; // 23 or 25 hours on a clock change
      long[] csrTimes = times(smki.csrPerDay(), start, length);
      long[] repositoryTimes = times(smki.repositoryPerDay(), start, length);
      int i = 0;
      int j = 0;
      while (i < csrTimes.length || j < repositoryTimes.length) {
        boolean csr =
            j >= repositoryTimes.length
                || (i < csrTimes.length && csrTimes[i] <= repositoryTimes[j]);
        long received = csr ? csrTimes[i++] : repositoryTimes[j++];
        long completed;
        if (csr) {
          completed = received + processing(csrTargetMs);
        } else {
          long back = backAt(received);
          if (back > received || queueFreeAt > received) {
            // Down, or its queue not yet worked off: this request waits its turn.
            queueFreeAt = Math.max(back, queueFreeAt) + drainMs;
            completed = queueFreeAt;
          } else {
            completed = received + processing(repositoryTargetMs);
          }
        }
        String id =
            csr ? String.format("CSR-%07d", ++csrs) : String.format("REPO-%07d", ++repository);
        w.text(id)
            .text(csr ? "CSR" : "REPOSITORY")
            .text(users.get(random.nextInt(users.size())))
            .instant(received)
            .instant(completed)
            .text(random.nextDouble() < smki.failure() ? "FAILURE" : "SUCCESS")
            .end();
      }
    }
    return csrs + repository;
  }

  /**
   * A day's receipt times: {@code perDay} (scaled to the day's length), spread evenly over the day,
   * each at a random instant of its own slot, in order. Neither the count nor the spread is left to
   * chance: how long the Repository's queue lasts depends on arrivals against its drain rate, and
   * drawn arrivals made that (and so CPM8) swing by a point from seed to seed.
   */
  private long[] times(double perDay, long start, long length) {
    int n = (int) Math.round(perDay * length / 86_400_000.0);
    long[] out = new long[n];
    double slot = (double) length / n;
    for (int k = 0; k < n; k++) {
      out[k] = start + (long) ((k + random.nextDouble()) * slot);
    }
    return out;
  }

  /** How long an ordinary request takes, in ms: within the target, but a share {@code late}. */
  private long processing(long targetMs) {
    if (random.nextDouble() < smki.late()) {
      return targetMs + 1 + (long) (random.nextDouble() * 4 * targetMs);
    }
    return 200 + (long) (random.nextDouble() * (targetMs * 0.8 - 200));
  }

  /** When the Repository is back if it is down at {@code t}; else {@code t}. */
  private long backAt(long t) {
    long back = t;
    for (long[] w : down) {
      if (w[0] <= back && back < w[1]) {
        back = w[1];
      }
    }
    return back;
  }
}
