package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.cli.web.ServeCommand;
import uk.meterwatch.web.WebServer;
import uk.meterwatch.web.auth.Accounts;
import uk.meterwatch.web.auth.Role;

class UsersCommandTest {
  @TempDir Path dir;

  private CliRunner.Result run(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--store";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    return CliRunner.run(all);
  }

  private static String password(String out) {
    Matcher m = Pattern.compile("password: (\\S+)").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return m.group(1);
  }

  @Test
  void accountsAreAddedListedChangedAndDisabled() throws Exception {
    CliRunner.Result add =
        run("users", "add", "Alice", "--role", "service_user", "--org", "90-B3-D5-1F-30-01-00-01");
    assertThat(add.exitCode()).as(add.err()).isZero();
    String first = password(add.out());
    assertThat(first).hasSize(20);
    Accounts accounts = new Accounts(dir, Clock.systemUTC());
    assertThat(accounts.authenticate("alice", first)).isPresent();
    assertThat(accounts.find("alice").orElseThrow().role()).isEqualTo(Role.SERVICE_USER);
    assertThat(accounts.find("alice").orElseThrow().orgs())
        .containsExactly("90-B3-D5-1F-30-01-00-01");
    // The file holds hashes only.
    String file = Files.readString(dir.resolve(Accounts.FILE));
    assertThat(file).doesNotContain(first).contains("$2a$12$");

    CliRunner.Result passwd = run("users", "passwd", "alice");
    assertThat(passwd.exitCode()).as(passwd.err()).isZero();
    String second = password(passwd.out());
    assertThat(accounts.authenticate("alice", first)).isEmpty();
    assertThat(accounts.authenticate("alice", second)).isPresent();

    CliRunner.Result token = run("users", "token", "alice");
    assertThat(token.exitCode()).isZero();
    String t = token.out().strip();
    assertThat(t).startsWith("mw_");
    assertThat(accounts.byToken(t)).isPresent();
    assertThat(Files.readString(dir.resolve(Accounts.FILE))).doesNotContain(t);
    assertThat(run("users", "token", "alice", "--revoke").out()).contains("revoked 1 token");
    assertThat(accounts.byToken(t)).isEmpty();

    CliRunner.Result list = run("users", "list");
    assertThat(list.out()).contains("alice").contains("SERVICE_USER").contains("active");
    assertThat(run("users", "disable", "alice").exitCode()).isZero();
    assertThat(accounts.authenticate("alice", second)).isEmpty();
    assertThat(run("users", "list").out()).contains("disabled");
  }

  @Test
  void wrongAccountsAreClearErrors() {
    CliRunner.Result noOrg = run("users", "add", "bob", "--role", "SERVICE_USER");
    assertThat(noOrg.exitCode()).isEqualTo(2);
    assertThat(noOrg.err()).contains("--org");
    CliRunner.Result role = run("users", "add", "bob", "--role", "BOSS");
    assertThat(role.err()).contains("unknown role 'BOSS'");
    assertThat(run("users", "add", "bob", "--role", "MEMBER").exitCode()).isZero();
    CliRunner.Result twice = run("users", "add", "BOB", "--role", "MEMBER");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).contains("already exists");
    CliRunner.Result name = run("users", "add", "../x", "--role", "MEMBER");
    assertThat(name.err()).contains("account name");
    assertThat(run("users", "passwd", "nobody").err()).contains("no account named nobody");
  }

  @Test
  void theFirstServePrintsAGeneratedAdminPasswordOnce() throws Exception {
    StringWriter first = new StringWriter();
    try (WebServer server = ServeCommand.serve(dir, "127.0.0.1", 0, new PrintWriter(first))) {
      assertThat(first.toString())
          .contains("created the account 'admin' (ADMIN)")
          .contains("http://127.0.0.1:" + server.port() + "/");
      String password = password(first.toString());
      assertThat(server.accounts().authenticate("admin", password)).isPresent();
    }
    StringWriter second = new StringWriter();
    try (WebServer server = ServeCommand.serve(dir, "127.0.0.1", 0, new PrintWriter(second))) {
      assertThat(second.toString()).doesNotContain("password").contains("Serving");
      assertThat(server.accounts().list()).hasSize(1);
    }
  }
}
