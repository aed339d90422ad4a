package uk.meterwatch.engine.load;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stages a Parquet file: {@code mw_stage} with each contract column's values as text, the row
 * number as its line, the first breach of a value's shape (a column's Parquet type is a {@link
 * ValueShape}: a DOUBLE srv is a number, where text belongs), and whether a value may hold a
 * control character. The values' rules are then the same as every format's ({@link
 * SqlColumnRules}).
 */
final class ParquetStaging {
  private ParquetStaging() {}

  /** Creates mw_stage; returns the contract columns the file has. */
  static Set<String> stage(Sql sql, Kind kind, String path) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    try (PreparedStatement p =
        sql.connection().prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
      p.setString(1, path);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          types.put(r.getString("column_name"), r.getString("column_type"));
        }
      }
    }
    DropLoader.requireColumns(kind, types.keySet(), List.copyOf(types.keySet()));
    List<String> select = new ArrayList<>();
    List<String> reasons = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Column c : kind.columns()) {
      String type = types.get(c.name());
      String col = SqlColumnRules.q(c.name());
      if (type == null) {
        select.add("NULL::VARCHAR AS " + col);
        continue;
      }
      ValueShape shape = ValueShape.ofDuckDbType(type);
      boolean textList = shape == ValueShape.LIST && type.toUpperCase().startsWith("VARCHAR");
      String text =
          shape == ValueShape.LIST && textList
              ? "array_to_string(" + col + ", ';')"
              : "CAST(" + col + " AS VARCHAR)";
      select.add(text + " AS " + col);
      texts.add(text);
      String reason = SqlColumnRules.shapeReason(c, shape, "CAST(" + col + " AS VARCHAR)");
      if (reason == null && shape == ValueShape.LIST && !textList) {
        reason = "'" + c.name() + " must be a list of text, got ' || CAST(" + col + " AS VARCHAR)";
      }
      if (reason != null) {
        reasons.add("CASE WHEN " + col + " IS NOT NULL THEN " + reason + " END");
      }
    }
    String formatReason =
        reasons.isEmpty()
            ? "NULL::VARCHAR"
            : reasons.size() == 1 ? reasons.get(0) : "coalesce(" + String.join(", ", reasons) + ")";
    // One test of the row's text decides whether its values are looked at one by one.
    String controls =
        texts.isEmpty()
            ? "false"
            : "coalesce(regexp_matches(concat_ws('|', "
                + String.join(", ", texts)
                + "), '"
                + SqlColumnRules.CONTROLS
                + "'), false)";
    sql.execute(
        "CREATE TEMP TABLE mw_stage AS SELECT "
            + String.join(", ", select)
            + ", file_row_number + 1 AS mw_line, "
            + formatReason
            + " AS mw_format_reason, "
            + controls
            + " AS mw_ctl FROM read_parquet(?, file_row_number=true)",
        path);
    return types.keySet();
  }
}
