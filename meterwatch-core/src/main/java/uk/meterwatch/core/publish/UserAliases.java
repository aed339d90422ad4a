package uk.meterwatch.core.publish;

/**
 * How published outputs name Users: a Clear document never names a User, so the i-th User (in the
 * order the caller fixes) is "User A", then B ... Z, AA, AB, ...
 */
public final class UserAliases {
  private UserAliases() {}

  /** "User A" for 0, "User Z" for 25, "User AA" for 26. */
  public static String alias(int index) {
    return "User " + letters(index);
  }

  /** A, B, ..., Z, AA, AB, ... */
  public static String letters(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative alias index " + index);
    }
    StringBuilder s = new StringBuilder();
    int n = index;
    do {
      s.insert(0, (char) ('A' + n % 26));
      n = n / 26 - 1;
    } while (n >= 0);
    return s.toString();
  }
}
