package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.Test;
import uk.meterwatch.engine.store.Store;

/**
 * The median and p95 found through a histogram are those of all the values sorted (Waterfall's
 * definition, DuckDB's quantile_cont) to the last bit: ranks at bucket edges, ties spanning
 * buckets, negative times (an I0 before received_at), one value, all values in one bucket.
 */
class TimeQuantilesTest {
  private static final long B = TimeQuantiles.BUCKET_US;

  @Test
  void aRankIsFoundInItsBucket() {
    TreeMap<Long, Long> h = new TreeMap<>(Map.of(-1L, 2L, 0L, 3L, 5L, 1L));
    assertThat(TimeQuantiles.locate(h, 0)).containsExactly(-1, 1);
    assertThat(TimeQuantiles.locate(h, 1)).containsExactly(-1, 2);
    assertThat(TimeQuantiles.locate(h, 2)).containsExactly(0, 1);
    assertThat(TimeQuantiles.locate(h, 4)).containsExactly(0, 3);
    assertThat(TimeQuantiles.locate(h, 5)).containsExactly(5, 1);
  }

  @Test
  void quantilesThroughTheHistogramAreThoseOfAllTheValues() throws SQLException {
    Random random = new Random(20231130L);
    try (Store store = Store.inMemory();
        Statement st = store.connection().createStatement()) {
      st.execute("CREATE TEMP TABLE t (g INTEGER, tts BIGINT)");
      int groups = 300;
      long[][] values = new long[groups][];
      try (DuckDBAppender appender =
          store.connection().unwrap(DuckDBConnection.class).createAppender("temp", "main", "t")) {
        for (int g = 0; g < groups; g++) {
          int n = g < 10 ? g + 1 : 1 + random.nextInt(g % 2 == 0 ? 50 : 3_000);
          values[g] = new long[n];
          for (int i = 0; i < n; i++) {
            long v =
                switch (g % 4) {
                  // one bucket only
                  case 0 -> 5 * B + random.nextInt(1000);
                  // bucket edges and ties
                  case 1 -> (random.nextInt(6) - 2) * B + random.nextInt(3) - 1;
                  // negative and positive, spread
                  case 2 -> (long) ((random.nextDouble() - 0.2) * 400 * B);
                  default -> (long) (random.nextDouble() * 259_200_000_000.0);
                };
            values[g][i] = v;
            appender.beginRow().append(g).append(v).endRow();
          }
        }
      }
      TimeQuantiles quantiles = new TimeQuantiles();
      quantiles.count(store.connection(), "t");
      Map<Integer, double[]> found = quantiles.compute(store.connection(), "t");
      assertThat(found).hasSize(groups);
      for (int g = 0; g < groups; g++) {
        long[] sorted = values[g].clone();
        Arrays.sort(sorted);
        assertThat(found.get(g)[0])
            .as("median of group %s (%s values)", g, sorted.length)
            .isEqualTo(Waterfall.quantileSeconds(sorted, 0.5));
        assertThat(found.get(g)[1])
            .as("p95 of group %s (%s values)", g, sorted.length)
            .isEqualTo(Waterfall.quantileSeconds(sorted, 0.95));
      }
    }
  }
}
