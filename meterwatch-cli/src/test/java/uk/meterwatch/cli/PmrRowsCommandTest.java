package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.json.Json;

/**
 * {@code pmr --rows}: on the simulated August 2023 of opsg-105, every line of the report has as
 * many rows as its population (availability: as many minutes) and, with {@code --missed}, as many
 * as its misses.
 */
class PmrRowsCommandTest {
  @TempDir Path dir;

  @Test
  void everyLineOfTheDemoMonthHasItsPopulationAsRows() throws Exception {
    Path drop = dir.resolve("drop");
    String store = dir.resolve("store").toString();
    CliRunner.Result sim =
        CliRunner.run(
            "simulate",
            "--scenario",
            "opsg-105",
            "--out",
            drop.toString(),
            "--devices",
            "60",
            "--from",
            "2023-08",
            "--to",
            "2023-08");
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    assertThat(CliRunner.run("--store", store, "load", drop.toString()).exitCode()).isZero();
    CliRunner.Result pmr =
        CliRunner.run("--store", store, "pmr", "--month", "2023-08", "--format", "json");
    assertThat(pmr.exitCode()).as(pmr.err()).isZero();
    int lines = 0;
    for (JsonNode m : Json.MAPPER.readTree(pmr.out()).get("measures")) {
      String id = m.get("id").asText();
      String scope = m.get("scope").asText();
      BigDecimal population = m.get("population").decimalValue();
      BigDecimal misses = population.subtract(m.get("within").decimalValue());
      assertThat(size(store, id, scope, false))
          .as(id + " " + scope)
          .isEqualByComparingTo(population);
      assertThat(size(store, id, scope, true))
          .as(id + " " + scope + " missed")
          .isEqualByComparingTo(misses);
      lines++;
    }
    assertThat(lines).isGreaterThan(10);

    Path out = dir.resolve("late.csv");
    CliRunner.Result written =
        CliRunner.run(
            "--store",
            store,
            "pmr",
            "--month",
            "2023-08",
            "--rows",
            "CPM1",
            "--scope",
            "S1SP-DXC",
            "--missed",
            "--out",
            out.toString());
    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).startsWith("Wrote ").contains(" rows of CPM1 S1SP-DXC (2023-08) to ");
    List<String> csv = Files.readAllLines(out);
    assertThat(csv.get(0))
        .isEqualTo(
            "month,measure,scope,item,provider,srv,device_id,from,outcome_at,due_at,minutes,"
                + "result,reason");
    assertThat(csv.subList(1, csv.size()))
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .startsWith("2023-08,CPM1,S1SP-DXC,")
                    .contains(",S1SP-DXC,")
                    .contains(",MISSED,"));
  }

  /** Rows of a line (minutes for availability), counted from the CSV on standard output. */
  private static BigDecimal size(String store, String id, String scope, boolean missed) {
    List<String> args =
        new ArrayList<>(
            List.of("--store", store, "pmr", "--month", "2023-08", "--rows", id, "--scope", scope));
    if (missed) {
      args.add("--missed");
    }
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> rows = r.out().lines().skip(1).toList();
    if (!id.equals("CPM6")) {
      return BigDecimal.valueOf(rows.size());
    }
    BigDecimal minutes = BigDecimal.ZERO;
    for (String row : rows) {
      String[] cells = row.split(",");
      minutes = minutes.add(new BigDecimal(cells[10])); // no comma before the reason's column
    }
    return minutes;
  }

  @Test
  void rowsOptionsGoTogether() {
    CliRunner.Result r =
        CliRunner.run("--store", dir.toString(), "pmr", "--month", "2023-08", "--missed");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("--scope, --missed and --out go with --rows");
  }
}
