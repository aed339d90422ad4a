package uk.meterwatch.engine.load;

import java.util.List;

/**
 * One column of a kind in the data contract and the store column it becomes.
 *
 * @param name the contract's column name (case-sensitive)
 * @param type its value type
 * @param required a value must be present
 * @param storeName the store column (instants get a {@code _us} name)
 * @param allowed for TEXT, the only allowed values (empty = any); for INTEGER, [min, max]
 */
record Column(
    String name, ColumnType type, boolean required, String storeName, List<String> allowed) {

  static Column text(String name, boolean required) {
    return new Column(name, ColumnType.TEXT, required, name, List.of());
  }

  /** Free text: may hold line breaks (a title, an action's text, a root cause). */
  static Column freeText(String name, boolean required) {
    return new Column(name, ColumnType.FREE_TEXT, required, name, List.of());
  }

  static Column oneOf(String name, boolean required, String... values) {
    return new Column(name, ColumnType.TEXT, required, name, List.of(values));
  }

  static Column instant(String name, boolean required, String storeName) {
    return new Column(name, ColumnType.INSTANT, required, storeName, List.of());
  }

  static Column date(String name, boolean required) {
    return new Column(name, ColumnType.DATE, required, name, List.of());
  }

  static Column integer(String name, boolean required, int min, int max) {
    return new Column(
        name,
        ColumnType.INTEGER,
        required,
        name,
        List.of(String.valueOf(min), String.valueOf(max)));
  }

  static Column bool(String name, boolean required) {
    return new Column(name, ColumnType.BOOLEAN, required, name, List.of());
  }

  static Column list(String name) {
    return new Column(name, ColumnType.LIST, false, name, List.of());
  }
}
