package uk.meterwatch.core.srv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Every SRV of DUIS, built from the DCC's published request matrix shipped with the project. */
public final class SrvCatalogue {
  private static final String RESOURCE = "duis-request-matrix.json";
  private static final SrvCatalogue STANDARD = load();

  private final Map<String, Srv> byVariant;

  private SrvCatalogue(Map<String, Srv> byVariant) {
    this.byVariant = Map.copyOf(byVariant);
  }

  /** The catalogue of DUIS as published. */
  public static SrvCatalogue standard() {
    return STANDARD;
  }

  public Optional<Srv> find(String variant) {
    return Optional.ofNullable(byVariant.get(variant));
  }

  public boolean contains(String variant) {
    return byVariant.containsKey(variant);
  }

  public Collection<Srv> all() {
    return byVariant.values().stream()
        .sorted(java.util.Comparator.comparing(s -> SrvCatalogue.sortKey(s.variant())))
        .toList();
  }

  public int size() {
    return byVariant.size();
  }

  /** Orders 1.1.1 before 1.2 before 10.1 (numeric, part by part). */
  public static String sortKey(String variant) {
    StringBuilder key = new StringBuilder();
    for (String part : variant.split("\\.")) {
      key.append(String.format(java.util.Locale.ROOT, "%05d", parseOrZero(part)));
    }
    return key.toString();
  }

  private static int parseOrZero(String part) {
    try {
      return Integer.parseInt(part);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Parses a DUIS request matrix (the shape of the shipped duis-request-matrix.json). */
  public static SrvCatalogue parse(InputStream matrix) throws IOException {
    JsonNode root = new ObjectMapper().readTree(matrix);
    Map<String, Srv> srvs = new LinkedHashMap<>();
    for (JsonNode row : root) {
      Set<String> roles = new LinkedHashSet<>();
      row.get("Eligible User Roles").forEach(r -> roles.add(r.asText()));
      Srv srv =
          new Srv(
              row.get("Service Reference Variant").asText().trim(),
              row.get("Service Reference").asText().trim(),
              // One line: the matrix breaks a name over lines ("Read Inventory \n\n(Current and
              // Future Suppliers may use this Service Request)"), which broke every listing.
              row.get("Service Request Name").asText().trim().replaceAll("\\s+", " "),
              yes(row, "Critical"),
              yes(row, "On Demand"),
              FutureDatedPattern.parse(row.get("Future Dated Response Pattern").asText()),
              yes(row, "DCC Scheduled"),
              yes(row, "Non-Device Request"),
              roles);
      srvs.put(srv.variant(), srv);
    }
    return new SrvCatalogue(srvs);
  }

  private static boolean yes(JsonNode row, String field) {
    return "Yes".equalsIgnoreCase(row.get(field).asText().trim());
  }

  private static SrvCatalogue load() {
    try (InputStream in = SrvCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("SRV catalogue resource missing: " + RESOURCE);
      }
      return parse(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
