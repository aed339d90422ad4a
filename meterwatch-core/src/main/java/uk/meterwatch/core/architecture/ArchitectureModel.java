package uk.meterwatch.core.architecture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * The architecture as data: components placed on a grid, the links between them and optional groups
 * drawn around components (the DSP and its router and data centres). The default model is the
 * DCC's; a store may hold its own {@code architecture.yaml}.
 *
 * @param title shown above the map
 * @param components every box of the map
 * @param links arrows, from a component to a component
 * @param groups labelled frames around components
 */
public record ArchitectureModel(
    String title, List<Component> components, List<Link> links, List<Group> groups) {

  public static final String DEFAULT_RESOURCE = "default-architecture.yaml";

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  /**
   * A box of the map.
   *
   * @param id the name incidents use in their components or services lists
   * @param name the name shown
   * @param column grid column, 0 at the left
   * @param row grid row, 0 at the top (halves allowed)
   * @param aliases other names incidents may use for it (e.g. ESME for the devices box)
   */
  public record Component(String id, String name, int column, double row, List<String> aliases) {
    public Component {
      aliases = aliases == null ? List.of() : List.copyOf(aliases);
    }

    /** True when an incident's component or service name means this component. */
    public boolean matches(String name) {
      String n = name.trim().toUpperCase(Locale.ROOT);
      return id.toUpperCase(Locale.ROOT).equals(n)
          || aliases.stream().anyMatch(a -> a.toUpperCase(Locale.ROOT).equals(n));
    }
  }

  /** An arrow between two components; dashed for a side link. */
  public record Link(String from, String to, boolean dashed) {}

  /** A labelled frame around some components. */
  public record Group(String name, List<String> members) {
    public Group {
      members = List.copyOf(members);
    }
  }

  public ArchitectureModel {
    components = List.copyOf(components);
    links = links == null ? List.of() : List.copyOf(links);
    groups = groups == null ? List.of() : List.copyOf(groups);
  }

  /** The component an incident's component or service name refers to, if any. */
  public Optional<Component> find(String name) {
    return components.stream().filter(c -> c.matches(name)).findFirst();
  }

  /** The DCC architecture shipped with Meterwatch. */
  public static ArchitectureModel defaults() {
    return parse("(built-in) " + DEFAULT_RESOURCE, defaultText());
  }

  /** The text of the default model, to start an edited copy from. */
  public static String defaultText() {
    try (InputStream in = ArchitectureModel.class.getResourceAsStream(DEFAULT_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("default architecture model missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads and checks a model; errors name the source. */
  public static ArchitectureModel parse(String source, String yamlText) {
    ArchitectureModel model;
    try {
      model = YAML.readValue(yamlText, ArchitectureModel.class);
    } catch (IOException e) {
      String m = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new MeterwatchException(ErrorCode.RULES, source + ": not a valid model: " + m);
    } catch (NullPointerException e) {
      throw new MeterwatchException(ErrorCode.RULES, source + ": 'components' is required");
    }
    model.validate(source);
    return model;
  }

  private void validate(String source) {
    Set<String> ids = new HashSet<>();
    Set<String> cells = new HashSet<>();
    for (Component c : components) {
      if (c.id() == null || c.id().isBlank() || c.name() == null) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": every component needs an id and a name");
      }
      if (!ids.add(c.id().toUpperCase(Locale.ROOT))) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": component " + c.id() + " is defined twice");
      }
      if (c.column() < 0 || c.row() < 0) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": component " + c.id() + " has a negative column or row");
      }
      if (!cells.add(c.column() + "/" + c.row())) {
        throw new MeterwatchException(
            ErrorCode.RULES,
            source + ": component " + c.id() + " shares its column and row with another");
      }
    }
    for (Link l : links) {
      for (String end : List.of(String.valueOf(l.from()), String.valueOf(l.to()))) {
        if (!ids.contains(end.toUpperCase(Locale.ROOT))) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source + ": link " + l.from() + " -> " + l.to() + ": unknown " + end);
        }
      }
    }
    for (Group g : groups) {
      for (String m : g.members()) {
        if (!ids.contains(m.toUpperCase(Locale.ROOT))) {
          throw new MeterwatchException(
              ErrorCode.RULES, source + ": group " + g.name() + ": unknown component " + m);
        }
      }
    }
  }
}
