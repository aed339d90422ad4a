package uk.meterwatch.web.auth;

import java.util.List;

/**
 * A web account. Passwords and API tokens are kept only as hashes.
 *
 * @param name the login name
 * @param role what it may see and do
 * @param orgs for a SERVICE_USER, the organisation user ids it speaks for (else empty)
 * @param passwordHash bcrypt hash of the password
 * @param disabled a disabled account cannot log in nor use its tokens
 * @param tokens its API tokens, hashed
 */
public record Account(
    String name,
    Role role,
    List<String> orgs,
    String passwordHash,
    boolean disabled,
    List<Token> tokens) {
  public Account {
    orgs = List.copyOf(orgs);
    tokens = List.copyOf(tokens);
  }

  /**
   * An API token: its SHA-256 (a token is 256 random bits, so a fast hash is enough) and when it
   * was made.
   */
  public record Token(String sha256, String created) {}
}
