package uk.meterwatch.core.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One query of a calculation, in the SQL both DuckDB and Spark SQL accept: standard SELECT, CASE,
 * coalesce, CAST(... AS BIGINT), count/sum/min, GROUP BY ordinals, window functions in a derived
 * table (no QUALIFY, no {@code ::} casts, no {@code //}, no GROUP BY ALL). Relations are written
 * {@code ${service_requests}} and resolved by the engine to its tables or views; values are named
 * parameters {@code :name}, bound by the engine (a list value stands for a list of values, as in
 * {@code srv IN (:srvs)}). So a second engine runs the same text through its own {@link Dialect}.
 *
 * <p>Two queries with equal text and values give equal results within one report: the engine runs
 * each once (measures of one calculation share it).
 *
 * @param sql the text, with {@code ${relation}} and {@code :parameter} placeholders
 * @param params the values of the parameters, by name
 */
public record CubeQuery(String sql, Map<String, Object> params) {
  private static final Pattern RELATION = Pattern.compile("\\$\\{([a-z_][a-z0-9_]*)}");
  private static final Pattern PARAMETER = Pattern.compile(":([a-z_][a-z0-9_]*)");

  public CubeQuery {
    params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
  }

  /** A query with its parameters given as name, value, name, value, ... */
  public static CubeQuery of(String sql, Object... namesAndValues) {
    Map<String, Object> params = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      params.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return new CubeQuery(sql, params);
  }

  /** How an engine writes relations and parameters. */
  public interface Dialect {
    /** The engine's name of a relation of the store (e.g. a table or a temporary view). */
    String relation(String name);

    /** The engine's text for a parameter and its value; values are appended to {@code bound}. */
    String parameter(String name, Object value, List<Object> bound);
  }

  /**
   * The text for an engine, with the values to bind in order. Every {@code :name} must have a
   * value: a missing one is a programming error.
   */
  public Rendered render(Dialect dialect) {
    Matcher relations = RELATION.matcher(sql);
    StringBuilder withRelations = new StringBuilder();
    while (relations.find()) {
      relations.appendReplacement(
          withRelations, Matcher.quoteReplacement(dialect.relation(relations.group(1))));
    }
    relations.appendTail(withRelations);
    // Outside quoted literals, :name is a parameter ('a:b' is text, x::t would be a cast).
    String text = withRelations.toString();
    StringBuilder out = new StringBuilder();
    List<Object> bound = new java.util.ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char ch = text.charAt(i);
      if (ch == '\'') {
        int close = i + 1;
        while (close < text.length()) {
          if (text.charAt(close) == '\'') {
            if (close + 1 < text.length() && text.charAt(close + 1) == '\'') {
              close += 2;
              continue;
            }
            break;
          }
          close++;
        }
        out.append(text, i, Math.min(close + 1, text.length()));
        i = close + 1;
        continue;
      }
      if (ch == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
        out.append("::");
        i += 2;
        continue;
      }
      Matcher m = ch == ':' ? PARAMETER.matcher(text).region(i, text.length()) : null;
      if (m != null && m.lookingAt()) {
        String name = m.group(1);
        if (!params.containsKey(name)) {
          throw new IllegalArgumentException("no value for :" + name + " in " + sql);
        }
        out.append(dialect.parameter(name, params.get(name), bound));
        i = m.end();
        continue;
      }
      out.append(ch);
      i++;
    }
    return new Rendered(out.toString(), List.copyOf(bound));
  }

  /** A query as one engine runs it. */
  public record Rendered(String sql, List<Object> values) {}

  /**
   * JDBC's positional parameters: {@code ?} for a value, {@code ?, ?, ?} for a list (an empty list
   * is {@code NULL}, so {@code x IN (NULL)} holds for no row). DuckDB's store names its tables as
   * the relations are named.
   */
  public static final Dialect JDBC =
      new Dialect() {
        @Override
        public String relation(String name) {
          return name;
        }

        @Override
        public String parameter(String name, Object value, List<Object> bound) {
          if (value instanceof List<?> list) {
            if (list.isEmpty()) {
              return "NULL";
            }
            bound.addAll(list);
            return String.join(", ", java.util.Collections.nCopies(list.size(), "?"));
          }
          bound.add(value);
          return "?";
        }
      };
}
