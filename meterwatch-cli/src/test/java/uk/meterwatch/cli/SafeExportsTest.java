package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 26, point 5: exports ran formulas in a spreadsheet. Every CSV written for people
 * neutralises a cell starting with = + - @, a tab or a carriage return by a quote before it, and
 * reading the file back (an import, or a drop) gives the original values exactly.
 */
class SafeExportsTest {
  @TempDir Path dir;

  private static final String FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")";

  private CliRunner.Result run(String store, String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--store";
    all[1] = dir.resolve(store).toString();
    System.arraycopy(args, 0, all, 2, args.length);
    CliRunner.Result r = CliRunner.run(all);
    assertThat(r.exitCode()).as(String.join(" ", args) + ": " + r.err()).isZero();
    return r;
  }

  private String read(String file) throws Exception {
    return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
  }

  @Test
  void registerExportsAreSafeToOpenAndReadBackExactly() throws Exception {
    run(
        "s",
        "incidents",
        "add",
        "INC1",
        "--category",
        "2",
        "--title",
        FORMULA,
        "--opened",
        "2023-08-20T05:10Z",
        "--root-cause",
        "@SUM(1+1)",
        "--user",
        "+alice");
    run("s", "risks", "add", "OPSG-1", "--title=-2+3", "--likelihood", "3", "--impact", "4");
    run(
        "s",
        "actions",
        "add",
        "105/01",
        "--text",
        "+1 call DCC",
        "--owner",
        "=A1",
        "--raised",
        "2023-08-21");
    run("s", "incidents", "export", "--out", dir.resolve("incidents.csv").toString());
    run("s", "risks", "export", "--out", dir.resolve("risks.csv").toString());
    run("s", "actions", "export", "--out", dir.resolve("actions.csv").toString());
    run("s", "audit", "--out", dir.resolve("audit.csv").toString());

    assertThat(read("incidents.csv"))
        .contains(",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",")
        .contains(",'@SUM(1+1),");
    assertThat(read("risks.csv")).contains("OPSG-1,'-2+3,3,4,");
    assertThat(read("actions.csv")).contains("105/01,'+1 call DCC,'=A1,2023-08-21");
    assertThat(read("audit.csv")).contains(",'+alice,incidents,INC1,ADD,cli,");
    // No cell of any export starts with a character a spreadsheet would run.
    for (String f : new String[] {"incidents.csv", "risks.csv", "actions.csv", "audit.csv"}) {
      for (String line : read(f).split("\r\n")) {
        for (String cell : line.split(",")) {
          assertThat(cell).as(f + ": " + line).doesNotStartWith("=").doesNotStartWith("@");
        }
      }
    }

    // Read back by an import into another store: the same values.
    run("t", "incidents", "import", dir.resolve("incidents.csv").toString());
    run("t", "risks", "import", dir.resolve("risks.csv").toString());
    run("t", "actions", "import", dir.resolve("actions.csv").toString());
    assertThat(run("t", "incidents", "show", "INC1", "--json").out())
        .contains("\"title\" : \"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\"")
        .contains("\"root_cause\" : \"@SUM(1+1)\"");
    assertThat(run("t", "risks", "show", "OPSG-1", "--json").out())
        .contains("\"title\" : \"-2+3\"");
    assertThat(run("t", "actions", "list", "--json").out())
        .contains("\"text\" : \"+1 call DCC\"")
        .contains("\"owner\" : \"=A1\"");

    // Read back as a drop: the same values.
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.copy(dir.resolve("incidents.csv"), drop.resolve("incidents.csv"));
    Files.copy(dir.resolve("actions.csv"), drop.resolve("actions.csv"));
    run("u", "load", drop.toString());
    assertThat(run("u", "incidents", "show", "INC1", "--json").out())
        .contains("\"title\" : \"=HYPERLINK(\\\"http://evil.example\\\",\\\"click\\\")\"");
    assertThat(run("u", "actions", "list", "--json").out()).contains("\"owner\" : \"=A1\"");
  }

  @Test
  void theQuarantineExportIsSafeToOpen() throws Exception {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.writeString(
        drop.resolve("users.csv"),
        "user_id,organisation\n=cmd|' /C calc'!A0,\n",
        StandardCharsets.UTF_8);
    run("s", "load", drop.toString());
    run("s", "quarantine", "--export", dir.resolve("q.csv").toString());
    assertThat(read("q.csv"))
        .startsWith("load_id,file,kind,line,reason,row\r\n")
        .contains(",users.csv,users,2,missing required value: organisation,");
  }
}
