package uk.meterwatch.web.auth;

import java.util.Locale;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** What an account may see and do (docs/web.md, "Accounts and roles"). */
public enum Role {
  /** Manages accounts; sees and does everything an analyst does. */
  ADMIN,
  /** Sees everything, changes the registers, loads drops. */
  ANALYST,
  /** Sees everything, every User anonymised as in a CLEAR pack; changes nothing. */
  MEMBER,
  /** A Service User: its own user ids named, every other User anonymised; changes nothing. */
  SERVICE_USER;

  public static Role parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "unknown role '" + text + "': ADMIN, ANALYST, MEMBER or SERVICE_USER");
    }
  }

  /** Whether the role changes registers and loads drops. */
  public boolean writes() {
    return this == ADMIN || this == ANALYST;
  }

  /** Whether the role sees every user id as it is. */
  public boolean seesAllUsers() {
    return this == ADMIN || this == ANALYST;
  }
}
