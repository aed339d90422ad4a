package uk.meterwatch.core.error;

/** Stable codes for every error Meterwatch reports; scripts may match on them. */
public enum ErrorCode {
  /** The command line was wrong. */
  USAGE,
  /** An input file could not be read at all. */
  INPUT_UNREADABLE,
  /** An input file lacks a required column. */
  INPUT_COLUMNS,
  /** A value given on the command line or in an edit breaks a rule. */
  INVALID_VALUE,
  /** Something named does not exist. */
  NOT_FOUND,
  /** A rule set file is malformed. */
  RULES,
  /** The store could not be opened, migrated or written. */
  STORE,
  /** A bug: something that should never happen. */
  INTERNAL
}
