package uk.meterwatch.engine.registers;

import java.nio.file.Path;
import java.util.Locale;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/** The formats every register exports to and imports from. */
public enum ExchangeFormat {
  CSV,
  JSON;

  /** The format named, or else the one the file name ends with. */
  public static ExchangeFormat of(String name, Path file) {
    if (name != null && !name.isBlank()) {
      try {
        return valueOf(name.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new MeterwatchException(
            ErrorCode.USAGE, "unknown format '" + name + "' (expected csv or json)");
      }
    }
    String f = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (f.endsWith(".csv")) {
      return CSV;
    }
    if (f.endsWith(".json")) {
      return JSON;
    }
    throw new MeterwatchException(
        ErrorCode.USAGE,
        "cannot tell the format of " + file + " from its name: give --format csv or json");
  }
}
