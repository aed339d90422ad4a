package uk.meterwatch.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import uk.meterwatch.cli.Main;

/**
 * The user's ways to Spark give the store's JSON: {@code meterwatch pmr|bpi --engine spark}
 * (in-process, through the CLI's run-time lookup of the engine) and the job's main class, as
 * spark-submit runs it.
 */
class CliAndJobConformanceTest {
  private static ConformanceFixture opsg105;

  @BeforeAll
  static void fixture() {
    opsg105 = ConformanceFixture.opsg105();
    // The CLI's Spark run shares the suite's session (it would start one on local[*]).
    SharedSpark.session();
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  @Test
  void pmrAndBpiWithEngineSparkPrintTheStoresJson() {
    String store = opsg105.storeFolder.toString();
    for (String report : new String[] {"pmr", "bpi"}) {
      String[] embedded = run("--store", store, report, "--month", "2023-03", "--format", "json");
      assertThat(embedded[0]).as(embedded[2]).isEqualTo("0");
      String[] spark =
          run(
              report,
              "--month",
              "2023-03",
              "--format",
              "json",
              "--engine",
              "spark",
              "--master",
              "local[2]",
              "--drop",
              opsg105.drop.toString());
      assertThat(spark[0]).as(spark[2]).isEqualTo("0");
      assertThat(spark[1]).as(report).isEqualTo(embedded[1]);
      // The drop's check, on stderr.
      assertThat(spark[2]).contains("read ", " = used ", " + quarantined 0");
    }
  }

  @Test
  void theEngineOptionsAreChecked() {
    String[] r = run("pmr", "--month", "2023-03", "--engine", "spark");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--engine spark needs --drop PATH");
    r = run("pmr", "--month", "2023-03", "--engine", "hive", "--drop", "x");
    assertThat(r[2]).contains("--engine must be store or spark");
  }

  @Test
  void theJobWritesThePmrOfTheExportAsTheStoreDoes() throws Exception {
    Path out = opsg105.dir.resolve("job-pmr.json");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SparkJob.run(
            new String[] {
              "pmr",
              "--month",
              "2023-04",
              "--drop",
              opsg105.export.toString(),
              "--out",
              out.toString()
            },
            SharedSpark.session(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    String embedded =
        run(
            "--store",
            opsg105.storeFolder.toString(),
            "pmr",
            "--month",
            "2023-04",
            "--format",
            "json")[1];
    assertThat(Files.readString(out)).isEqualTo(embedded);
  }
}
