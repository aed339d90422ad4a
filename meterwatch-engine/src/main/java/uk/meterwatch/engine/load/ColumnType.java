package uk.meterwatch.engine.load;

/** The value types of the data contract. */
enum ColumnType {
  /** Text of one line: ids, names, codes. */
  TEXT,
  /**
   * Free text that may hold line breaks (titles, action text, root causes): in CSV a quoted value
   * of such a column may span lines (docs/loading.md).
   */
  FREE_TEXT,
  /** ISO-8601 with an offset or Z, or integer epoch milliseconds; stored as epoch micros. */
  INSTANT,
  /** YYYY-MM-DD. */
  DATE,
  /** A whole number, with an allowed range. */
  INTEGER,
  /** true or false. */
  BOOLEAN,
  /** Values separated by ';'. */
  LIST;

  /** Whether a value of this type may hold line breaks. */
  boolean mayBreakLines() {
    return this == FREE_TEXT;
  }
}
