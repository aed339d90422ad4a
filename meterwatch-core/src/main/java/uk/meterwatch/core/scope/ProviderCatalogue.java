package uk.meterwatch.core.scope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * The providers a device may have and the scopes a measure may report by, as data: the catalogue
 * shipped with Meterwatch ({@code providers.yaml} beside this class) and, on top of it, a user's
 * own ({@code providers.yaml} in the store's rules folder), whose entries are added or, with the
 * same id, replace the shipped ones. Every scope resolves to the set of providers whose devices it
 * counts: a provider is a scope of itself; a scope groups providers or regions (scopes of kind
 * REGION). docs/providers.md.
 */
public final class ProviderCatalogue {
  /** The file name of a catalogue, shipped and in a store's rules folder. */
  public static final String FILE = "providers.yaml";

  /** The kind of scope a contract scope's {@code regions:} must name. */
  public static final String REGION = "REGION";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> PROVIDER_FIELDS = Set.of("id", "name", "kind");
  private static final Set<String> SCOPE_FIELDS =
      Set.of("id", "name", "kind", "providers", "regions");

  /**
   * A provider devices may name in the contract's {@code provider} column.
   *
   * @param id as the devices file writes it, e.g. {@code CSP-N}
   * @param name as people say it, e.g. {@code CSP North}
   * @param kind e.g. {@code CSP}, {@code S1SP}
   */
  public record Provider(String id, String name, String kind) {}

  /**
   * A reporting scope: the providers or regions it groups, and the providers that makes.
   *
   * @param id as a rule set and the report write it, e.g. {@code CSP C&S}
   * @param name in words
   * @param kind e.g. {@code REGION}, {@code CONTRACT}
   * @param providers the providers it names itself
   * @param regions the regions (scopes of kind REGION) it names
   * @param members every provider it counts: its own and its regions'
   */
  public record Scope(
      String id,
      String name,
      String kind,
      List<String> providers,
      List<String> regions,
      Set<String> members) {}

  private final Map<String, Provider> providers;
  private final Map<String, Scope> scopes;
  private final List<String> sources;

  private ProviderCatalogue(
      Map<String, Provider> providers, Map<String, Scope> scopes, List<String> sources) {
    this.providers = providers;
    this.scopes = scopes;
    this.sources = List.copyOf(sources);
  }

  private static volatile ProviderCatalogue standard;

  /** The catalogue shipped with Meterwatch. */
  public static ProviderCatalogue standard() {
    ProviderCatalogue s = standard;
    if (s == null) {
      s = builder().build();
      standard = s;
    }
    return s;
  }

  /** A builder starting from the shipped catalogue. */
  public static Builder builder() {
    Builder b = new Builder();
    try (InputStream in = ProviderCatalogue.class.getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException("shipped provider catalogue missing");
      }
      b.add("built-in " + FILE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b;
  }

  /** Every provider, in the catalogue's order. */
  public List<Provider> providers() {
    return List.copyOf(providers.values());
  }

  /** Every scope that groups providers, in the catalogue's order. */
  public List<Scope> scopes() {
    return List.copyOf(scopes.values());
  }

  /** The provider of an id as the devices file writes it (exact). */
  public Optional<Provider> provider(String id) {
    return Optional.ofNullable(id == null ? null : providers.get(id.strip()));
  }

  /** The providers' ids, for the loader's check. */
  public List<String> providerIds() {
    return List.copyOf(providers.keySet());
  }

  /**
   * The scope of an id as a rule names it (case-insensitive): a provider is a scope of itself;
   * empty when the catalogue has no such provider or scope.
   */
  public Optional<Scope> scope(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String wanted = id.strip();
    for (Provider p : providers.values()) {
      if (p.id().equalsIgnoreCase(wanted)) {
        return Optional.of(
            new Scope(p.id(), p.name(), p.kind(), List.of(p.id()), List.of(), Set.of(p.id())));
      }
    }
    for (Scope s : scopes.values()) {
      if (s.id().equalsIgnoreCase(wanted)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** Where the catalogue was read from, for messages: the shipped file, then the user's. */
  public String describe() {
    return "the provider catalogue (" + String.join(" + ", sources) + ")";
  }

  /** The ids a rule may report by: every provider, then every scope. */
  public String knownScopes() {
    List<String> ids = new ArrayList<>(providers.keySet());
    ids.addAll(scopes.keySet());
    return String.join(", ", ids);
  }

  /** Catalogue texts, read in order: a later entry with an id already known replaces it. */
  public static final class Builder {
    private final Map<String, Provider> providers = new LinkedHashMap<>();
    private final Map<String, JsonNode> scopeNodes = new LinkedHashMap<>();
    private final Map<String, String> scopeSources = new LinkedHashMap<>();
    private final List<String> sources = new ArrayList<>();

    private Builder() {}

    /** Adds a catalogue's text; {@code source} names it in errors (the file). */
    public Builder add(String source, String yamlText) {
      JsonNode tree;
      try {
        tree = YAML.readTree(yamlText);
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": not valid YAML: " + firstLine(e.getMessage()));
      }
      sources.add(source);
      if (tree == null || tree.isNull() || tree.isMissingNode()) {
        return this;
      }
      if (!tree.isObject()) {
        throw new MeterwatchException(
            ErrorCode.RULES,
            source + ": a provider catalogue is a mapping of providers and scopes");
      }
      tree.fieldNames()
          .forEachRemaining(
              f -> {
                if (!f.equals("providers") && !f.equals("scopes")) {
                  throw new MeterwatchException(
                      ErrorCode.RULES,
                      source + ": unknown section '" + f + "' (a catalogue has providers, scopes)");
                }
              });
      for (JsonNode p : list(source, tree, "providers")) {
        fields(source, "provider", p, PROVIDER_FIELDS);
        String id = text(source, "provider", p, "id", true);
        String kind = text(source, "provider " + id, p, "kind", true);
        String name = text(source, "provider " + id, p, "name", false);
        if (id.contains(";") || id.contains(",")) {
          throw new MeterwatchException(
              ErrorCode.RULES, source + ": provider id " + id + " may not hold ';' or ','");
        }
        scopeNodes.remove(sameId(id));
        // The same id again replaces the entry in its place.
        providers.keySet().removeIf(old -> old.equalsIgnoreCase(id) && !old.equals(id));
        providers.put(id, new Provider(id, name == null ? id : name, kind));
      }
      for (JsonNode s : list(source, tree, "scopes")) {
        fields(source, "scope", s, SCOPE_FIELDS);
        String id = text(source, "scope", s, "id", true);
        text(source, "scope " + id, s, "kind", true);
        if (!s.has("providers") && !s.has("regions")) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source + ": scope " + id + " groups nothing: give its providers or regions");
        }
        String key = sameId(id);
        providers.values().removeIf(old -> old.id().equalsIgnoreCase(id));
        scopeNodes.put(key, s);
        scopeSources.put(key, source);
      }
      return this;
    }

    private String sameId(String id) {
      return id.toUpperCase(Locale.ROOT);
    }

    public ProviderCatalogue build() {
      Map<String, Scope> scopes = new LinkedHashMap<>();
      // Regions first (they name providers only), then the scopes that may name regions.
      for (boolean regions : new boolean[] {true, false}) {
        for (Map.Entry<String, JsonNode> e : scopeNodes.entrySet()) {
          JsonNode s = e.getValue();
          String source = scopeSources.get(e.getKey());
          String id = s.get("id").asText().strip();
          String kind = s.get("kind").asText().strip().toUpperCase(Locale.ROOT);
          if (REGION.equals(kind) != regions) {
            continue;
          }
          String name = s.hasNonNull("name") ? s.get("name").asText().strip() : id;
          List<String> own = ids(source, id, s, "providers");
          List<String> regionIds = ids(source, id, s, "regions");
          Set<String> members = new LinkedHashSet<>();
          List<String> ownIds = new ArrayList<>();
          for (String p : own) {
            Provider provider =
                providers.values().stream()
                    .filter(x -> x.id().equalsIgnoreCase(p))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new MeterwatchException(
                                ErrorCode.RULES,
                                source
                                    + ": scope "
                                    + id
                                    + ": provider "
                                    + p
                                    + " is not in the catalogue (providers: "
                                    + String.join(", ", providers.keySet())
                                    + ")"));
            ownIds.add(provider.id());
            members.add(provider.id());
          }
          List<String> regionNames = new ArrayList<>();
          for (String r : regionIds) {
            if (regions) {
              throw new MeterwatchException(
                  ErrorCode.RULES,
                  source + ": scope " + id + " is a REGION: it groups providers, not regions");
            }
            Scope region =
                scopes.values().stream()
                    .filter(x -> x.id().equalsIgnoreCase(r) && REGION.equals(x.kind()))
                    .findFirst()
                    .orElseThrow(
                        () ->
                            new MeterwatchException(
                                ErrorCode.RULES,
                                source
                                    + ": scope "
                                    + id
                                    + ": region "
                                    + r
                                    + " is not a scope of kind REGION in the catalogue"));
            regionNames.add(region.id());
            members.addAll(region.members());
          }
          scopes.put(
              id,
              new Scope(
                  id,
                  name,
                  kind,
                  List.copyOf(ownIds),
                  List.copyOf(regionNames),
                  Set.copyOf(members)));
        }
      }
      // Keep the catalogue's order.
      Map<String, Scope> ordered = new LinkedHashMap<>();
      for (JsonNode s : scopeNodes.values()) {
        String id = s.get("id").asText().strip();
        ordered.put(id, scopes.get(id));
      }
      return new ProviderCatalogue(new LinkedHashMap<>(providers), ordered, List.copyOf(sources));
    }

    private static List<String> ids(String source, String scope, JsonNode s, String field) {
      JsonNode list = s.get(field);
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray() || list.isEmpty()) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": scope " + scope + ": " + field + " must be a list of ids");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode v : list) {
        if (!v.isTextual() || v.asText().isBlank()) {
          throw new MeterwatchException(
              ErrorCode.RULES,
              source + ": scope " + scope + ": " + field + " must be a list of ids, got " + v);
        }
        out.add(v.asText().strip());
      }
      return out;
    }

    private static Iterable<JsonNode> list(String source, JsonNode tree, String section) {
      JsonNode list = tree.get(section);
      if (list == null || list.isNull()) {
        return List.of();
      }
      if (!list.isArray()) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": '" + section + "' must be a list");
      }
      return list;
    }

    private static void fields(String source, String what, JsonNode node, Set<String> allowed) {
      if (!node.isObject()) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": each " + what + " is a mapping (id, name, kind, ...)");
      }
      node.fieldNames()
          .forEachRemaining(
              f -> {
                if (!allowed.contains(f)) {
                  throw new MeterwatchException(
                      ErrorCode.RULES,
                      source
                          + ": "
                          + what
                          + " "
                          + node.path("id").asText("?")
                          + ": unknown field '"
                          + f
                          + "' (known: "
                          + String.join(", ", allowed.stream().sorted().toList())
                          + ")");
                }
              });
    }

    private static String text(
        String source, String what, JsonNode node, String field, boolean required) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
        if (required) {
          throw new MeterwatchException(
              ErrorCode.RULES, source + ": " + what + " needs '" + field + "'");
        }
        return null;
      }
      if (!v.isTextual()) {
        throw new MeterwatchException(
            ErrorCode.RULES, source + ": " + what + ": " + field + " must be text, got " + v);
      }
      return v.asText().strip();
    }

    private static String firstLine(String message) {
      return message == null ? "" : message.lines().findFirst().orElse("");
    }
  }
}
