package uk.meterwatch.engine.bpi;

/** What a CHANGE_OF_SUPPLY transaction really is, from the organisations in the users file. */
public enum UseCase {
  /** The device's certificate owner belongs to another organisation than the User. */
  SUPPLIER_SWITCH,
  /** Same organisation (the User itself included): an internal migration. */
  INTERNAL_MIGRATION,
  /** The device, its certificate owner, or either organisation is unknown. */
  UNKNOWN
}
