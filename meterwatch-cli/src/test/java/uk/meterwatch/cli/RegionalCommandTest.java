package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;

/**
 * The "done means" on the opsg-105 scenario (seed 105, 2,000 devices, March to September
 * 2023): the 3G switch-off's effect on tariff updates is found in the affected areas and not
 * nationally; on the same scenario with the switch-off's failures set to zero (the events still
 * recorded), no effect is reported.
 */
class RegionalCommandTest {
  @TempDir static Path dir;
  private static Path withEvent;
  private static Path withoutEvent;

  @BeforeAll
  static void simulateBothScenarios() throws IOException {
    String yaml;
    try (InputStream in =
        RegionalCommandTest.class
            .getClassLoader()
            .getResourceAsStream("uk/meterwatch/sim/scenarios/opsg-105.yaml")) {
      yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(yaml).contains("extra_failure_per_month: 0.02");
    Path noEvent = dir.resolve("no-sunset-effect.yaml");
    Files.writeString(
        noEvent, yaml.replace("extra_failure_per_month: 0.02", "extra_failure_per_month: 0"));
    withEvent = simulateAndLoad("opsg-105", "with");
    withoutEvent = simulateAndLoad(noEvent.toString(), "without");
  }

  private static Path simulateAndLoad(String scenario, String name) {
    Path drop = dir.resolve(name + "-drop");
    Path store = dir.resolve(name + "-store");
    CliRunner.Result sim =
        CliRunner.run(
            "simulate", "--scenario", scenario, "--out", drop.toString(), "--seed", "105");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    CliRunner.Result load = CliRunner.run("--store", store.toString(), "load", drop.toString());
    assertThat(load.exitCode()).as(load.err()).isZero();
    return store;
  }

  private static JsonNode regional(Path store) throws IOException {
    CliRunner.Result r =
        CliRunner.run(
            "--store",
            store.toString(),
            "regional",
            "--process",
            "TARIFF_UPDATE",
            "--event",
            "3G_SUNSET",
            "--from",
            "2023-03",
            "--to",
            "2023-09",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    return Json.MAPPER.readTree(r.out()).get("event_study");
  }

  @Test
  void theSwitchOffIsFoundInTheAffectedAreasAndNotNationally() throws IOException {
    JsonNode s = regional(withEvent);
    assertThat(s.get("verdict").asText()).isEqualTo("LOCAL");
    assertThat(s.get("effect_points").get("upper").asDouble()).isNegative();
    JsonNode national = s.get("national_change_points");
    assertThat(national.get("lower").asDouble()).isNegative();
    assertThat(national.get("upper").asDouble()).as("no national decline shown").isPositive();
    assertThat(s.get("sentence").asText())
        .startsWith("Local to the affected areas")
        .endsWith("not a national effect.");
    assertThat(s.get("affected"))
        .extracting(a -> a.get("area").asText())
        .containsExactly("BN", "CT", "CV", "LE");
    assertThat(s.get("affected"))
        .allSatisfy(a -> assertThat(a.get("difference_points").asDouble()).isNegative());
    assertThat(s.get("unaffected")).hasSize(20);
    assertThat(s.get("test").asText()).contains("Welch");
  }

  @Test
  void withoutTheSwitchOffsFailuresNoEffectIsReported() throws IOException {
    JsonNode s = regional(withoutEvent);
    assertThat(s.get("verdict").asText()).isEqualTo("NOT_SHOWN");
    JsonNode effect = s.get("effect_points");
    assertThat(effect.get("lower").asDouble()).isNegative();
    assertThat(effect.get("upper").asDouble()).isPositive();
    assertThat(s.get("sentence").asText()).startsWith("Not shown by the data");
  }

  @Test
  void tableAndCsvGiveTheCountsBehindEachRate() {
    CliRunner.Result table =
        CliRunner.run(
            "--store",
            withEvent.toString(),
            "regional",
            "--process",
            "tariff_update",
            "--by",
            "region",
            "--from",
            "2023-08",
            "--to",
            "2023-09");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out())
        .contains("process tariff_update, 2023-08 to 2023-09")
        .contains("Central")
        .contains("North")
        .contains("South")
        .contains("national");
    CliRunner.Result csv =
        CliRunner.run(
            "--store",
            withEvent.toString(),
            "regional",
            "--measure",
            "CPM1-S",
            "--from",
            "2023-08",
            "--to",
            "2023-08",
            "--format",
            "csv");
    assertThat(csv.exitCode()).as(csv.err()).isZero();
    assertThat(csv.out())
        .startsWith("section,level,key,month,measure,value\n")
        .contains("breakdown,area,BN,2023-08,population,")
        .contains("breakdown,area,BN,2023-08,within,")
        .contains("breakdown,provider,S1SP-DXC,2023-08,success_rate,");
  }

  @Test
  void trendOfASwitchedOffArea() throws IOException {
    CliRunner.Result r =
        CliRunner.run(
            "--store",
            withEvent.toString(),
            "trend",
            "--measure",
            "CPM1-S",
            "--area",
            "bn",
            "--from",
            "2023-03",
            "--to",
            "2023-09",
            "--explain",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.err()).isZero();
    JsonNode t = Json.MAPPER.readTree(r.out());
    assertThat(t.get("scope").asText()).isEqualTo("area BN");
    // BN's first responses fail more every month after its switch-off: months of significant
    // declines in a row.
    assertThat(t.get("flags")).extracting(JsonNode::asText).contains("CONSECUTIVE_DECLINES");
    JsonNode test = t.get("trend_test");
    assertThat(test.get("name").asText()).startsWith("Mann-Kendall");
    assertThat(test.get("s").asLong()).isNegative();
    assertThat(t.get("downward_trend").asBoolean())
        .isEqualTo(test.get("p_value_downward").asDouble() < 0.05);
    assertThat(t.get("series")).hasSize(7);
    Path svg = dir.resolve("trend.svg");
    CliRunner.Result table =
        CliRunner.run(
            "--store",
            withEvent.toString(),
            "trend",
            "--process",
            "PREPAYMENT",
            "--from",
            "2023-03",
            "--to",
            "2023-09",
            "--chart",
            svg.toString());
    assertThat(Files.readString(svg)).contains("<svg").contains("process PREPAYMENT, national");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.out()).contains("process PREPAYMENT, national").contains("Mann-Kendall");
    CliRunner.Result unknown =
        CliRunner.run(
            "--store",
            withEvent.toString(),
            "trend",
            "--process",
            "PREPAYMENT",
            "--area",
            "ZZ",
            "--from",
            "2023-03",
            "--to",
            "2023-04");
    assertThat(unknown.exitCode()).isNotZero();
    assertThat(unknown.err()).contains("no area 'ZZ'").contains("[NOT_FOUND]");
  }

