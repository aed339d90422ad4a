package uk.meterwatch.web.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** Random secrets and their hashes. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String PASSWORD_LETTERS =
      "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  /** bcrypt, cost 12 (about 0.25 s a check here: slow for a guesser, fine for a login). */
  private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(12);

  /** The longest password bcrypt takes whole (bytes, UTF-8). */
  public static final int MAX_PASSWORD_BYTES = 72;

  private Secrets() {}

  /** A generated password: 20 letters and digits (about 115 bits), no look-alikes. */
  public static String password() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      s.append(PASSWORD_LETTERS.charAt(RANDOM.nextInt(PASSWORD_LETTERS.length())));
    }
    return s.toString();
  }

  /** A random token of 32 bytes, URL-safe base64 (session ids, CSRF tokens, API tokens). */
  public static String token() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  public static String hashPassword(String password) {
    return BCRYPT.encode(password);
  }

  public static boolean passwordMatches(String password, String hash) {
    if (password == null || hash == null) {
      return false;
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
      return false;
    }
    return BCRYPT.matches(password, hash);
  }

  /** A hash to check against when the login name is unknown, so both cost the same time. */
  static final String DUMMY_HASH = BCRYPT.encode(password());

  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares in time independent of where the texts differ. */
  public static boolean same(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
