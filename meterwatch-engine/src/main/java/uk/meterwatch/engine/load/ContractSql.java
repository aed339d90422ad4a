package uk.meterwatch.engine.load;

import java.util.List;

/**
 * The data contract's checks as SQL, for an engine other than the store's (the Spark engine,
 * docs/spark.md): the very expressions the loader runs ({@link SqlColumnRules#reasonExpression},
 * {@link SqlColumnRules#storeExpression}), written once from {@link Kind}'s columns (their rules as
 * data, {@link ValueRule}) and checks. They call a few functions each engine defines for itself
 * (the dialect seam): {@code mw_trim}, {@code mw_us}, {@code mw_no_offset}, {@code mw_far_year},
 * {@code mw_ctl}, {@code mw_ctl_lines}, {@code mw_srv_known}, {@code mw_srv_device} (the store's
 * are macros of {@link SqlColumnRules#prepare} and {@code DropLoader.prepareSession}).
 */
public final class ContractSql {
  private ContractSql() {}

  /** One contract column: its name in files, its name in the store, whether it is an instant. */
  public record ColumnSql(String name, String storeName, boolean instant, boolean list) {}

  public static List<ColumnSql> columns(Kind kind) {
    return kind.columns().stream()
        .map(
            c ->
                new ColumnSql(
                    c.name(),
                    c.storeName(),
                    c.type() == ColumnType.INSTANT,
                    c.type() == ColumnType.LIST))
        .toList();
  }

  /** The required columns: a file without one of them cannot be loaded. */
  public static List<String> required(Kind kind) {
    return kind.columns().stream().filter(Column::required).map(Column::name).toList();
  }

  /**
   * The first contract breach of a row as a sentence, or NULL: over the row's text columns (quoted
   * by their names), each trimmed one as {@link #trimmed} and each instant parsed into its store
   * column ({@code mw_us}).
   */
  public static String reason(Kind kind) {
    // Every value is looked at for control characters (no format's cheap gate here).
    return SqlColumnRules.reasonExpression(kind, "true");
  }

  /** The store value of a valid row's column (same inputs as {@link #reason}). */
  public static String store(Kind kind, ColumnSql column) {
    Column c =
        kind.columns().stream().filter(x -> x.name().equals(column.name())).findFirst().get();
    return SqlColumnRules.storeExpression(kind, c);
  }

  /** The name of a column's trimmed value ({@code mw_trim} of it, NULL when empty). */
  public static String trimmed(String column) {
    return SqlColumnRules.trimmed(column);
  }

  /** The store columns that identify a row (for duplicates). */
  public static List<String> keyColumns(Kind kind) {
    return kind.keyColumns();
  }

  /** How a repeated row is told: KEEP_FIRST, FULL_ROW or UPDATE (docs/loading.md). */
  public static String dedup(Kind kind) {
    return kind.dedup().name();
  }
}
