package uk.meterwatch.engine.bpi;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The median and p95 of groups of times (microseconds) kept in the store, exactly as {@link
 * Waterfall#quantileSeconds} (DuckDB's quantile_cont) gives them, without collecting every value: a
 * histogram of the times by bucket (counted by the caller while it reads them anyway) says in which
 * bucket each rank the quantiles need lies and where in it, and one pass then sorts only the values
 * of those few buckets. Collecting 8 million values for quantile_cont cost twice as much.
 */
public final class TimeQuantiles {
  /** Bucket width: about a second (2^20 microseconds: a time's bucket is {@code tts >> 20}). */
  public static final long BUCKET_US = 1L << 20;

  /** Bits of {@link #BUCKET_US}: an engine without integer division shifts by them. */
  public static final int BUCKET_BITS = 20;

  private static final double[] QUANTILES = {0.5, 0.95};

  private final Map<Integer, TreeMap<Long, Long>> histograms = new HashMap<>();

  /** The SQL of the bucket of a time expression (any monotone function of it serves). */
  static String bucket(String time) {
    return "((" + time + ") // " + BUCKET_US + ")";
  }

  /**
   * Counts {@code n} times of group {@code group} in bucket {@code bucket} (of {@link #bucket}).
   */
  public void count(int group, long bucket, long n) {
    histograms.computeIfAbsent(group, g -> new TreeMap<>()).merge(bucket, n, Long::sum);
  }

  /** Counts the times of a relation (g INTEGER, tts BIGINT) by bucket. */
  void count(Connection c, String values, long... params) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT g, " + bucket("tts") + ", count(*) FROM " + values + " GROUP BY ALL")) {
      for (int i = 0; i < params.length; i++) {
        p.setLong(i + 1, params[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          count(r.getInt(1), r.getLong(2), r.getLong(3));
        }
      }
    }
  }

  /**
   * The median and p95 in seconds of each counted group, from {@code values}: a relation (g
   * INTEGER, tts BIGINT) holding exactly the times counted.
   */
  Map<Integer, double[]> compute(Connection c, String values, long... params) throws SQLException {
    List<Rank> wanted = wanted();
    if (wanted.isEmpty()) {
      return new HashMap<>();
    }
    try (Statement s = c.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE mw_quantile_ranks (g INTEGER, b BIGINT, k BIGINT)");
    }
    try (DuckDBAppender appender =
        c.unwrap(DuckDBConnection.class).createAppender("temp", "main", "mw_quantile_ranks")) {
      for (Rank r : wanted) {
        appender.beginRow().append(r.group()).append(r.bucket()).append(r.rank()).endRow();
      }
    }
    Map<Rank, Long> found = new HashMap<>();
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT v.g, v.b, v.k, v.tts FROM (SELECT g, b, tts, row_number() OVER (PARTITION BY"
                + " g, b ORDER BY tts) AS k FROM (SELECT x.g, x.tts, x.b FROM (SELECT g, tts, "
                + bucket("tts")
                + " AS b FROM "
                + values
                + ") x SEMI JOIN mw_quantile_ranks w ON w.g = x.g AND w.b = x.b)) v"
                + " SEMI JOIN mw_quantile_ranks w ON w.g = v.g AND w.b = v.b AND w.k = v.k")) {
      for (int i = 0; i < params.length; i++) {
        p.setLong(i + 1, params[i]);
      }
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          found.put(new Rank(r.getInt(1), r.getLong(2), r.getLong(3)), r.getLong(4));
        }
      }
    }
    try (Statement s = c.createStatement()) {
      s.execute("DROP TABLE mw_quantile_ranks");
    }
    return quantiles(found);
  }

  /**
   * A rank the quantiles need: the {@code rank}-th smallest time (from 1) of bucket {@code bucket}
   * of group {@code group}.
   */
  public record Rank(int group, long bucket, long rank) {}

  /**
   * The ranks the median and p95 of every counted group need (at most four per group), located in
   * their buckets: the engine finds the time of each ({@link #quantiles}).
   */
  public List<Rank> wanted() {
    List<Rank> out = new ArrayList<>();
    for (Map.Entry<Integer, TreeMap<Long, Long>> e : histograms.entrySet()) {
      long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      for (double q : QUANTILES) {
        double position = q * (n - 1);
        for (long rank : new long[] {(long) Math.floor(position), (long) Math.ceil(position)}) {
          long[] at = locate(e.getValue(), rank);
          Rank r = new Rank(e.getKey(), at[0], at[1]);
          if (!out.contains(r)) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  /**
   * The median and p95 in seconds of each counted group ({@link Waterfall#quantileSeconds}), given
   * the time of every rank of {@link #wanted}.
   */
  public Map<Integer, double[]> quantiles(Map<Rank, Long> found) {
    Map<Integer, double[]> out = new HashMap<>();
    for (Map.Entry<Integer, TreeMap<Long, Long>> e : histograms.entrySet()) {
      long n = e.getValue().values().stream().mapToLong(Long::longValue).sum();
      double[] seconds = new double[QUANTILES.length];
      for (int i = 0; i < QUANTILES.length; i++) {
        double position = QUANTILES[i] * (n - 1);
        long[] lowerAt = locate(e.getValue(), (long) Math.floor(position));
        long[] upperAt = locate(e.getValue(), (long) Math.ceil(position));
        long lower = value(found, new Rank(e.getKey(), lowerAt[0], lowerAt[1]));
        long upper = value(found, new Rank(e.getKey(), upperAt[0], upperAt[1]));
        seconds[i] = Waterfall.interpolatedSeconds(position, lower, upper);
      }
      out.put(e.getKey(), seconds);
    }
    return out;
  }

  private static long value(Map<Rank, Long> found, Rank rank) {
    Long v = found.get(rank);
    if (v == null) {
      // The histogram and the values disagree: a caller's bug, never a data condition.
      throw new IllegalStateException(
          "no time of rank "
              + rank.rank()
              + " in bucket "
              + rank.bucket()
              + " of group "
              + rank.group());
    }
    return v;
  }

  /** The bucket of the 0-based rank among a histogram's times, and the rank within it (from 1). */
  static long[] locate(TreeMap<Long, Long> histogram, long rank) {
    long before = 0;
    for (Map.Entry<Long, Long> e : histogram.entrySet()) {
      if (rank < before + e.getValue()) {
        return new long[] {e.getKey(), rank - before + 1};
      }
      before += e.getValue();
    }
    throw new IllegalArgumentException("rank " + rank + " beyond " + before + " times");
  }
}
