package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code meterwatch demo}: it fills the store in effect (what every other command reads), tells
 * first where things go, writes the review the minutes tell, and never overwrites a store it did
 * not make or that was changed since. (The README's tour after it: ReadmeTourTest.)
 */
class DemoCommandTest {
  @TempDir Path dir;

  @AfterEach
  void restoreEnvironment() {
    Main.setEnvironmentForTest(System.getenv());
  }

  private CliRunner.Result demo(Path store, Path demoDir) {
    return CliRunner.run(
        "--store", store.toString(), "demo", "--dir", demoDir.toString(), "--devices", "30");
  }

  @Test
  void demoFillsTheStoreGivenSaysSoFirstAndWritesTheReviewOfTheMinutes() throws Exception {
    Path store = dir.resolve("store");
    Path demo = dir.resolve("demo");
    CliRunner.Result r = demo(store, demo);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String[] lines = r.out().split("\n");
    assertThat(lines[0])
        .isEqualTo("meterwatch demo: the story of OPSG 105 (March to September 2023)");
    assertThat(lines[1])
        .isEqualTo(
            "  store:          "
                + store
                + " (from --store: give the other commands --store "
                + store
                + " too (or export METERWATCH_STORE="
                + store
                + "))");
    assertThat(lines[2]).isEqualTo("  drop and pack:  " + demo);
    assertThat(r.out())
        .contains("Simulated opsg-105")
        .contains(" 0 quarantined")
        .contains(
            "Major Incident Review of INC000001076111 as OPSG 105 left it: 2 draft versions"
                + " (review show INC000001076111)")
        .contains("Monthly pack for August 2023")
        .contains("  ./meterwatch --store " + store + " pmr --month 2023-08");
    assertThat(store.resolve("meterwatch.duckdb")).isNotEmptyFile();
    assertThat(demo.resolve("pack").resolve("pack.pdf")).isNotEmptyFile();
    try (var files = Files.list(demo.resolve("drop"))) {
      assertThat(files).hasSize(uk.meterwatch.engine.load.Kind.values().length); // one a kind
    }

    // The review: version 1 the DCC's draft as presented, version 2 as the group left it.
    String s = "--store=" + store;
    CliRunner.Result v1 = CliRunner.run(s, "review", "show", "INC000001076111", "--version", "1");
    assertThat(v1.out())
        .contains("version 1 of 2 (DRAFT)")
        .contains("Written by DCC at 2023-10-23 12:20 +01:00")
        .containsPattern("Identification +RED +Red in the DCC's report\\.")
        .containsPattern("Classification/Prioritisation +GREEN")
        .containsPattern("Investigation/Diagnosis +GREEN")
        .containsPattern("Resolution/Closure +GREEN")
        .containsPattern("Customer Communications +GREEN")
        .contains("Root cause    A memory leak in the primary router")
        .contains("Detected      2023-08-20 06:10 +01:00")
        .contains("Restored      2023-08-20 12:40 +01:00");
    CliRunner.Result v2 = CliRunner.run(s, "review", "show", "INC000001076111");
    assertThat(v2.out())
        .contains("version 2 of 2 (DRAFT)")
        .contains("Written by SECAS at 2023-10-23 16:00 +01:00")
        .containsPattern("Identification +RED")
        .containsPattern("Classification/Prioritisation +GREEN")
        .containsPattern("Customer Communications +AMBER +OPSG 105 challenged the Green")
        .contains("Root cause    Under further investigation (ACTION 105/05)")
        .contains("Symptoms      A memory leak in the primary router")
        .containsPattern("105/05 +OPEN, DCC: The DCC to return to the OPSG");
    assertThat(CliRunner.run(s, "audit", "--register", "reviews").out())
        .containsPattern("2023-10-23 12:20 \\+01:00 +DCC +reviews +INC000001076111#1 +EDIT")
        .containsPattern(
            "2023-10-23 16:00 \\+01:00 +SECAS +reviews +INC000001076111#2 +EDIT .*"
                + "communications_rag: GREEN -> AMBER");
  }

  @Test
  void theStoreComesFromTheEnvironmentAsForEveryCommand() {
    Path store = dir.resolve("env-store");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("METERWATCH_STORE", store.toString());
    Main.setEnvironmentForTest(env);
    CliRunner.Result r =
        CliRunner.run("demo", "--dir", dir.resolve("demo").toString(), "--devices", "30");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "  store:          " + store + " (from $METERWATCH_STORE, which every command reads)")
        .contains("  ./meterwatch pmr --month 2023-08");
    assertThat(CliRunner.run("review", "show", "INC000001076111").out())
        .contains("version 2 of 2 (DRAFT)");
  }

  @Test
  void runningAgainReplacesItsOwnStoreButNeverOneChangedSinceOrNotItsOwn() throws Exception {
    Path store = dir.resolve("store");
    Path demo = dir.resolve("demo");
    assertThat(demo(store, demo).exitCode()).isZero();
    // Again: the demo's own store, untouched since, is replaced (not loaded on top: 0 duplicates).
    CliRunner.Result again = demo(store, demo);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains(" 0 duplicates").contains(" 0 quarantined");
    assertThat(CliRunner.run("--store=" + store, "review", "show", "INC000001076111").out())
        .contains("version 2 of 2");

    // A register change since: refused, and the store keeps it.
    String s = "--store=" + store;
    CliRunner.Result added =
        CliRunner.run(
            s,
            "actions",
            "add",
            "106/01",
            "--text",
            "mine",
            "--owner",
            "me",
            "--raised",
            "2023-11-01");
    assertThat(added.exitCode()).as(added.err()).isZero();
    CliRunner.Result refused = demo(store, demo);
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains("the demo will not replace the store at " + store)
        .contains("0 loads and 1 register change were made in it since")
        .contains("[INVALID_VALUE]");
    assertThat(CliRunner.run(s, "actions", "list").out()).contains("106/01");
    // ... and the demo's folder was left as it was too.
    assertThat(demo.resolve("pack").resolve("pack.pdf")).isNotEmptyFile();

    // A store the demo did not make: refused, unchanged.
    Path mine = dir.resolve("mine");
    CliRunner.Result mineAdded =
        CliRunner.run(
            "--store=" + mine,
            "actions",
            "add",
            "106/02",
            "--text",
            "t",
            "--owner",
            "o",
            "--raised",
            "2023-11-01");
    assertThat(mineAdded.exitCode()).as(mineAdded.err()).isZero();
    CliRunner.Result notOurs = demo(mine, dir.resolve("demo2"));
    assertThat(notOurs.exitCode()).isEqualTo(2);
    assertThat(notOurs.err()).contains("it already exists and the demo did not make it");
    CliRunner.Result listed = CliRunner.run("--store=" + mine, "actions", "list");
    assertThat(listed.out()).as(listed.err()).contains("106/02");
    assertThat(dir.resolve("demo2").resolve("drop")).doesNotExist();
  }

  @Test
  void aDemoStoreWithAFileTheDemoDidNotPutThereIsRefused() throws Exception {
    Path store = dir.resolve("store");
    assertThat(demo(store, dir.resolve("demo")).exitCode()).isZero();
    Files.createDirectories(store.resolve("rules"));
    Files.writeString(store.resolve("rules").resolve("mine.yaml"), "name: mine\n");
    CliRunner.Result refused = demo(store, dir.resolve("demo"));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err())
        .contains(
            "the demo made it, but it now also holds rules, which the demo did not put there");
    assertThat(store.resolve("rules").resolve("mine.yaml")).exists();
  }

  @Test
  void aDemoFolderItDidNotMakeIsRefused() throws Exception {
    Path other = dir.resolve("other");
    Files.createDirectories(other.resolve("drop"));
    Files.writeString(other.resolve("drop/mine.csv"), "precious");
    CliRunner.Result refused = demo(dir.resolve("store"), other);
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("already exists");
    assertThat(Files.readString(other.resolve("drop/mine.csv"))).isEqualTo("precious");
    assertThat(dir.resolve("store")).doesNotExist();
  }
}
