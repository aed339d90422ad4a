package uk.meterwatch.engine.load;

import java.io.IOException;
import java.io.InputStream;
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

  /**
   * Why a value a format gives in another shape than text is refused in a column (the loader's
   * rule, {@link ColumnType#refusal}: a number, true or false, a time or binary data where text
   * belongs; a list or an object where one value belongs), or null when the column takes it.
   *
   * @param shape the value's shape: TEXT, NUMBER, BOOLEAN, TIME, LIST, OBJECT or BINARY
   */
  public static Refusal refusal(Kind kind, String column, String shape) {
    Column c = column(kind, column);
    ValueShape s = ValueShape.valueOf(shape);
    if (c.type().shapes().contains(s)) {
      return null;
    }
    return new Refusal(c.type().refusal(c.name(), s), c.type().refusalNote(s));
  }

  /** A list column's list that holds something other than text. */
  public static Refusal notAListOfText(String column) {
    return new Refusal(column + " must be a list of text, got ", "");
  }

  /** A refusal's reason is {@code before}, the value's text, then {@code after}. */
  public record Refusal(String before, String after) {
    public String of(String value) {
      return before + (value == null ? "" : value) + after;
    }
  }

  /** A CSV line whose quoted value is unbalanced: one record, quarantined with this reason. */
  public record CsvStray(long line, String reason, String text) {}

  /**
   * The lines of a CSV file whose quoted value is unbalanced (docs/loading.md, "Quotes"), as the
   * loader finds them ({@code CsvLines.scan}): each is one record, quarantined with its reason, and
   * reading resumes at the next line.
   *
   * @param header the file's header row
   * @param in the file's text (decompressed), from its first byte
   */
  public static List<CsvStray> csvStrays(Kind kind, List<String> header, InputStream in)
      throws IOException {
    return CsvLines.scan(in, DropLoader.scannedColumns(kind, DropLoader.readNames(kind, header)))
        .strays()
        .stream()
        .map(s -> new CsvStray(s.line(), s.reason(), s.text()))
        .toList();
  }

  private static Column column(Kind kind, String name) {
    return kind.columns().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }
}
