package uk.meterwatch.engine.load;

import java.util.EnumSet;
import java.util.Set;

/**
 * The value types of the data contract, and the shapes a value of each may come in from any format
 * (CSV text, a JSON type, a Parquet type): the first rule every value meets. A format turns an
 * accepted value into its text, which the type's rules then check ({@link Column#rules}).
 */
enum ColumnType {
  /** Text of one line: ids, names. */
  TEXT(EnumSet.of(ValueShape.TEXT), "text"),
  /**
   * Free text that may hold line breaks (titles, action text, root causes): in CSV a quoted value
   * of such a column may span lines (docs/loading.md).
   */
  FREE_TEXT(EnumSet.of(ValueShape.TEXT), "text"),
  /** A code of a fixed form (response and alert codes), stored in upper case. */
  CODE(EnumSet.of(ValueShape.TEXT), "text"),
  /** ISO-8601 with an offset or Z, or integer epoch milliseconds; stored as epoch micros. */
  INSTANT(Scalars.ANY, "a time"),
  /** YYYY-MM-DD. */
  DATE(Scalars.ANY, "a date"),
  /** A whole number, with an allowed range. */
  INTEGER(Scalars.ANY, "a whole number"),
  /** true or false. */
  BOOLEAN(Scalars.ANY, "true or false"),
  /** Values separated by ';' (or a list, from JSON Lines and Parquet). */
  LIST(EnumSet.of(ValueShape.TEXT, ValueShape.LIST), "text or a list of text");

  /**
   * Any single value: the text of a number, a boolean or a time is then checked by the type's own
   * rule (1 in a boolean column is "must be true or false, got 1" in every format). Only text
   * columns refuse them: a number can lose digits, and an id is never a number.
   */
  private static final class Scalars {
    static final Set<ValueShape> ANY =
        EnumSet.of(ValueShape.TEXT, ValueShape.NUMBER, ValueShape.BOOLEAN, ValueShape.TIME);
  }

  private final Set<ValueShape> shapes;
  private final String expected;

  ColumnType(Set<ValueShape> shapes, String expected) {
    this.shapes = shapes;
    this.expected = expected;
  }

  /** The shapes a value of this type may come in. */
  Set<ValueShape> shapes() {
    return shapes;
  }

  /** Whether a value of this type may hold line breaks. */
  boolean mayBreakLines() {
    return this == FREE_TEXT;
  }

  /**
   * Why a value of another shape is refused, before the value itself: "srv must be text, got a
   * number: " (a list or object where one value belongs: "COLUMN must be one value, got ").
   */
  String refusal(String column, ValueShape got) {
    if ((got == ValueShape.LIST || got == ValueShape.OBJECT) && this != LIST) {
      return column + " must be one value, got ";
    }
    return column + " must be " + expected + ", got " + got.noun() + ": ";
  }

  /** What follows the value in such a reason: why it matters, when that is not plain. */
  String refusalNote(ValueShape got) {
    return got == ValueShape.NUMBER && shapes.equals(EnumSet.of(ValueShape.TEXT))
        ? " (a number can lose digits: 7.10 reads as 7.1)"
        : "";
  }
}
