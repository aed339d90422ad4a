package uk.meterwatch.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import uk.meterwatch.core.scope.ProviderCatalogue;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.engine.load.ContractSql;
import uk.meterwatch.engine.load.ContractSql.ColumnSql;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.Kind;

/**
 * The loader's checks on Spark: the SQL of {@link ContractSql} (written once, run by the store's
 * loader too), with this engine's definitions of the functions it calls (the dialect seam: the
 * store defines them as DuckDB macros in {@code DropLoader.prepareSession}).
 */
final class SparkContract {
  private SparkContract() {}

  /** ISO-8601 with Z or an offset, its parts as groups (after upper()). */
  private static final String ISO =
      "^(\\d{4})-(\\d\\d)-(\\d\\d)[T ](\\d\\d):(\\d\\d)(?::(\\d\\d)(?:\\.(\\d+))?)?"
          + "(?:Z|([+-])(\\d\\d)(?::?(\\d\\d))?)$";

  /** Settings and functions the checks need, on the session (idempotent). */
  static void prepare(SparkSession spark, SrvCatalogue catalogue) {
    // The loader's SQL quotes identifiers with double quotes and writes regular expressions with
    // plain backslashes, as DuckDB reads them.
    spark.conf().set("spark.sql.ansi.enabled", "true");
    spark.conf().set("spark.sql.ansi.doubleQuotedIdentifiers", "true");
    spark.conf().set("spark.sql.parser.escapedStringLiterals", "true");
    List<String> functions =
        List.of(
            // A whole-string match (RE2's full match; \z: Java's $ also matches before a final
            // line break).
            "regexp_full_match(s STRING, p STRING) RETURNS BOOLEAN"
                + " RETURN s RLIKE concat('^(?:', p, ')\\z')",
            "list_contains(a ARRAY<STRING>, x STRING) RETURNS BOOLEAN RETURN array_contains(a, x)",
            // Spaces, tabs and Unicode space separators off both ends; NULL when nothing is left.
            "mw_trim(x STRING) RETURNS STRING"
                + " RETURN nullif(regexp_replace(x, '^[ \\t\\p{Z}]+|[ \\t\\p{Z}]+\\z', ''), '')",
            "mw_no_offset(x STRING) RETURNS BOOLEAN RETURN regexp_full_match(trim(x),"
                + " '\\d{4}-\\d\\d-\\d\\d([T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?)?')",
            "mw_iso_with_offset(x STRING) RETURNS BOOLEAN RETURN regexp_full_match(x,"
                + " '\\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d(:\\d\\d(\\.\\d+)?)?"
                + "([Zz]|[+-]((0\\d|1[0-7])(:?[0-5]\\d)?|18(:?00)?))')",
            // A year the store's range cannot hold, written as xs:dateTime allows (the loader's
            // mw_far_year): out of range, not unparsable.
            "mw_far_year(x STRING) RETURNS BOOLEAN RETURN regexp_full_match(trim(x),"
                + " '(-\\d{4,}|\\d{5,})-\\d\\d-\\d\\d([T ].*)?')",
            // The first control character of a value as U+XXXX, or NULL (the loader's mw_ctl; in
            // free text line breaks are allowed: mw_ctl_lines).
            "mw_ctl(x STRING) RETURNS STRING RETURN CASE WHEN x RLIKE '[\\x00-\\x08\\x0A-\\x1F]'"
                + " THEN format_string('U+%04X', ascii(regexp_extract(x,"
                + " '([\\x00-\\x08\\x0A-\\x1F])', 1))) END",
            "mw_ctl_lines(x STRING) RETURNS STRING RETURN CASE WHEN x RLIKE"
                + " '[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F]' THEN format_string('U+%04X',"
                + " ascii(regexp_extract(x, '([\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F])', 1))) END",
            // DuckDB's TIMESTAMPTZ cast of what mw_iso_with_offset accepts: seconds required (a
            // time without them is unparsable there), no leap second, a real day and hour;
            // fractions to the microsecond.
            "mw_iso_us(s STRING) RETURNS BIGINT RETURN CASE"
                + " WHEN regexp_extract(s, '"
                + ISO
                + "', 6) = '' THEN NULL"
                + " WHEN CAST(regexp_extract(s, '"
                + ISO
                + "', 6) AS INT) > 59 THEN NULL"
                + " ELSE unix_micros(try_make_timestamp("
                + part(1)
                + ", "
                + part(2)
                + ", "
                + part(3)
                + ", "
                + part(4)
                + ", "
                + part(5)
                + ", CAST(concat(regexp_extract(s, '"
                + ISO
                + "', 6), '.', rpad(substr(regexp_extract(s, '"
                + ISO
                + "', 7), 1, 6), 6, '0')) AS DECIMAL(8, 6)), 'UTC'))"
                + " - CASE regexp_extract(s, '"
                + ISO
                + "', 8) WHEN '-' THEN -1 ELSE 1 END"
                + " * (coalesce(CAST(nullif(regexp_extract(s, '"
                + ISO
                + "', 9), '') AS BIGINT), 0) * 3600"
                + " + coalesce(CAST(nullif(regexp_extract(s, '"
                + ISO
                + "', 10), '') AS BIGINT), 0) * 60) * 1000000 END",
            // Epoch milliseconds (digits only, at most 15), or ISO-8601 with an offset.
            "mw_us(x STRING) RETURNS BIGINT RETURN CASE"
                + " WHEN regexp_full_match(mw_trim(x), '-?\\d{1,15}')"
                + " THEN CAST(mw_trim(x) AS BIGINT) * 1000"
                + " WHEN mw_iso_with_offset(mw_trim(x)) THEN mw_iso_us(upper(mw_trim(x))) END",
            "mw_srv_known(x STRING) RETURNS BOOLEAN RETURN array_contains("
                + array(catalogue.all().stream().map(Srv::variant).toList())
                + ", x)",
            "mw_srv_device(x STRING) RETURNS BOOLEAN RETURN array_contains("
                + array(
                    catalogue.all().stream().filter(v -> !v.nonDevice()).map(Srv::variant).toList())
                + ", x)",
            // The shipped provider catalogue (a drop read by Spark has no store of its own).
            "mw_provider_known(x STRING) RETURNS BOOLEAN RETURN array_contains("
                + array(ProviderCatalogue.standard().providerIds())
                + ", x)",
            "mw_provider_catalogue() RETURNS STRING RETURN element_at("
                + array(List.of(DropLoader.providerReason(ProviderCatalogue.standard())))
                + ", 1)");
    for (String f : functions) {
      spark.sql("CREATE OR REPLACE TEMPORARY FUNCTION " + f);
    }
  }

