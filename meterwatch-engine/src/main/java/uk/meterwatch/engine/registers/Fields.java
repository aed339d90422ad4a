package uk.meterwatch.engine.registers;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.TimeRange;

/**
 * Reads the fields of one imported row (a CSV line or a JSON object) with the data contract's
 * formats; every error names where the row came from.
 */
final class Fields {
  private final String where;
  private final Map<String, Object> values;

  Fields(String where, Map<String, Object> values) {
    this.where = where;
    this.values = values;
  }

  String where() {
    return where;
  }

  MeterwatchException error(String reason) {
    return new MeterwatchException(ErrorCode.INVALID_VALUE, where + ": " + reason);
  }

  /** The value as text, or null when absent or blank. */
  String text(String name) {
    Object v = values.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof List<?> || v instanceof Map<?, ?>) {
      throw error(name + " must be a single value");
    }
    String s = String.valueOf(v).strip();
    return s.isEmpty() ? null : s;
  }

  String required(String name) {
    String s = text(name);
    if (s == null) {
      throw error(name + " is required");
    }
    return s;
  }

  Integer integer(String name, boolean required) {
    String s = required ? required(name) : text(name);
    if (s == null) {
      return null;
    }
    try {
      return Integer.valueOf(s);
    } catch (NumberFormatException e) {
      throw error(name + " '" + s + "' is not a whole number");
    }
  }

  Boolean bool(String name) {
    String s = text(name);
    if (s == null) {
      return null;
    }
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(name + " '" + s + "' is not true or false");
    };
  }

  Instant instant(String name, boolean required) {
    String s = required ? required(name) : text(name);
    if (s == null) {
      return null;
    }
    try {
      return parseInstant(s);
    } catch (IllegalArgumentException e) {
      throw error(name + ": " + e.getMessage());
    }
  }

  LocalDate date(String name, boolean required) {
    String s = required ? required(name) : text(name);
    if (s == null) {
      return null;
    }
    try {
      return TimeRange.date(s);
    } catch (IllegalArgumentException e) {
      throw error(name + " '" + s + "' " + e.getMessage());
    }
  }

  /** A list: a JSON array, or text separated by ';' (the contract's lists). */
  List<String> list(String name) {
    Object v = values.get(name);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      for (Object o : l) {
        if (o != null && !String.valueOf(o).isBlank()) {
          out.add(String.valueOf(o).strip());
        }
      }
    } else {
      Arrays.stream(String.valueOf(v).split(";"))
          .map(String::strip)
          .filter(x -> !x.isEmpty())
          .forEach(out::add);
    }
    return List.copyOf(out);
  }

  /**
   * An instant as the contract writes it: ISO-8601 with an offset or Z, or epoch milliseconds. A
   * time without an offset is refused, never guessed.
   */
  static Instant parseInstant(String s) {
    String t = s.strip();
    Instant instant;
    if (t.matches("-?\\d{1,15}")) {
      instant = Instant.ofEpochMilli(Long.parseLong(t));
    } else {
      try {
        instant = OffsetDateTime.parse(t).toInstant();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException("'" + s + "' " + TimeRange.notATime(s));
      }
    }
    if (!TimeRange.contains(instant)) {
      throw new IllegalArgumentException("'" + s + "' is " + TimeRange.WHY);
    }
    return instant;
  }
}
