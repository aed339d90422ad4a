package uk.meterwatch.web.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.json.Json;

/**
 * The web accounts of a store, in {@code <store>/web/accounts.json} (readable by its owner only): a
 * file of its own rather than a table, so {@code meterwatch users} and a running server never wait
 * for each other on the store's database. Each change is read-modify-write under a file lock and
 * replaces the file atomically.
 */
public final class Accounts {
  public static final String FILE = "web/accounts.json";
  private static final TypeReference<List<Account>> LIST = new TypeReference<>() {};

  private final Path file;
  private final Path lock;
  private final Clock clock;
  private volatile Cached cached;

  private record Cached(FileTime modified, long size, List<Account> accounts) {}

  public Accounts(Path storeFolder, Clock clock) {
    this.file = storeFolder.resolve(FILE);
    this.lock = storeFolder.resolve("web/accounts.lock");
    this.clock = clock;
  }

  /** Every account, by name. */
  public List<Account> list() {
    return read();
  }

  public Optional<Account> find(String name) {
    String key = normal(name);
    return read().stream().filter(a -> a.name().equals(key)).findFirst();
  }

  /** Adds an account with a generated password, which is returned (and shown once). */
  public String add(String name, Role role, List<String> orgs) {
    String key = validName(name);
    if (role == Role.SERVICE_USER && orgs.isEmpty()) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "a SERVICE_USER account needs at least one --org USER_ID");
    }
    if (role != Role.SERVICE_USER && !orgs.isEmpty()) {
      throw new MeterwatchException(ErrorCode.USAGE, "--org is for SERVICE_USER accounts only");
    }
    for (String org : orgs) {
      if (org.isBlank()) {
        throw new MeterwatchException(ErrorCode.USAGE, "--org must not be blank");
      }
    }
    String password = Secrets.password();
    change(
        all -> {
          if (all.stream().anyMatch(a -> a.name().equals(key))) {
            throw new MeterwatchException(
                ErrorCode.INVALID_VALUE, "an account named " + key + " already exists");
          }
          List<Account> out = new ArrayList<>(all);
          out.add(
              new Account(
                  key,
                  role,
                  orgs.stream().map(String::strip).toList(),
                  Secrets.hashPassword(password),
                  false,
                  List.of()));
          return out;
        });
    return password;
  }

  /** Sets a new password: the one given, or a generated one; returns it. */
  public String setPassword(String name, String given) {
    String password = given == null ? Secrets.password() : given;
    if (password.length() < 12) {
      throw new MeterwatchException(ErrorCode.USAGE, "a password needs at least 12 characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > Secrets.MAX_PASSWORD_BYTES) {
      throw new MeterwatchException(
          ErrorCode.USAGE, "a password may have at most " + Secrets.MAX_PASSWORD_BYTES + " bytes");
    }
    String hash = Secrets.hashPassword(password);
    update(name, a -> new Account(a.name(), a.role(), a.orgs(), hash, a.disabled(), a.tokens()));
    return password;
  }

  /** Disables an account: it can no longer log in, and its tokens stop working. */
  public void disable(String name) {
    update(
        name, a -> new Account(a.name(), a.role(), a.orgs(), a.passwordHash(), true, a.tokens()));
  }

  /** A new API token for the account, returned once; only its hash is kept. */
  public String newToken(String name) {
    String token = "mw_" + Secrets.token();
    String created = Instant.now(clock).toString();
    update(
        name,
        a -> {
          List<Account.Token> tokens = new ArrayList<>(a.tokens());
          tokens.add(new Account.Token(Secrets.sha256(token), created));
          return new Account(a.name(), a.role(), a.orgs(), a.passwordHash(), a.disabled(), tokens);
        });
    return token;
  }

  /** Ends every API token of the account; returns how many there were. */
  public int revokeTokens(String name) {
    int[] n = {0};
    update(
        name,
        a -> {
          n[0] = a.tokens().size();
          return new Account(
              a.name(), a.role(), a.orgs(), a.passwordHash(), a.disabled(), List.of());
        });
    return n[0];
  }

  /**
   * On a store with no enabled ADMIN account, creates one named {@code admin} (or admin2, ...) with
   * a generated password and returns the name and password, to be printed once.
   */
  public Optional<String[]> ensureAdmin() {
    if (read().stream().anyMatch(a -> a.role() == Role.ADMIN && !a.disabled())) {
      return Optional.empty();
    }
    String name = "admin";
    for (int i = 2; find(name).isPresent(); i++) {
      name = "admin" + i;
    }
    return Optional.of(new String[] {name, add(name, Role.ADMIN, List.of())});
  }

  /** The enabled account with this name and password. */
  public Optional<Account> authenticate(String name, String password) {
    Optional<Account> found =
        name == null ? Optional.empty() : find(name).filter(a -> !a.disabled());
    // Check a hash either way, so an unknown name takes as long as a wrong password.
    String hash = found.map(Account::passwordHash).orElse(Secrets.DUMMY_HASH);
    boolean ok = Secrets.passwordMatches(password, hash);
    return ok ? found : Optional.empty();
  }

  /** The enabled account holding this API token. */
  public Optional<Account> byToken(String token) {
    if (token == null || token.isBlank()) {
      return Optional.empty();
    }
    String hash = Secrets.sha256(token.strip());
    for (Account a : read()) {
      if (a.disabled()) {
        continue;
      }
      for (Account.Token t : a.tokens()) {
        if (Secrets.same(t.sha256(), hash)) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }

  private void update(String name, UnaryOperator<Account> change) {
    String key = normal(name);
    change(
        all -> {
          List<Account> out = new ArrayList<>();
          boolean found = false;
          for (Account a : all) {
            if (a.name().equals(key)) {
              out.add(change.apply(a));
              found = true;
            } else {
              out.add(a);
            }
          }
          if (!found) {
            throw new MeterwatchException(ErrorCode.NOT_FOUND, "no account named " + key);
          }
          return out;
        });
  }

  private static String normal(String name) {
    return name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
  }

  private static String validName(String name) {
    String key = normal(name);
    if (!key.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
      throw new MeterwatchException(
          ErrorCode.USAGE,
          "an account name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit; got '"
              + name
              + "'");
    }
    return key;
  }

  private List<Account> read() {
    try {
      if (!Files.exists(file)) {
        return List.of();
      }
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Cached c = cached;
      if (c != null && c.modified().equals(modified) && c.size() == size) {
        return c.accounts();
      }
      List<Account> accounts = List.copyOf(Json.MAPPER.readValue(file.toFile(), LIST));
      cached = new Cached(modified, size, accounts);
      return accounts;
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the accounts in " + file + ": " + e.getMessage(), e);
    }
  }

  private synchronized void change(UnaryOperator<List<Account>> change) {
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel channel =
              FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        cached = null;
        List<Account> next = change.apply(read());
        Path tmp = file.resolveSibling("accounts.json.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        ownerOnly(tmp);
        Files.writeString(
            tmp,
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(next),
            StandardCharsets.UTF_8);
        try {
          Files.move(
              tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        cached = null;
        if (!held.isValid()) {
          throw new IOException("lost the lock on " + lock);
        }
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot write the accounts in " + file + ": " + e.getMessage(), e);
    }
  }

  private static void ownerOnly(Path p) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: the folder's own permissions apply.
    }
  }
}
