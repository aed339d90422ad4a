package uk.meterwatch.report.pack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnonymiserTest {
  /** The pack is HTML: an id holding & < > ' or " is found escaped too (it stayed named). */
  @Test
  void idsAreReplacedAsWrittenAndAsEscapedInTheDocument() {
    Anonymiser a = Anonymiser.of(List.of("SUPP-1", "O'Brien&Co", "Acme<1>"), List.of());
    String html =
        "<td>SUPP-1</td><td>"
            + PackHtml.esc("O'Brien&Co")
            + "</td><p>raised by "
            + PackHtml.esc("Acme<1>")
            + " and o&apos;brien&amp;co</p>";
    assertThat(a.apply(html))
        .isEqualTo("<td>User A</td><td>User B</td><p>raised by User C and User B</p>");
  }

  @Test
  void anIdInsideAnotherWordIsLeftAlone() {
    Anonymiser a = Anonymiser.of(List.of("U1"), List.of());
    assertThat(a.apply("U1 sent; U10 and XU1 did not"))
        .isEqualTo("User A sent; U10 and XU1 did not");
  }
}
