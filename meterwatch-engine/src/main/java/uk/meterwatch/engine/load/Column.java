package uk.meterwatch.engine.load;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import uk.meterwatch.core.time.TimeRange;

/**
 * One column of a kind in the data contract and the store column it becomes. Its rules ({@link
 * #rules}) follow from its type, as data.
 *
 * @param name the contract's column name (case-sensitive)
 * @param type its value type
 * @param required a value must be present
 * @param storeName the store column (instants get a {@code _us} name)
 * @param allowed for TEXT, the only allowed values (empty = any); for INTEGER, [min, max]; for
 *     CODE, [regular expression, its form in words]
 * @param absent what an absent value is stored as, or null (stored as NULL)
 */
record Column(
    String name,
    ColumnType type,
    boolean required,
    String storeName,
    List<String> allowed,
    Default absent) {

  Column(String name, ColumnType type, boolean required, String storeName, List<String> allowed) {
    this(name, type, required, storeName, allowed, null);
  }

  /**
   * What an absent value is stored as: a constant, or a value looked up from another column of the
   * row (a response's kind from its code).
   */
  sealed interface Default {
    /** Always this value. */
    record Constant(String value) implements Default {}

    /**
     * {@code value} when the (normalised) column {@code column} is {@code when}, else otherwise.
     */
    record When(String column, String when, String value, String otherwise) implements Default {}
  }

  static Column text(String name, boolean required) {
    return new Column(name, ColumnType.TEXT, required, name, List.of());
  }

  /** Free text: may hold line breaks (a title, an action's text, a root cause). */
  static Column freeText(String name, boolean required) {
    return new Column(name, ColumnType.FREE_TEXT, required, name, List.of());
  }

  /** One of a few values, in any case, stored as written here. */
  static Column oneOf(String name, boolean required, String... values) {
    return new Column(name, ColumnType.TEXT, required, name, List.of(values));
  }

  /** A code whose upper-case form matches {@code regex} (described by {@code form}). */
  static Column code(String name, boolean required, String regex, String form) {
    return new Column(name, ColumnType.CODE, required, name, List.of(regex, form));
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

  /** This column, with what an absent value is stored as. */
  Column orAbsent(Default value) {
    return new Column(name, type, required, storeName, allowed, value);
  }

  /** Whether the store never holds NULL here (a key's equality may then use =). */
  boolean neverNull() {
    return required || absent != null || type == ColumnType.LIST || type == ColumnType.BOOLEAN;
  }

  /** The rules every value of this column meets, whatever its format. */
  List<ValueRule> rules() {
    List<ValueRule> rules = new ArrayList<>();
    if (required) {
      rules.add(new ValueRule.Required());
    }
    switch (type) {
      case TEXT -> {
        rules.add(new ValueRule.NoControlCharacters(false));
        if (!allowed.isEmpty()) {
          rules.add(new ValueRule.OneOf(allowed));
        }
      }
      case FREE_TEXT -> rules.add(new ValueRule.NoControlCharacters(true));
      case CODE -> {
        rules.add(new ValueRule.NoControlCharacters(false));
        rules.add(new ValueRule.Code(allowed.get(0), allowed.get(1)));
      }
      case INSTANT ->
          rules.add(new ValueRule.Time(TimeRange.EARLIEST, TimeRange.END, TimeRange.YEARS));
      case DATE ->
          rules.add(
              new ValueRule.Date(
                  LocalDate.ofInstant(TimeRange.EARLIEST, java.time.ZoneOffset.UTC),
                  LocalDate.ofInstant(TimeRange.END, java.time.ZoneOffset.UTC).minusDays(1),
                  TimeRange.YEARS));
      case INTEGER ->
          rules.add(
              new ValueRule.WholeNumber(
                  Integer.parseInt(allowed.get(0)), Integer.parseInt(allowed.get(1))));
      case BOOLEAN -> rules.add(new ValueRule.TrueOrFalse());
      case LIST -> rules.add(new ValueRule.NoControlCharacters(false));
    }
    return rules;
  }
}
