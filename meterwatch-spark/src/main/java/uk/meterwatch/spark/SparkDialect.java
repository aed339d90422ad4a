package uk.meterwatch.spark;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dialect seam of the SQL written once for both engines: statements written for the store
 * (DuckDB) run on Spark SQL with the few spellings only DuckDB knows rewritten here, each to its
 * exact Spark equivalent. Everything else (CTEs with column lists, {@code VALUES}, {@code
 * ?::BIGINT}, {@code GROUP BY ALL}, {@code FILTER (WHERE ...)}, {@code try_cast}, lambdas, double
 * quoted identifiers) Spark 4 reads as DuckDB does, given the settings of {@link SparkContract}.
 */
final class SparkDialect {
  private SparkDialect() {}

  /** A DuckDB list literal of strings: {@code ['a', 'b']}, maybe cast {@code ::VARCHAR[]}. */
  private static final Pattern LIST =
      Pattern.compile("\\[((?:'(?:[^']|'')*'(?:, )?)*)\\](?:::VARCHAR\\[\\])?");

  /** {@code arg_min(x, (a, b, c))}: the minimum by a tuple. */
  private static final Pattern ARG_MIN = Pattern.compile("arg_min\\(([^,()]+), \\(([^()]*)\\)\\)");

  /**
   * A statement with its bound values written in as literals: our own values (the catalogue's SRVs,
   * the rule set's times, a month's bounds), never a user's text. Spark's parameter markers are not
   * typed in an inline table ({@code VALUES}), where the store's statements bind them.
   */
  static String bind(String sql, java.util.List<Object> params) {
    StringBuilder out = new StringBuilder();
    int next = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == '?') {
        Object v = params.get(next++);
        out.append(
            v instanceof Number n ? n.toString() : "'" + v.toString().replace("'", "''") + "'");
      } else {
        out.append(c);
      }
    }
    if (next != params.size()) {
      throw new IllegalArgumentException(params.size() + " values for " + next + " markers");
    }
    return out.toString();
  }

  static String translate(String duckdb) {
    String s = duckdb.replace("NULL::VARCHAR", "CAST(NULL AS STRING)");
    Matcher m = LIST.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String items = m.group(1);
      m.appendReplacement(
          out,
          Matcher.quoteReplacement(
              items.isEmpty() ? "CAST(array() AS ARRAY<STRING>)" : "array(" + items + ")"));
    }
    m.appendTail(out);
    s = out.toString();
    s = ARG_MIN.matcher(s).replaceAll("min_by($1, struct($2))");
    return s.replace("list_filter(", "filter(")
        .replace("list_transform(", "transform(")
        .replace("string_split(", "split(");
  }
}
