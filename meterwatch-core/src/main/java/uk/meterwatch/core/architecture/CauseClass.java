package uk.meterwatch.core.architecture;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * Why an incident happened: the architecture itself, or how it was operated (action 105/01 asks to
 * tell these apart). Human error counts as operational when the two are summed.
 */
public enum CauseClass {
  ARCHITECTURE("Architecture"),
  OPERATIONAL("Operational"),
  HUMAN_ERROR("Human error"),
  THIRD_PARTY("Third party"),
  UNKNOWN("Unknown"),
  /**
   * Shown, never set: a major incident whose review is not published (by the date of the report)
   * has its cause not yet established, whatever class the register gives it for now.
   */
  NOT_YET_ESTABLISHED("Not yet established");

  private final String label;

  CauseClass(String label) {
    this.label = label;
  }

  /** The name a reader sees. */
  public String label() {
    return label;
  }

  /** True for operational shortfalls, human error included (the minutes' grouping). */
  public boolean operational() {
    return this == OPERATIONAL || this == HUMAN_ERROR;
  }

  /** The classes a register may give an incident (all but NOT_YET_ESTABLISHED). */
  public static List<CauseClass> settable() {
    return Arrays.stream(values()).filter(c -> c != NOT_YET_ESTABLISHED).toList();
  }

  /** Parses a cause class name, case-insensitive; a clear error naming the choices otherwise. */
  public static CauseClass parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
    for (CauseClass c : settable()) {
      if (c.name().equals(t)) {
        return c;
      }
    }
    throw new MeterwatchException(
        ErrorCode.INVALID_VALUE,
        "unknown cause class '"
            + text
            + "' (expected one of "
            + settable().stream().map(Enum::name).collect(Collectors.joining(", "))
            + ")");
  }
}
