package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rule sets kept in the store folder apply to every command, not only to pmr. */
class StoreRulesTest {
  @TempDir Path dir;

  @Test
  void theRiskRegisterBandsAndEscalatesByTheStoresRuleSet() throws Exception {
    String store = dir.resolve("store").toString();
    assertThat(
            CliRunner.run(
                    "--store",
                    store,
                    "risks",
                    "add",
                    "OPSG-002",
                    "--title",
                    "HAN",
                    "--likelihood",
                    "3",
                    "--impact",
                    "5",
                    "--user",
                    "test")
                .exitCode())
        .isZero();
    assertThat(CliRunner.run("--store", store, "risks", "escalations").out()).contains("OPSG-002");

    Files.createDirectories(dir.resolve("store/rules"));
    Files.writeString(
        dir.resolve("store/rules/panel-2020.yaml"),
        """
        name: panel-only-critical
        effective_from: 2020-01-01
        risks:
          escalation_threshold: 20
          bands:
            - {name: Critical, min: 20}
            - {name: Serious, min: 12}
            - {name: Low, min: 1}
        """);
    CliRunner.Result escalations = CliRunner.run("--store", store, "risks", "escalations");
    assertThat(escalations.exitCode()).as(escalations.err()).isZero();
    assertThat(escalations.out()).doesNotContain("OPSG-002");
    assertThat(CliRunner.run("--store", store, "risks", "list").out()).contains("Serious");
  }
}
