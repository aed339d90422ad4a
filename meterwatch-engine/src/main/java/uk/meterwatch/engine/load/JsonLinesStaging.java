package uk.meterwatch.engine.load;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * Stages a JSON Lines file: {@code mw_lines} (every line with its number, and why it is not a row:
 * blank, malformed, not an object) and {@code mw_stage} (each object's contract values as text, its
 * line, the first breach of a value's shape or of the object, and whether a value may hold a
 * control character). The values' rules are then the same as every format's ({@link
 * SqlColumnRules}).
 */
final class JsonLinesStaging {
  private static final String REJECTS = "mw_json_rejects";
  // JSON never holds a raw 0x1F (control characters must be escaped in JSON text), so reading a
  // JSON Lines file as CSV with this delimiter yields exactly one value per line.
  private static final String DELIMITER = "\u001f";

  /** The temp tables and views staging makes (the loader drops them after each file). */
  static final List<String> TABLES =
      List.of("mw_json_lines", "mw_lines", REJECTS, REJECTS + "_scan");

  private JsonLinesStaging() {}

  /**
   * Creates mw_lines and mw_stage; returns the contract columns (all: a key may be on any line).
   */
  static Set<String> stage(Sql sql, Kind kind, boolean gzip, String path) throws SQLException {
    // Every line is a row (a blank one NULL): a committed temp table numbers them in the order
    // read from 0 (as for CSV, see DropLoader.stageCsv), on both cores; checked, and numbered by
    // rowid order otherwise. strict_mode=false: a raw control character (invalid JSON) or a line
    // ending otherwise than the others must not fail the file; a line DuckDB still cannot read
    // (not UTF-8, over the line size) is set aside, quarantined, and the rows after it numbered
    // around it.
    sql.execute(
        "CREATE TEMP TABLE mw_json_lines AS SELECT j FROM read_csv(?, compression='"
            + (gzip ? "gzip" : "none")
            + "', columns={'j': 'VARCHAR'}, header=false, delim='"
            + DELIMITER
            + "', quote='', escape='', auto_detect=false, strict_mode=false,"
            + " ignore_errors=true, store_rejects=true, rejects_table='"
            + REJECTS
            + "', rejects_scan='"
            + REJECTS
            + "_scan')",
        path);
    String keyed =
        sql.count(
                    "SELECT count(*) FROM (SELECT 1 FROM mw_json_lines"
                        + " HAVING min(rowid) <> 0 OR max(rowid) <> count(*) - 1)",
                    true)
                > 0
            ? "(SELECT j, row_number() OVER (ORDER BY rowid) - 1 AS mw_k FROM mw_json_lines)"
            : "(SELECT j, rowid AS mw_k FROM mw_json_lines)";
    List<Long> setAside = new ArrayList<>();
    for (long line : sql.longs("SELECT DISTINCT line FROM " + REJECTS + " ORDER BY line")) {
      setAside.add(line + 1); // rowOffsets counts lines after a header line
    }
    RowNumbers.view(
        sql,
        "mw_json_numbered",
        keyed,
        CsvLines.rowOffsets(setAside, List.of()),
        sql.count("SELECT count(*) FROM mw_json_lines", true),
        1);
    sql.execute(
        "CREATE TEMP TABLE mw_lines AS SELECT mw_line, j, CASE WHEN j IS NULL OR trim(j) = ''"
            + " THEN 'blank line' WHEN NOT json_valid(j) THEN 'malformed JSON' END AS mw_bad"
            + " FROM mw_json_numbered UNION ALL SELECT line, any_value(csv_line),"
            + " CASE WHEN any_value(error_type) = 'INVALID ENCODING'"
            + " THEN 'malformed JSON (not UTF-8)' ELSE 'malformed JSON ('"
            + " || lower(any_value(error_type)) || ')' END FROM "
            + REJECTS
            + " GROUP BY line");
    sql.execute(
        "UPDATE mw_lines SET mw_bad = 'not a JSON object' WHERE mw_bad IS NULL"
            + " AND json_type(j) <> 'OBJECT'");
    // A file none of whose lines is a JSON object is not JSON Lines at all (a CSV file named
    // .jsonl): it fails, so that the right file can load later (its SHA-256 is not kept).
    if (sql.count("SELECT count(*) FROM mw_lines WHERE mw_bad IS NULL", true) == 0
        && sql.count("SELECT count(*) FROM mw_lines WHERE mw_bad <> 'blank line'", true) > 0) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE,
          "not JSON Lines: no line is a JSON object (line "
              + sql.count("SELECT min(mw_line) FROM mw_lines WHERE mw_bad <> 'blank line'", true)
              + ": "
              + firstBreach(sql)
              + ")");
    }
    List<Column> columns = kind.columns();
    String schema =
        columns.stream()
            .map(c -> "\"" + c.name() + "\": \"VARCHAR\"")
            .collect(Collectors.joining(", ", "{", "}"));
    String paths =
        columns.stream()
            .map(c -> "'$.\"" + c.name() + "\"'")
            .collect(Collectors.joining(", ", "[", "]"));
    String values =
        columns.stream()
            .map(
                c ->
                    c.type() == ColumnType.LIST
                        ? "CASE WHEN json_type(j, '$.\""
                            + c.name()
                            + "\"') = 'ARRAY' THEN array_to_string(CAST(json_extract(j, '$.\""
                            + c.name()
                            + "\"') AS VARCHAR[]), ';') ELSE s."
                            + SqlColumnRules.q(c.name())
                            + " END AS "
                            + SqlColumnRules.q(c.name())
                        : "s." + SqlColumnRules.q(c.name()) + " AS " + SqlColumnRules.q(c.name()))
            .collect(Collectors.joining(", "));
    // A value that is not a string (a number, true or false, an array, an object): only lines
    // with a key followed by anything but a string or null are looked at, by their JSON types.
    // A key named twice (the first would win): only lines with a repeated key.
    sql.execute(
        "CREATE TEMP TABLE mw_stage AS SELECT "
            + values
            + ", mw_line, "
            + formatReason(columns)
            + " AS mw_format_reason, contains(j, '\\') AS mw_ctl FROM (SELECT mw_line, j,"
            + " from_json(j, '"
            + schema
            + "') AS s, CASE WHEN regexp_matches(j, '\"\\s*:\\s*[^\"\\sn]') THEN json_type(j, "
            + paths
            + ") END AS mw_types, json_keys(j) AS mw_keys FROM mw_lines WHERE mw_bad IS NULL)");
    Set<String> all = new LinkedHashSet<>();
    columns.forEach(c -> all.add(c.name()));
    return all;
  }

  /**
   * SQL for the first breach of a line's values by their JSON type ({@link ValueShape}), or of the
   * object (a contract key named twice), else NULL.
   */
  private static String formatReason(List<Column> columns) {
    List<String> whens = new ArrayList<>();
    StringBuilder repeated = new StringBuilder();
    for (Column c : columns) {
      repeated
          .append(" WHEN len(list_filter(mw_keys, k -> k = '")
          .append(c.name())
          .append("')) > 1 THEN '")
          .append(c.name())
          .append(" appears twice in the JSON object'");
    }
    whens.add(
        "WHEN len(mw_keys) <> len(list_distinct(mw_keys)) AND (CASE"
            + repeated
            + " END) IS NOT NULL THEN CASE"
            + repeated
            + " END");
    for (int i = 0; i < columns.size(); i++) {
      Column c = columns.get(i);
      String type = "mw_types[" + (i + 1) + "]";
      String value = "CAST(json_extract(j, '$.\"" + c.name() + "\"') AS VARCHAR)";
      for (String jsonType :
          List.of("BIGINT", "UBIGINT", "HUGEINT", "DOUBLE", "BOOLEAN", "ARRAY", "OBJECT")) {
        String reason = SqlColumnRules.shapeReason(c, ValueShape.ofJsonType(jsonType), value);
        if (reason != null) {
          whens.add("WHEN " + type + " = '" + jsonType + "' THEN " + reason);
        }
      }
      if (c.type() == ColumnType.LIST) {
        whens.add(
            "WHEN "
                + type
                + " = 'ARRAY' AND len(list_filter(json_type(j, '$.\""
                + c.name()
                + "\"[*]'), x -> x <> 'VARCHAR' AND x <> 'NULL')) > 0 THEN '"
                + c.name()
                + " must be a list of text, got ' || "
                + value);
      }
    }
    return "CASE " + String.join(" ", whens) + " END";
  }

  /** The reason of the first line that is not a row. */
  private static String firstBreach(Sql sql) throws SQLException {
    try (var st = sql.connection().createStatement();
        var r =
            st.executeQuery(
                "SELECT mw_bad FROM mw_lines WHERE mw_bad <> 'blank line' ORDER BY mw_line LIMIT 1")) {
      return r.next() ? r.getString(1) : "";
    }
  }
}
