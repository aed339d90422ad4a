package uk.meterwatch.core.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvWriterTest {
  /** Cells a spreadsheet would run are written with a quote before them; numbers as they are. */
  @Test
  void cellsASpreadsheetWouldRunAreNeutralised() {
    StringWriter out = new StringWriter();
    new CsvWriter(out)
        .row("title", "n")
        .row("=HYPERLINK(\"http://x\",\"y\")", "-5")
        .row("+44 20", "@SUM(A1)")
        .row("\tx", "'=x")
        .row("a,b", null)
        .row("-", "1.5");
    assertThat(out.toString())
        .isEqualTo(
            "title,n\r\n"
                + "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",-5\r\n"
                + "'+44 20,'@SUM(A1)\r\n"
                + "'\tx,''=x\r\n"
                + "\"a,b\",\r\n"
                + "'-,1.5\r\n");
  }

  /** Whatever the value, reading back what was written gives it exactly (seeded). */
  @Test
  void restoreGivesBackEveryValueExactly() {
    String[] parts = {
      "=", "+", "-", "@", "\t", "\r", "'", "''", "1", "5.0", "a", ",", "\"", "\n", " "
    };
    Random random = new Random(26);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(5); n > 0; n--) {
        b.append(parts[random.nextInt(parts.length)]);
      }
      String value = b.toString();
      String written = CsvWriter.neutralise(value);
      assertThat(CsvWriter.restore(written)).as("%s", value).isEqualTo(value);
      boolean runs =
          !written.isEmpty()
              && CsvWriter.FORMULA_STARTS.indexOf(written.charAt(0)) >= 0
              && !written.matches("[+-]?\\d+(\\.\\d+)?");
      assertThat(runs).as("written %s", written).isFalse();
    }
    // The SQL form of the rule is the same rule.
    for (String cell : new String[] {"'=x", "''+1", "'-", "'a", "'", "=x", "x'=y"}) {
      assertThat(
              java.util.regex.Pattern.compile(
                      CsvWriter.NEUTRALISED_REGEX + ".*", java.util.regex.Pattern.DOTALL)
                  .matcher(cell)
                  .matches())
          .as(cell)
          .isEqualTo(!CsvWriter.restore(cell).equals(cell));
    }
  }
}
