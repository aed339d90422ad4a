package uk.meterwatch.web.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions, in memory: a random id in an HttpOnly, SameSite=Lax cookie (Secure when the
 * request came over HTTPS), a CSRF token per session, 8 hours idle at most. A login replaces the
 * session (a new id), so an id seen before login is worth nothing after it.
 */
public final class Sessions {
  public static final String COOKIE = "meterwatch_session";
  static final Duration IDLE = Duration.ofHours(8);

  private final Clock clock;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();

  /** A session; {@code account} is null before login. */
  public record Session(String id, String account, String csrf, Instant lastSeen) {}

  public Sessions(Clock clock) {
    this.clock = clock;
  }

  public Optional<Session> get(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = sessions.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (s.lastSeen().plus(IDLE).isBefore(now)) {
      sessions.remove(id);
      return Optional.empty();
    }
    Session seen = new Session(s.id(), s.account(), s.csrf(), now);
    sessions.put(id, seen);
    return Optional.of(seen);
  }

  /** A new session, anonymous or logged in. */
  public Session create(String account) {
    Session s = new Session(Secrets.token(), account, Secrets.token(), clock.instant());
    sessions.put(s.id(), s);
    return s;
  }

  public void end(String id) {
    if (id != null) {
      sessions.remove(id);
    }
  }

  /** Ends every session of an account (disabled, password changed). */
  public void endAll(String account) {
    sessions.values().removeIf(s -> account.equals(s.account()));
  }
}