  @Test
  void aSavedGlidepathJudgesLaterMonthsAgainstItsForecast() throws IOException {
    String store = withEvent.toString();
    CliRunner.Result fit =
        CliRunner.run(
            "--store",
            store,
            "glidepath",
            "--process",
            "PREPAYMENT",
            "--from",
            "2023-03",
            "--to",
            "2023-07",
            "--target",
            "97.5",
            "--by",
            "2023-12",
            "--save",
            "prepay",
            "--format",
            "json");
    assertThat(fit.exitCode()).as(fit.err()).isZero();
    JsonNode g = Json.MAPPER.readTree(fit.out());
    assertThat(g.get("name").asText()).isEqualTo("prepay");
    assertThat(g.get("months")).hasSize(10); // March to December
    assertThat(g.get("months").get(4).get("fitted").asBoolean()).isTrue();
    assertThat(g.get("months").get(5).get("standing").asText()).isEqualTo("NO_DATA");
    CliRunner.Result judged =
        CliRunner.run(
            "--store",
            store,
            "glidepath",
            "--saved",
            "prepay",
            "--to",
            "2023-09",
            "--format",
            "json");
    assertThat(judged.exitCode()).as(judged.err()).isZero();
    JsonNode j = Json.MAPPER.readTree(judged.out());
    // the same forecast, not a refit: the fitted line is the saved one
    assertThat(j.get("fit")).isEqualTo(g.get("fit"));
    JsonNode september = j.get("months").get(6);
    assertThat(september.get("month").asText()).isEqualTo("2023-09");
    assertThat(september.get("fitted").asBoolean()).isFalse();
    assertThat(september.get("standing").asText()).isNotEqualTo("NO_DATA");
    assertThat(september.get("expected")).isEqualTo(g.get("months").get(6).get("expected"));
    CliRunner.Result again =
        CliRunner.run(
            "--store",
            store,
            "glidepath",
            "--process",
            "PREPAYMENT",
            "--from",
            "2023-03",
            "--to",
            "2023-07",
            "--target",
            "97.5",
            "--by",
            "2023-12",
            "--save",
            "prepay");
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err()).contains("already saved");
    Path svg = dir.resolve("glidepath.svg");
    CliRunner.Result drawn =
        CliRunner.run(
            "--store", store, "glidepath", "--saved", "prepay", "--chart", svg.toString());
    assertThat(drawn.exitCode()).as(drawn.err()).isZero();
    assertThat(Files.readString(svg)).contains("<svg").contains("Glidepath: process PREPAYMENT");
    CliRunner.Result list = CliRunner.run("--store", store, "glidepath", "--list");
    assertThat(list.out()).contains("prepay").contains("process PREPAYMENT");
  }
}
