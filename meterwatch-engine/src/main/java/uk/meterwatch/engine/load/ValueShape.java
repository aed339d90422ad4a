package uk.meterwatch.engine.load;

/**
 * What a value is before its text is checked, as its format gives it: CSV gives text only; JSON
 * Lines gives a JSON type and Parquet a column type, each mapped to one of these. A column accepts
 * the shapes its type lists ({@link ColumnType#shapes}), whatever the format: one rule for every
 * format.
 */
enum ValueShape {
  TEXT("text"),
  NUMBER("a number"),
  BOOLEAN("true or false"),
  TIME("a time"),
  LIST("a list"),
  OBJECT("an object"),
  BINARY("binary data");

  private final String noun;

  ValueShape(String noun) {
    this.noun = noun;
  }

  /** For reasons: "a number", "binary data". */
  String noun() {
    return noun;
  }

  /** The shape of a JSON value of DuckDB's json_type, or null for NULL (absent). */
  static ValueShape ofJsonType(String jsonType) {
    return switch (jsonType) {
      case "VARCHAR" -> TEXT;
      case "BIGINT", "UBIGINT", "HUGEINT", "DOUBLE" -> NUMBER;
      case "BOOLEAN" -> BOOLEAN;
      case "ARRAY" -> LIST;
      case "OBJECT" -> OBJECT;
      default -> null;
    };
  }

  /** The shape of a Parquet column of DuckDB's type (as DESCRIBE names it). */
  static ValueShape ofDuckDbType(String type) {
    String t = type.toUpperCase(java.util.Locale.ROOT);
    if (t.endsWith("[]") || t.startsWith("LIST") || t.matches(".*\\[\\d+\\]")) {
      return LIST;
    }
    if (t.startsWith("STRUCT") || t.startsWith("MAP") || t.startsWith("UNION")) {
      return OBJECT;
    }
    if (t.equals("VARCHAR") || t.equals("UUID") || t.startsWith("ENUM")) {
      return TEXT;
    }
    if (t.equals("BOOLEAN")) {
      return BOOLEAN;
    }
    if (t.startsWith("TIMESTAMP") || t.equals("DATE") || t.startsWith("TIME")) {
      return TIME;
    }
    if (t.equals("BLOB") || t.equals("BIT")) {
      return BINARY;
    }
    if (t.matches(
        "U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)|FLOAT|DOUBLE|DECIMAL.*|VARINT|BIGNUM")) {
      return NUMBER;
    }
    return OBJECT; // anything else is no single value of ours
  }
}
