package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CsvLinesTest {
  /** The eight-bytes-at-a-time count equals a byte-by-byte count, at every length and offset. */
  @Test
  void countsTheLinesOfAnyBytes() throws IOException {
    Random random = new Random(31);
    for (int round = 0; round < 2000; round++) {
      byte[] bytes = new byte[random.nextInt(200)];
      for (int i = 0; i < bytes.length; i++) {
        // Mostly '\n', 0x0A's neighbours and high bytes: the cases a bit trick gets wrong.
        int pick = random.nextInt(6);
        bytes[i] =
            (byte)
                switch (pick) {
                  case 0, 1 -> '\n';
                  case 2 -> 0x0B;
                  case 3 -> 0x8A;
                  case 4 -> 0x09;
                  default -> random.nextInt(256);
                };
      }
      long newlines = 0;
      for (byte b : bytes) {
        newlines += b == '\n' ? 1 : 0;
      }
      long expected = newlines + (bytes.length > 0 && bytes[bytes.length - 1] != '\n' ? 1 : 0);
      assertThat(CsvLines.count(new ByteArrayInputStream(bytes)))
          .as("round %d", round)
          .isEqualTo(expected);
    }
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
