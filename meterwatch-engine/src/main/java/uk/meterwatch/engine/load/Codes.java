package uk.meterwatch.engine.load;

/**
 * The forms of the codes the contract carries (docs/loading.md, "Codes"): read in any case, stored
 * in upper case, anything else quarantined. Regular expressions that Java and RE2 (DuckDB) read
 * alike.
 */
final class Codes {
  private Codes() {}

  /** A DUIS response code: I0 (success), I99 (acknowledgement), or E and a number (an error). */
  static final String RESPONSE = "I0|I99|E[1-9][0-9]{0,3}";

  static final String RESPONSE_FORM = "a DUIS response code: I0, I99 or E and a number (E4, E21)";

  /** A device's alert code (four hex digits, 8F1C) or a DCC alert code (letters and a number). */
  static final String ALERT = "[0-9A-F]{4}|[A-Z]{1,3}[0-9]{1,4}";

  static final String ALERT_FORM =
      "an alert code: four hex digits (a device's, 8F1C) or letters and a number (the DCC's, N24)";
}
