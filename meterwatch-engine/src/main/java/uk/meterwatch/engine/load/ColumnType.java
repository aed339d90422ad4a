package uk.meterwatch.engine.load;

/** The value types of the data contract. */
enum ColumnType {
  /** Free text. */
  TEXT,
  /** ISO-8601 with an offset or Z, or integer epoch milliseconds; stored as epoch micros. */
  INSTANT,
  /** YYYY-MM-DD. */
  DATE,
  /** A whole number, with an allowed range. */
  INTEGER,
  /** true or false. */
  BOOLEAN,
  /** Values separated by ';'. */
  LIST
}
