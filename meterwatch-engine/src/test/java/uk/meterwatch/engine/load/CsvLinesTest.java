package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvLinesTest {
  /**
   * The count equals a byte-by-byte count of line ends (LF, CRLF, CR alone), at every length and
   * offset, and whatever buffers the bytes come in.
   */
  @Test
  void countsTheLinesOfAnyBytes() throws IOException {
    Random random = new Random(31);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[random.nextInt(200)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly '\n', '\r', their neighbours and high bytes: the cases a bit trick gets wrong.
        int pick = random.nextInt(8);
        bytes[i] =
            (byte)
                switch (pick) {
                  case 0, 1 -> '\n';
                  case 2 -> 0x0B;
                  case 3 -> 0x8A;
                  case 4 -> 0x09;
                  case 5 -> round % 2 == 0 ? '\r' : 'x';
                  case 6 -> 0x8D;
                  default -> random.nextInt(256);
                };
      }
      long ends = 0;
      for (int i = 0; i < bytes.length; i++) {
        boolean lfOfCrlf = bytes[i] == '\n' && i > 0 && bytes[i - 1] == '\r';
        ends += (bytes[i] == '\r' || (bytes[i] == '\n' && !lfOfCrlf)) ? 1 : 0;
      }
      byte last = bytes.length == 0 ? (byte) '\n' : bytes[bytes.length - 1];
      long expected = ends + (last != '\n' && last != '\r' ? 1 : 0);
      assertThat(CsvLines.count(new ByteArrayInputStream(bytes)))
          .as("round %d", round)
          .isEqualTo(expected);
      // The same bytes fed in pieces of random sizes (a CRLF may be cut in two).
      CsvLines.Counter counter = new CsvLines.Counter();
      for (int at = 0; at < bytes.length; ) {
        int n = Math.min(bytes.length - at, 1 + random.nextInt(20));
        counter.add(java.util.Arrays.copyOfRange(bytes, at, at + n), n);
        at += n;
      }
      assertThat(counter.lines()).as("round %d in pieces", round).isEqualTo(expected);
    }
  }

  private static CsvLines.Layout scan(String csv, String... freeText) throws IOException {
    List<String> names = List.of(csv.split("[\r\n]", 2)[0].split(","));
    boolean[] breaks = new boolean[names.size()];
    for (int i = 0; i < names.size(); i++) {
      breaks[i] = List.of(freeText).contains(names.get(i));
    }
    return CsvLines.scan(
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
        new CsvLines.Columns(names, breaks));
  }

  /** A quote still open at the end of its line where no line break belongs: that line alone. */
  @Test
  void aQuoteOpenAtTheEndOfItsLineIsThatLineAloneOutsideFreeText() throws IOException {
    CsvLines.Layout layout =
        scan(
            "id,user,title\n" + "R1,U1,t\n" + "R2,\"U1,t\n" + "R3,U1,t\n" + "R4,U1,\"a\nb\"\n",
            "title");
    assertThat(layout.strays())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.line()).isEqualTo(3);
              assertThat(s.record()).isEqualTo(3);
              assertThat(s.text()).isEqualTo("R2,\"U1,t");
              assertThat(s.whole()).isTrue();
              assertThat(s.reason())
                  .isEqualTo(
                      "unbalanced quote: the quoted value in user that starts on line 3 is still"
                          + " open at the end of the line");
            });
    // Header, R1, the stray (a blank record once emptied), R3, R4 over two lines.
    assertThat(layout.records()).isEqualTo(5);
    assertThat(layout.blank()).containsExactly(3L);
    assertThat(layout.blankLines()).isZero();
    assertThat(layout.shifts())
        .extracting(s -> List.of(s[0], s[1]))
        .containsExactly(List.of(5L, 1L));
  }

  @Test
  void aFreeTextValueSpansLinesUpToTheBoundAndNotPastIt() throws IOException {
    StringBuilder csv = new StringBuilder("id,title,n\nR1,\"open");
    for (int i = 0; i < CsvLines.MAX_VALUE_LINES + 5; i++) {
      csv.append("\nR").append(i + 2).append(",t,1");
    }
    csv.append('\n');
    CsvLines.Layout layout = scan(csv.toString(), "title");
    assertThat(layout.strays())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.line()).isEqualTo(2);
              assertThat(s.reason()).endsWith("is still open after 100 lines");
            });
    // Every line after it is a record of its own again.
    assertThat(layout.records()).isEqualTo(2 + CsvLines.MAX_VALUE_LINES + 5);
    assertThat(layout.shifts()).isEmpty();
    assertThat(scan("id,title,n\nR1,\"a\nb\nc\",1\n", "title").shifts())
        .extracting(s -> List.of(s[0], s[1]))
        .containsExactly(List.of(2L, 2L));
  }

  /** A value over several lines must leave its record whole: else it is a stray quote too. */
  @Test
  void aRecordOverSeveralLinesMustHaveTheHeadersValues() throws IOException {
    String csv =
        "risk_id,title,likelihood,impact\r\n"
            + "R1,\"Title one,3,4\r\n" // 2: opens a quote in title ...
            + "R2,Title two,2,2\r\n"
            + "R3,\"Title three\",1,1\r\n" // ... which the quote here would close
            + "R4,\"Two\r\nlines\",1,1\r\n"; // 5-6: a good record over two lines
    CsvLines.Layout layout = scan(csv, "title");
    assertThat(layout.strays()).extracting(CsvLines.Stray::line).containsExactly(2L);
    assertThat(layout.strays().get(0).reason())
        .isEqualTo(
            "unbalanced quote: the quoted value in title that starts on line 2 is followed by"
                + " text after its closing quote on line 4");
    assertThat(layout.records()).isEqualTo(5);
    assertThat(layout.shifts())
        .extracting(s -> List.of(s[0], s[1]))
        .containsExactly(List.of(5L, 1L));
    // Too few values: a quote closed at the end of a later line.
    CsvLines.Layout few = scan("id,title,n\nR1,\"a\nb\"\nR2,t,1\n", "title");
    assertThat(few.strays()).extracting(CsvLines.Stray::line).containsExactly(2L);
    assertThat(few.strays().get(0).reason())
        .isEqualTo(
            "unbalanced quote: the quoted value in title spans lines 2 to 3 and leaves its record 2"
                + " values for 3 columns");
  }

  @Test
  void linesEndingWithCrAloneAreLines() throws IOException {
    CsvLines.Layout layout = scan("id,user\rR1,U1\r\rR3,\"U\rR4,U4\r");
    assertThat(layout.records()).isEqualTo(5);
    assertThat(layout.blank()).containsExactly(3L, 4L);
    assertThat(layout.blankLines()).isEqualTo(1);
    assertThat(layout.strays()).extracting(CsvLines.Stray::line).containsExactly(4L);
  }

  /** The copy DuckDB reads: the strays' lines emptied, every line end kept. */
  @Test
  void theCopyWithoutLinesKeepsEveryLineEnd() throws IOException {
    String csv = "h\r\na\r\nbad\"\r\nc\rbad2\nd";
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    CsvLines.withoutLines(
        new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)),
        out,
        java.util.Set.of(3L, 5L));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("h\r\na\r\n\r\nc\r\nd");
  }

  @Test
  void aLongStrayKeepsItsStartAndLength() throws IOException {
    String longValue = "x".repeat(CsvLines.TEXT_KEPT + 50);
    CsvLines.Layout layout = scan("id,user\nR1,\"" + longValue + "\nR2,U2\n");
    CsvLines.Stray stray = layout.strays().get(0);
    assertThat(stray.whole()).isFalse();
    assertThat(stray.length()).isEqualTo(CsvLines.TEXT_KEPT + 54);
    assertThat(stray.text()).hasSize(CsvLines.TEXT_KEPT).startsWith("R1,\"xxx");
  }

  @Test
  void linesEndingInThreeWaysNameTheFirstOther() throws IOException {
    assertThat(
            CsvLines.mixedLineEndings(
                new ByteArrayInputStream("a\nb\rc\n".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo(
            "line 2 ends with CR (\\r) where line 1 ends with LF (\\n): the lines of a CSV file"
                + " must all end alike");
    assertThat(
            CsvLines.mixedLineEndings(
                new ByteArrayInputStream("a\r\nb\nc".getBytes(StandardCharsets.UTF_8))))
        .startsWith("line 2 ends with LF (\\n) where line 1 ends with CRLF (\\r\\n)");
    assertThat(
            CsvLines.mixedLineEndings(
                new ByteArrayInputStream("a\rb\rc\r".getBytes(StandardCharsets.UTF_8))))
        .isNull();
  }

  @Test
  void findsBlankLinesAndRecordsOverSeveralLines() throws IOException {
    String csv =
        "a,b,c\n" // record 1 (header)
            + "1,\"x\ny\",3\n" // 2: one extra line
            + "2,x\"y,3\n" // 3: a quote inside an unquoted value is text
            + "\n" // 4: blank
            + "3,\"p\"\"\n\nq\",5\r\n" // 5: an escaped quote, two extra lines
            + "4,z,6"; // 6: no newline at the end
    CsvLines.Layout layout =
        CsvLines.scan(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(layout.records()).isEqualTo(6);
    assertThat(layout.blank()).containsExactly(4L);
    assertThat(layout.shifts())
        .extracting(s -> List.of(s[0], s[1]))
        .containsExactly(List.of(2L, 1L), List.of(5L, 2L));
    assertThat(layout.rows()).isEqualTo(4);
  }
}
