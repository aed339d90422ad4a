package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void simulateWritesADropAndSummarisesIt() {
    Path drop = dir.resolve("drop");
    CliRunner.Result r =
        CliRunner.run(
            "simulate",
            "--scenario",
            "opsg-105",
            "--out",
            drop.toString(),
            "--devices",
            "50",
            "--from",
            "2023-08",
            "--to",
            "2023-08",
            "--seed",
            "3",
            "--format",
            "jsonl");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Simulated opsg-105 (seed 3, 50 devices, 2023-08 to 2023-08)")
        .contains("service_requests.jsonl")
        .contains("events/s");
    assertThat(drop.resolve("service_responses.jsonl")).exists();
    assertThat(drop.resolve("actions.jsonl")).exists();
  }

  @Test
  void anUnknownScenarioOrFormatIsAClearError() {
    CliRunner.Result r =
        CliRunner.run("simulate", "--scenario", "nowhere", "--out", dir.resolve("d").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("nowhere").contains("opsg-105").contains("[NOT_FOUND]");
    r =
        CliRunner.run(
            "simulate",
            "--scenario",
            "opsg-105",
            "--out",
            dir.resolve("d").toString(),
            "--format",
            "xml");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("unknown format 'xml'");
    assertThat(dir.resolve("d")).doesNotExist();
  }

  @Test
  void demoSimulatesAndLoadsWithNothingQuarantined() throws Exception {
    Path demo = dir.resolve("demo");
    CliRunner.Result r = CliRunner.run("demo", "--dir", demo.toString(), "--devices", "30");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Simulated opsg-105")
        .contains(" 0 quarantined")
        .contains("status");
    assertThat(demo.resolve("store")).isDirectory();
    try (var files = Files.list(demo.resolve("drop"))) {
      assertThat(files).hasSize(10);
    }
    CliRunner.Result again = CliRunner.run("demo", "--dir", demo.toString(), "--devices", "30");
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.err()).contains("already exists");
  }
}
