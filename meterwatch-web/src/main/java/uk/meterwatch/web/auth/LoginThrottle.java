package uk.meterwatch.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows a login that keeps failing: after {@link #FREE_FAILURES} wrong passwords in a row for a
 * name, that name is locked for 30 s, doubling with each further failure up to 15 min. A right
 * password during the lock is refused too (else the lock would only slow the guesser). Counted by
 * login name, whether the account exists or not, so the answer tells nothing about which exist.
 */
public final class LoginThrottle {
  public static final int FREE_FAILURES = 4;
  private static final Duration FIRST_LOCK = Duration.ofSeconds(30);
  private static final Duration LONGEST_LOCK = Duration.ofMinutes(15);

  private final Clock clock;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  private record State(int failures, Instant lockedUntil) {}

  public LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long the name stays locked from now, or zero. */
  public Duration lockedFor(String name) {
    State s = states.get(key(name));
    if (s == null || s.lockedUntil() == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), s.lockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  public void failed(String name) {
    states.compute(
        key(name),
        (k, s) -> {
          int failures = (s == null ? 0 : s.failures()) + 1;
          if (failures <= FREE_FAILURES) {
            return new State(failures, null);
          }
          Duration lock = FIRST_LOCK.multipliedBy(1L << Math.min(failures - FREE_FAILURES - 1, 10));
          if (lock.compareTo(LONGEST_LOCK) > 0) {
            lock = LONGEST_LOCK;
          }
          return new State(failures, clock.instant().plus(lock));
        });
  }

  public void succeeded(String name) {
    states.remove(key(name));
  }

  private static String key(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
  }
}
