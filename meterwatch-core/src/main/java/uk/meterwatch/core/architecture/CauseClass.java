package uk.meterwatch.core.architecture;

import java.util.Arrays;
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
  UNKNOWN("Unknown");

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

  /** Parses a cause class name, case-insensitive; a clear error naming the choices otherwise. */
  public static CauseClass parse(String text) {
    String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace(' ', '_');
    for (CauseClass c : values()) {
      if (c.name().equals(t)) {
        return c;
      }
    }
    throw new MeterwatchException(
        ErrorCode.INVALID_VALUE,
        "unknown cause class '"
            + text
            + "' (expected one of "
            + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "))
            + ")");
  }
}
