package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The JSON the commands print is a promise to users' scripts: this pins it, byte for byte, on a
 * fixed store (the opsg-105 scenario, seeded, 80 devices, July and August 2023). A deliberate
 * change of a shape updates the file under {@code src/test/resources/uk/meterwatch/cli/pinned/}:
 * run this test with {@code -Dmeterwatch.pinned.write=DIR} (DIR = that folder) to write them, read
 * the diff, and document the change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PinnedJsonTest {
  @TempDir static Path dir;
  private static String store;

  @BeforeAll
  static void fixedStore() {
    PmrCommand.clock = Clock.fixed(Instant.parse("2023-10-01T00:00:00Z"), ZoneOffset.UTC);
    Path drop = dir.resolve("drop");
    store = dir.resolve("store").toString();
    CliRunner.Result sim =
        CliRunner.run(
            "simulate",
            "--scenario",
            "opsg-105",
            "--out",
            drop.toString(),
            "--devices",
            "80",
            "--from",
            "2023-07",
            "--to",
            "2023-08",
            "--seed",
            "7");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    CliRunner.Result load = CliRunner.run("--store", store, "load", drop.toString());
    assertThat(load.exitCode()).as(load.err()).isZero();
  }

  @AfterAll
  static void resetClock() {
    PmrCommand.clock = Clock.systemUTC();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pmr.json          | pmr --month 2023-08 --format json",
        "pmr-explain.json  | pmr --month 2023-08 --explain CPM1 --format json",
        "bpi.json          | bpi --month 2023-08 --format json",
        "bpi-publish.json  | bpi --month 2023-08 --format json --publish",
        "incidents.json    | incidents list --json",
        "risks.json        | risks list --json",
        "escalations.json  | risks escalations --json",
        "actions.json      | actions list --json --today 2023-09-01",
      })
  void outputIsAsPinned(String file, String command) throws IOException {
    String[] args = ("--store " + store + " " + command).split(" ");
    CliRunner.Result r = CliRunner.run(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    String write = System.getProperty("meterwatch.pinned.write");
    if (write != null) {
      Files.writeString(Path.of(write, file), r.out(), StandardCharsets.UTF_8);
      fail("wrote " + file + " into " + write + "; run again without -Dmeterwatch.pinned.write");
    }
    assertThat(r.out()).isEqualTo(pinned(file));
  }

  private static String pinned(String file) throws IOException {
    try (InputStream in = PinnedJsonTest.class.getResourceAsStream("pinned/" + file)) {
      assertThat(in).as("pinned/" + file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
