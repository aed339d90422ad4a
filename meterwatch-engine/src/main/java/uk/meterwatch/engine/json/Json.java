package uk.meterwatch.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The JSON writers of every output shape (docs/architecture.md, "Output shapes"): the CLI's {@code
 * --format json} / {@code --json} and the web API print the same text through these.
 */
public final class Json {
  /** snake_case fields, ISO dates: reads and writes every shape. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

  private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
  private static final ObjectWriter PRETTY_PLAIN =
      PRETTY.with(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  /** The registers' writer: plain maps of strings, numbers and lists, indented. */
  private static final ObjectWriter REGISTERS =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer();

  private Json() {}

  /** Indented, as the CLI prints it (no trailing newline). */
  public static String pretty(Object tree) {
    return write(PRETTY, tree);
  }

  /** Indented, decimals as written (99.00, never 9.9E+1): the PMR's measures. */
  public static String prettyPlainDecimals(Object tree) {
    return write(PRETTY_PLAIN, tree);
  }

  /** A register's record or list, indented. */
  public static String register(Object tree) {
    return write(REGISTERS, tree);
  }

  private static String write(ObjectWriter writer, Object tree) {
    try {
      return writer.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
