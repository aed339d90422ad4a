package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class TextTableTest {
  private static String print(TextTable t, String indent) {
    StringWriter s = new StringWriter();
    PrintWriter w = new PrintWriter(s);
    t.print(w, indent);
    w.flush();
    return s.toString().replace(System.lineSeparator(), "\n");
  }

  @Test
  void columnsAreAsWideAsTheirWidestCellAndTwoSpacesApart() {
    TextTable t =
        TextTable.of("ID", "AT (UK)", "REGISTER", "WHAT")
            .rightAligned(0)
            .row(1, "2023-10-23 12:20 +01:00", "incidents", "new record")
            .row(12, "2023-10-23 16:00 +01:00", "reviews", null);
    // A value as wide as its header (incidents, 9) still has two spaces after it; the last column
    // is not padded; null prints as "-".
    assertThat(print(t, ""))
        .isEqualTo(
            "ID  AT (UK)                  REGISTER   WHAT\n"
                + " 1  2023-10-23 12:20 +01:00  incidents  new record\n"
                + "12  2023-10-23 16:00 +01:00  reviews    -\n");
  }

  @Test
  void blankHeadersPrintNoHeaderRowAndTheIndentLeadsEachLine() {
    TextTable t = TextTable.of("", "").row("PREPAYMENT", "2.2").row("TARIFF_UPDATE", "1.1.1");
    assertThat(print(t, "  ")).isEqualTo("  PREPAYMENT     2.2\n  TARIFF_UPDATE  1.1.1\n");
    assertThat(t.size()).isEqualTo(2);
  }

  @Test
  void aRowMustHaveACellForEachColumn() {
    assertThatThrownBy(() -> TextTable.of("A", "B").row("only one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a row of 1 cells in a table of 2 columns");
  }
}
