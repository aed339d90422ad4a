package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Random;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import uk.meterwatch.engine.store.Store;

/**
 * The median and p95 of the times to success are computed in SQL (quantile_cont over the singles'
 * times and the Java-built ones) or in Java (Waterfall.quantileSeconds): both give the same
 * doubles, to the last bit, on random data with ties, odd and even counts, one value, and positions
 * that fall between two ranks.
 */
class WaterfallQuantileTest {
  @Test
  void javaQuantilesAreDuckDbQuantileContToTheLastBit() throws SQLException {
    Random random = new Random(20231129L);
    try (Store store = Store.inMemory();
        Statement st = store.connection().createStatement()) {
      st.execute("CREATE TEMP TABLE t (g INTEGER, tts BIGINT)");
      int groups = 400;
      long[][] values = new long[groups][];
      try (DuckDBAppender appender =
          store.connection().unwrap(DuckDBConnection.class).createAppender("temp", "main", "t")) {
        for (int g = 0; g < groups; g++) {
          int n = g < 10 ? g + 1 : 1 + random.nextInt(g % 2 == 0 ? 60 : 2_000);
          values[g] = new long[n];
          for (int i = 0; i < n; i++) {
            // ties (whole seconds from a few values) mixed with spread-out micros up to 3 days
            long v =
                random.nextInt(3) == 0
                    ? 1_000_000L * random.nextInt(4)
                    : (long) (random.nextDouble() * 259_200_000_000.0);
            values[g][i] = v;
            appender.beginRow().append(g).append(v).endRow();
          }
        }
      }
      int checked = 0;
      try (ResultSet rs =
          st.executeQuery(
              "SELECT g, quantile_cont(tts, [0.5, 0.95]) FROM t GROUP BY g ORDER BY g")) {
        while (rs.next()) {
          long[] sorted = values[rs.getInt(1)].clone();
          Arrays.sort(sorted);
          Array q = rs.getArray(2);
          Object[] sql = (Object[]) q.getArray();
          assertThat(((Number) sql[0]).doubleValue() / 1_000_000.0)
              .as("median of %s values", sorted.length)
              .isEqualTo(Waterfall.quantileSeconds(sorted, 0.5));
          assertThat(((Number) sql[1]).doubleValue() / 1_000_000.0)
              .as("p95 of %s values", sorted.length)
              .isEqualTo(Waterfall.quantileSeconds(sorted, 0.95));
          checked++;
        }
      }
      assertThat(checked).isEqualTo(groups);
    }
  }

  @Test
  void handComputedQuantiles() {
    // 4 values: median between the 2nd and 3rd, p95 at 2.85 -> 30 + 0.85 x 70 = 89.5
    long[] sorted = {10_000_000, 20_000_000, 30_000_000, 100_000_000};
    assertThat(Waterfall.quantileSeconds(sorted, 0.5)).isEqualTo(25.0);
    assertThat(Waterfall.quantileSeconds(sorted, 0.95)).isCloseTo(89.5, within());
    assertThat(Waterfall.quantileSeconds(new long[] {7_000_000}, 0.95)).isEqualTo(7.0);
    assertThat(Waterfall.quantileSeconds(new long[0], 0.5)).isNull();
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
