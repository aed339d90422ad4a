package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's tour, read from the README itself and run in order, in-process, after the demo, as a
 * new user would from the folder they ran the demo in: each line must give what its comment says.
 * The folder is a temporary one: the default store {@code meterwatch-data} is reached through
 * {@code $METERWATCH_STORE} (a test cannot change its working folder) and each relative path of a
 * line is taken in that folder. The demo and the drop the tour simulates run at 200 devices rather
 * than the scenario's 2,000, the only change to the lines, to keep the suite quick (the tour at
 * full size is tried by hand on a fresh clone, as the issue asks).
 */
class ReadmeTourTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String DEVICES = "200";

  /** Options whose value is a path, and commands whose first argument is one. */
  private static final Set<String> PATH_OPTIONS = Set.of("--out", "--export", "--store", "--duis");

  private static final List<String> MONTHS =
      List.of("2023-03", "2023-04", "2023-05", "2023-06", "2023-07", "2023-08", "2023-09");

  @TempDir Path dir;

  @AfterEach
  void restoreEnvironment() {
    Main.setEnvironmentForTest(System.getenv());
  }

  @Test
  void everyLineOfTheTourGivesWhatItSaysAfterTheDemo() throws Exception {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("METERWATCH_STORE", dir.resolve("meterwatch-data").toString());
    Main.setEnvironmentForTest(env);
    CliRunner.Result demo =
        CliRunner.run(
            "demo", "--dir", dir.resolve("meterwatch-demo").toString(), "--devices", DEVICES);
    assertThat(demo.exitCode()).as(demo.err()).isZero();

    Map<String, Consumer<CliRunner.Result>> expected = expectations();
    List<String> tour = tourLines();
    assertThat(tour)
        .as("the README's tour, line by line (a new line needs its expectation here)")
        .containsExactlyElementsOf(expected.keySet());
    for (String line : tour) {
      CliRunner.Result r = CliRunner.run(args(line));
      if (line.contains("--engine spark")) {
        // Spark is not on this module's class path: the launcher adds it for --engine spark.
        // meterwatch-spark's CliAndJobConformanceTest runs this command through Main.run with
        // Spark present and requires the store's own JSON; here, the message without it.
        assertThat(r.exitCode()).as(line).isEqualTo(2);
        assertThat(r.err())
            .contains(
                "the spark engine is not on the class path: the ./meterwatch launcher adds it");
        continue;
      }
      assertThat(r.exitCode()).as(line + "\n" + r.err()).isZero();
      assertThat(r.err()).as(line).isEmpty();
      expected.get(line).accept(r);
    }
  }

  /** The commands of the README's tour block, as written, without the launcher and comment. */
  static List<String> tourLines() throws Exception {
    String readme = Files.readString(README);
    int tour = readme.indexOf("## A short tour");
    int open = readme.indexOf("```\n", tour) + 4;
    int close = readme.indexOf("```", open);
    List<String> lines = new ArrayList<>();
    for (String line : readme.substring(open, close).split("\n")) {
      if (line.strip().startsWith("#")) {
        continue; // a comment carried on to its own line
      }
      int comment = line.indexOf(" #");
      String command = (comment < 0 ? line : line.substring(0, comment)).strip();
      assertThat(command).as("a tour line runs the launcher").startsWith("./meterwatch ");
      lines.add(command.substring("./meterwatch ".length()).strip().replaceAll("\\s+", " "));
    }
    return lines;
  }

  /** A tour line's arguments, its relative paths taken in the test's folder. */
  private String[] args(String line) {
    List<String> args = new ArrayList<>(Arrays.asList(line.split(" ")));
    for (int i = 0; i < args.size(); i++) {
      boolean path =
          i > 0 && PATH_OPTIONS.contains(args.get(i - 1))
              || i > 0 && args.get(i - 1).equals("load") && !args.get(i).startsWith("-");
      if (path) {
        args.set(i, dir.resolve(args.get(i)).toString());
      }
    }
    if (args.contains("simulate") && !args.contains("--devices")) {
      args.addAll(List.of("--devices", DEVICES)); // the demo's size, so the drop is the demo's
    }
    return args.toArray(String[]::new);
  }

  private Map<String, Consumer<CliRunner.Result>> expectations() {
    Map<String, Consumer<CliRunner.Result>> e = new LinkedHashMap<>();
    e.put("--help", ReadmeTourTest::everySubcommandOnOneLine);
    e.put(
        "srv",
        r -> {
          assertThat(r.out()).endsWith("129 SRVs\n");
          assertThat(r.out().lines().count()).isEqualTo(1 + 129 + 1); // header, SRVs, count
          assertThat(r.out()).containsPattern("(?m)^2\\.2 .* Top Up Device$");
        });
    e.put(
        "simulate --scenario opsg-105 --out drop",
        r -> {
          assertThat(r.out()).contains("Simulated opsg-105 (seed 105, " + DEVICES + " devices");
          assertThat(dir.resolve("drop").resolve("service_requests.csv")).isNotEmptyFile();
        });
    e.put(
        "load drop",
        r -> {
          // The same scenario, seed and size write the same files as the demo's: each is
          // recognised by its content and loads nothing twice.
          assertThat(r.out()).containsPattern("(?m)^TOTAL +0 +0 +0 +0$");
          assertThat(r.out().lines().filter(l -> l.startsWith("unchanged: "))).hasSize(demoFiles());
          assertThat(r.out()).doesNotContainPattern("(?m)^\\S+ +\\S+ +(LOADED|FAILED) ");
        });
    e.put(
        "simulate --scenario opsg-105 --devices 20 --format duis --out duis",
        r -> assertThat(dir.resolve("duis").resolve("duis-log.jsonl")).isNotEmptyFile());
    e.put(
        "--store duis-store load --duis duis/duis-log.jsonl",
        r -> {
          assertThat(r.out())
              .containsPattern("duis-log.jsonl +service_requests +LOADED")
              .containsPattern("duis-log.jsonl +service_responses +LOADED")
              .containsPattern("(?m)^TOTAL +(\\d+) +\\1 +0 +0$");
          assertThat(dir.resolve("duis-store").resolve("meterwatch.duckdb")).isNotEmptyFile();
        });
    e.put(
        "status",
        r -> {
          assertThat(r.out())
              .contains("Loads:        " + demoFiles() + " files loaded")
              .contains("Quarantined:  0 rows");
          for (int month = 3; month <= 9; month++) {
            assertThat(r.out()).containsPattern("(?m)^2023-0" + month + " +[1-9]\\d* +[1-9]");
          }
          // The month after the last has replies only, and status says why.
          assertThat(r.out())
              .containsPattern("(?m)^2023-10 +0 +(\\d+) +0$")
              .containsPattern(
                  "2023-10 has (\\d+) responses but no requests\\. A row counts in the month of"
                      + " its own time\n\\(a request when received, a response when sent\\): all"
                      + " \\1 answer requests received before 2023-10\\.");
        });
    e.put("quarantine", r -> assertThat(r.out()).endsWith("0 rows\n"));
    e.put(
        "quarantine --export bad.csv",
        r -> {
          assertThat(r.out()).contains("0 quarantined rows written to");
          assertThat(dir.resolve("bad.csv")).hasContent("load_id,file,kind,line,reason,row");
        });
    e.put(
        "rules --month 2023-08",
        r ->
            assertThat(r.out())
                .contains("In force for 2023-08: default (from 2019-01-01)")
                .containsPattern(
                    "(?m)^  Target Resolution Times +category 1 4 h, category 2 8 h, category 3"
                        + " 24 h, category 4 72 h, category 5 120 h$")
                .containsPattern("(?m)^  Risk bands \\(severity\\) +Critical 20-25, High 15-19,")
                .containsPattern("(?m)^  PREPAYMENT +2\\.2$")
                .contains("CPM1  On-demand Service Responses within the Target Response Time")
                .doesNotContain("{")
                .doesNotContain("=4"));
    e.put(
        "pmr --month 2023-08",
        r -> {
          assertThat(r.out()).startsWith("Performance Measurement Report 2023-08 (UK time)");
          for (String m : List.of("CPM1", "CPM1-S", "CPM2", "CPM3", "CPM4", "CPM5", "CPM6")) {
            assertThat(r.out()).containsPattern("(?m)^" + m + " +ALL ");
          }
          assertThat(r.out()).contains("Non-compliance list");
        });
    e.put("pmr --month 2023-08 --explain CPM1", ReadmeTourTest::explanationReadsInOrder);
    e.put(
        "pmr --month 2023-08 --explain CPM8",
        r -> {
          // The SMKI Repository was down with the 20 August incident and worked its queue off
          // into the 21st: most of the month's misses are on those two days. No provider: an
          // SMKI request has no device.
          String out = r.out();
          assertThat(out)
              .startsWith("CPM8 Documents from the SMKI Repository")
              .contains("(BELOW_MINIMUM)")
              .doesNotContain("Misses by provider")
              .contains("Misses inside incident windows: ");
          List<String> days = section(out, "Misses by day");
          assertThat(days).hasSize(31);
          long total = 0;
          long incident = 0;
          for (String day : days) {
            String[] cells = day.strip().split(" +");
            long n = Long.parseLong(cells[1].replace(",", ""));
            total += n;
            if (cells[0].equals("2023-08-20") || cells[0].equals("2023-08-21")) {
              incident += n;
            }
          }
          assertThat(incident * 10).as(out).isGreaterThan(total * 8);
        });
    e.put(
        "pmr --month 2023-08 --rows CPM1 --scope S1SP-DXC --missed --out late.csv",
        r -> {
          // The late requests behind a provider's miss, one CSV row each, said on one line.
          assertThat(r.out())
              .containsPattern("^Wrote \\d+ rows of CPM1 S1SP-DXC \\(2023-08\\) to ");
          assertThat(dir.resolve("late.csv"))
              .content()
              .startsWith(
                  "month,measure,scope,item,provider,srv,device_id,from,outcome_at,due_at,minutes,result,reason");
        });
    e.put(
        "bpi --month 2023-08",
        r ->
            assertThat(r.out())
                .startsWith("Business Process Indicators, 2023-08 (UK time)")
                .containsPattern("(?m)^PREPAYMENT: \\d+ transactions")
                .contains("FIRST_TIME_SUCCESS")
                .contains("RETRY_SUCCESS"));
    e.put(
        "regional --process TARIFF_UPDATE --event 3G_SUNSET --from 2023-03 --to 2023-09",
        r ->
            assertThat(r.out())
                .containsPattern("(?m)^national +[\\d.]+ \\(\\d+\\)")
                .containsPattern("(?m)^3G_SUNSET: [A-Z_]+$")
                .contains("Test: difference-in-differences by area"));
    e.put(
        "trend --measure CPM1-S --area BN --from 2023-03 --to 2023-09 --explain",
        r -> {
          assertThat(r.out())
              .startsWith("measure CPM1-S, area BN, 2023-03 to 2023-09")
              .contains("Trend: Mann-Kendall test");
          for (String month : MONTHS) {
            assertThat(r.out()).containsPattern("(?m)^" + month + " +\\d+ +\\d+ +[\\d.]+ ");
          }
        });
    e.put(
        "glidepath --process PREPAYMENT --from 2023-03 --to 2023-08 --target 97.5 --by 2023-12",
        r -> {
          assertThat(r.out())
              .startsWith("Glidepath: process PREPAYMENT, national, to 97.50 % by 2023-12");
          for (String month : List.of("2023-03", "2023-08", "2023-12")) {
            assertThat(r.out()).containsPattern("(?m)^" + month + " ");
          }
        });
    e.put(
        "incidents list",
        r ->
            assertThat(r.out())
                .endsWith("11 incidents\n")
                .containsPattern(
                    "INC000001076111 +1 +2023-08-20 06:10 \\+01:00 +2023-08-20 12:40 \\+01:00"
                        + " +4h +6h30m +MISSED +ARCHITECTURE +yes"));
    e.put(
        "review show INC000001076111",
        r ->
            assertThat(r.out())
                .startsWith(
                    "Major Incident Review of INC000001076111, version 2 of 2 (DRAFT)\n"
                        + "Written by SECAS at 2023-10-23 16:00 +01:00")
                .containsPattern("(?m)^Identification +RED ")
                .containsPattern("(?m)^Classification/Prioritisation +GREEN ")
                .containsPattern("(?m)^Investigation/Diagnosis +GREEN ")
                .containsPattern("(?m)^Resolution/Closure +GREEN ")
                .containsPattern("(?m)^Customer Communications +AMBER ")
                .contains("105/05"));
    e.put(
        "risks escalations",
        r ->
            assertThat(r.out())
                .startsWith("Escalated to the SEC Panel: open risks of severity 15 or more")
                .containsPattern("(?m)^OPSG-006 +4 +5 +20 +Critical +yes +OPEN")
                .endsWith("4 risks\n"));
    e.put(
        "actions list --overdue",
        r ->
            assertThat(r.out())
                .containsPattern("(?m)^105/03 +DCC +2023-10-23 +2023-11-27 +- +OPEN +- +yes ")
                .containsPattern("1 action \\(overdue judged on \\d{4}-\\d\\d-\\d\\d\\)\n$"));
    e.put(
        "exceptions list",
        r ->
            assertThat(r.out())
                .startsWith("ID ")
                .contains("MEASURES", "SCOPE", "COVERS", "APPROVED", "STATUS", "REASON")
                .endsWith("0 exceptions\n"));
    e.put(
        "map --from 2023-03 --to 2023-09 --out map.svg",
        r -> {
          assertThat(r.out()).contains("map.svg: 11 incidents");
          assertThat(dir.resolve("map.svg")).content().contains("<svg").endsWith("</svg>\n");
        });
    e.put("audit", ReadmeTourTest::auditColumnsStandApart);
    e.put(
        "report --month 2023-08 --out pack",
        r -> {
          assertThat(r.out()).containsPattern("pack\\.html and .*pack\\.pdf \\(\\d+ pages\\)");
          assertThat(dir.resolve("pack").resolve("pack.html")).isNotEmptyFile();
          assertThat(dir.resolve("pack").resolve("pack.pdf")).isNotEmptyFile();
        });
    e.put(
        "export --month 2023-08 --out exp",
        r -> {
          assertThat(r.out()).startsWith("Exported 2023-08 to ").contains("  service_requests: ");
          assertThat(
                  dir.resolve("exp")
                      .resolve("service_requests")
                      .resolve("month=2023-08")
                      .resolve("data.parquet"))
              .isNotEmptyFile();
        });
    e.put("pmr --month 2023-08 --engine spark --drop drop", r -> {}); // see the loop
    return e;
  }

  /** How many files the demo's drop has: one a kind of the contract, each loaded once. */
  private int demoFiles() {
    try (var files = Files.list(dir.resolve("meterwatch-demo").resolve("drop"))) {
      return Math.toIntExact(files.count());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** "every subcommand, one line each": the command list has one line a subcommand, no wraps. */
  private static void everySubcommandOnOneLine(CliRunner.Result r) {
    Set<String> names = new CommandLine(new MeterwatchCommand()).getSubcommands().keySet();
    String list = r.out().substring(r.out().indexOf("Commands:\n") + "Commands:\n".length());
    List<String> lines = list.lines().toList();
    assertThat(lines).hasSize(names.size());
    for (String line : lines) {
      assertThat(line).as("a command on one line").matches("  [a-z]+ +[A-Z].*[.?]");
      assertThat(line.length()).as(line).isLessThanOrEqualTo(80);
    }
    assertThat(lines.stream().map(l -> l.strip().split(" ")[0]))
        .containsExactlyInAnyOrderElementsOf(names);
    assertThat(r.out().lines()).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(80));
  }

  /** Hours of the day in hour order, all 24; days in date order; SRVs with their names. */
  private static void explanationReadsInOrder(CliRunner.Result r) {
    String out = r.out();
    assertThat(out).startsWith("CPM1 On-demand Service Responses within the Target Response Time");
    List<String> hours = section(out, "Misses by hour of day");
    assertThat(hours.stream().map(l -> l.strip().split(" +")[0]))
        .containsExactly(
            "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13",
            "14", "15", "16", "17", "18", "19", "20", "21", "22", "23");
    List<String> days = section(out, "Misses by day");
    assertThat(days).hasSize(31);
    assertThat(days.get(0)).startsWith("  2023-08-01 ");
    assertThat(days.get(30)).startsWith("  2023-08-31 ");
    List<String> srvs = section(out, "Misses by SRV");
    assertThat(srvs).isNotEmpty();
    for (String line : srvs) {
      // SRV, misses, share, name: e.g. "  2.2  128  9.7 %  Top Up Device"
      assertThat(line).matches("  \\d+(\\.\\d+)* +\\d+ +\\d+\\.\\d %  [A-Z(].*");
    }
    List<Long> counts = srvs.stream().map(l -> Long.parseLong(l.strip().split(" +")[1])).toList();
    assertThat(counts).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    if (out.contains("  2.2 ")) {
      assertThat(out).containsPattern("(?m)^  2\\.2 +\\d+ +[\\d.]+ %  Top Up Device$");
    }
  }

  /** The lines of a "Misses by ..." section, up to the blank line that ends it. */
  private static List<String> section(String out, String title) {
    int start = out.indexOf("\n", out.indexOf(title)) + 1;
    int end = out.indexOf("\n\n", start);
    return List.of(out.substring(start, end < 0 ? out.length() : end).split("\n"));
  }

  /** Each audit row's columns are apart (two spaces at least), the review's two edits listed. */
  private static void auditColumnsStandApart(CliRunner.Result r) {
    List<String> rows = r.out().lines().toList();
    assertThat(rows.get(0))
        .matches("ID +AT \\(UK\\) +WHO +REGISTER +KEY +CHANGE +SOURCE +WHAT CHANGED");
    Pattern row =
        Pattern.compile(
            " *\\d+  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d [+-]\\d\\d:\\d\\d  +(\\S+)  +"
                + "(incidents|reviews|risks|actions)  +(\\S+)  +(ADD|UPDATE|EDIT|PUBLISH|RATE|CLOSE)"
                + "  +(\\S+)  +.+");
    List<String> keys = new ArrayList<>();
    for (String line : rows.subList(1, rows.size() - 1)) {
      Matcher m = row.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      keys.add(m.group(1) + " " + m.group(3) + " " + m.group(4));
    }
    assertThat(keys)
        .contains(
            "DCC INC000001076111#1 EDIT",
            "SECAS INC000001076111#2 EDIT",
            "loader INC000001076111 ADD");
    assertThat(rows.get(rows.size() - 1)).isEqualTo(keys.size() + " changes");
  }
}
