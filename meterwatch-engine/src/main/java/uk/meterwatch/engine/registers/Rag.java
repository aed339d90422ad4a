package uk.meterwatch.engine.registers;

import java.util.Locale;

/** A RAG status. */
public enum Rag {
  RED,
  AMBER,
  GREEN;

  public static Rag parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw IncidentRegister.invalid("RAG status '" + text + "' is not RED, AMBER or GREEN");
    }
  }
}
