package uk.meterwatch.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;

class ReportingMonthTest {
  @Test
  void monthsAreInUkTimeWithTheirClockChanges() {
    assertThat(ReportingMonth.of(2023, 8).minutes()).isEqualTo(44_640);
    assertThat(ReportingMonth.of(2023, 3).minutes()).isEqualTo(44_580);
    assertThat(ReportingMonth.of(2023, 10).minutes()).isEqualTo(44_700);
    assertThat(ReportingMonth.of(2023, 2).minutes()).isEqualTo(40_320);
    // August starts at midnight BST = 23:00 UTC on 31 July.
    assertThat(ReportingMonth.of(2023, 8).start()).isEqualTo(Instant.parse("2023-07-31T23:00:00Z"));
    assertThat(ReportingMonth.of(2023, 12).start())
        .isEqualTo(Instant.parse("2023-12-01T00:00:00Z"));
  }

  @Test
  void anInstantBelongsToTheUkMonth() {
    assertThat(ReportingMonth.containing(Instant.parse("2023-07-31T23:30:00Z")))
        .isEqualTo(ReportingMonth.of(2023, 8));
    assertThat(ReportingMonth.containing(Instant.parse("2023-07-31T22:59:59Z")))
        .isEqualTo(ReportingMonth.of(2023, 7));
    long us = ReportingMonth.micros(Instant.parse("2023-08-20T05:10:00Z"));
    assertThat(us).isEqualTo(1_692_508_200_000_000L);
    assertThat(ReportingMonth.fromMicros(us)).isEqualTo(Instant.parse("2023-08-20T05:10:00Z"));
    assertThat(ReportingMonth.containingMicros(us).toString()).isEqualTo("2023-08");
  }

  @Test
  void parsesOnlyYearAndMonth() {
    assertThat(ReportingMonth.parse("2023-08").previous()).isEqualTo(ReportingMonth.of(2023, 7));
    for (String wrong : new String[] {"August", "-2023-08", "+2023-08", "12023-08", "2023-8"}) {
      assertThatThrownBy(() -> ReportingMonth.parse(wrong))
          .as(wrong)
          .isInstanceOf(MeterwatchException.class)
          .hasMessageContaining("YYYY-MM");
    }
  }
}