  private static String part(int group) {
    return "CAST(regexp_extract(s, '" + ISO + "', " + group + ") AS INT)";
  }

  private static String array(List<String> values) {
    return values.stream()
        .map(v -> "'" + v.replace("'", "''") + "'")
        .collect(Collectors.joining(", ", "array(", ")"));
  }

  private static String q(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /**
   * The text rows of a kind checked: the store columns, {@code mw_load}, {@code mw_file}, {@code
   * mw_line}, {@code mw_reason} (the first breach, or why the line is no row; NULL for a good row)
   * and {@code mw_raw} (a breaching row as read, as JSON; a malformed line as its text).
   */
  static Dataset<Row> checked(SparkSession spark, Kind kind, Dataset<Row> text) {
    String view = "mw_text_" + kind.fileStem();
    text.createOrReplaceTempView(view);
    List<ColumnSql> columns = ContractSql.columns(kind);
    StringBuilder inner = new StringBuilder("SELECT *");
    for (ColumnSql c : columns) {
      inner
          .append(", mw_trim(")
          .append(q(c.name()))
          .append(") AS ")
          .append(ContractSql.trimmed(c.name()));
      if (c.instant()) {
        inner.append(", mw_us(").append(q(c.name())).append(") AS ").append(q(c.storeName()));
      }
    }
    inner.append(" FROM ").append(view);
    String reasoned =
        "SELECT *, coalesce(mw_bad, "
            + ContractSql.reason(kind)
            + ") AS mw_reason FROM ("
            + inner
            + ")";
    String raw =
        "to_json(named_struct("
            + columns.stream()
                .map(c -> "'" + c.name() + "', " + q(c.name()))
                .collect(Collectors.joining(", "))
            + "))";
    String select =
        "SELECT "
            + columns.stream()
                .map(c -> ContractSql.store(kind, c) + " AS " + q(c.storeName()))
                .collect(Collectors.joining(", "))
            + ", mw_load, mw_file, mw_line, mw_reason, CASE WHEN mw_bad IS NOT NULL THEN mw_text"
            + " WHEN mw_reason IS NOT NULL THEN "
            + raw
            + " END AS mw_raw FROM ("
            + reasoned
            + ")";
    return spark.sql(SparkDialect.translate(select));
  }

  /** A kind's store table with no rows (a drop without that kind). */
  static Dataset<Row> empty(SparkSession spark, Kind kind) {
    StructType schema = new StructType();
    for (ColumnSql c : ContractSql.columns(kind)) {
      schema = schema.add(c.name(), DataTypes.StringType, true);
    }
    schema =
        schema
            .add("mw_load", DataTypes.LongType, false)
            .add("mw_file", DataTypes.StringType, false)
            .add("mw_line", DataTypes.LongType, false)
            .add("mw_bad", DataTypes.StringType, true)
            .add("mw_text", DataTypes.StringType, true);
    Dataset<Row> none = spark.createDataFrame(List.of(), schema);
    List<Column> select = new ArrayList<>();
    for (ColumnSql c : ContractSql.columns(kind)) {
      select.add(col("`" + c.storeName() + "`"));
    }
    select.add(col("mw_load").as("load_id"));
    select.add(col("mw_line").as("line"));
    return checked(spark, kind, none).select(select.toArray(Column[]::new));
  }

  /**
   * The valid rows with {@code mw_duplicate}: whether the load counts the row as a duplicate
   * (docs/loading.md, "Duplicates and updates"), by the kind's rule, in the loader's order of files
   * and lines.
   */
  static Dataset<Row> duplicates(Kind kind, Dataset<Row> valid) {
    Column[] keys =
        ContractSql.keyColumns(kind).stream().map(k -> col("`" + k + "`")).toArray(Column[]::new);
    String rule = ContractSql.dedup(kind);
    if (!rule.equals("UPDATE")) {
      // KEEP_FIRST (by id) and FULL_ROW (by every column): the first row wins.
      WindowSpec w = Window.partitionBy(keys).orderBy(col("mw_load"), col("mw_line"));
      return valid.withColumn("mw_duplicate", row_number().over(w).gt(1));
    }
    // UPDATE: within a file the last row of an id wins (earlier ones are duplicates); a file's
    // row identical to the record as the files before left it is a duplicate, else it replaces.
    Column record =
        struct(
            ContractSql.columns(kind).stream()
                .map(c -> col("`" + c.storeName() + "`"))
                .toArray(Column[]::new));
    Dataset<Row> ranked =
        valid.withColumn(
            "mw_in_file",
            row_number()
                .over(Window.partitionBy(keysWithLoad(keys)).orderBy(col("mw_line").desc())));
    Dataset<Row> candidates =
        ranked
            .where(col("mw_in_file").equalTo(1))
            .withColumn("mw_record", record)
            .withColumn(
                "mw_duplicate",
                org.apache.spark.sql.functions.coalesce(
                    lag(col("mw_record"), 1)
                        .over(Window.partitionBy(keys).orderBy(col("mw_load")))
                        .eqNullSafe(col("mw_record")),
                    org.apache.spark.sql.functions.lit(false)))
            .drop("mw_record", "mw_in_file");
    Dataset<Row> earlier =
        ranked
            .where(col("mw_in_file").gt(1))
            .withColumn("mw_duplicate", org.apache.spark.sql.functions.lit(true))
            .drop("mw_in_file");
    return candidates.unionByName(earlier);
  }

  private static Column[] keysWithLoad(Column[] keys) {
    Column[] all = new Column[keys.length + 1];
    System.arraycopy(keys, 0, all, 0, keys.length);
    all[keys.length] = col("mw_load");
    return all;
  }
}
