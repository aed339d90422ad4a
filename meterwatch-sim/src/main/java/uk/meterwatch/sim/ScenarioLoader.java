package uk.meterwatch.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;

/**
 * Reads scenario files (YAML) and the built-in scenarios, checking what the simulator relies on.
 */
public final class ScenarioLoader {
  /** Scenarios shipped with Meterwatch, by name. */
  public static final List<String> BUILT_IN = List.of("opsg-105");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ScenarioLoader() {}

  /** A scenario file when {@code nameOrFile} is an existing file, else a built-in by name. */
  public static Scenario resolve(String nameOrFile) {
    Path file = Path.of(nameOrFile);
    if (Files.isRegularFile(file)) {
      return load(file);
    }
    if (BUILT_IN.contains(nameOrFile)) {
      return builtIn(nameOrFile);
    }
    throw new MeterwatchException(
        ErrorCode.NOT_FOUND,
        "no scenario file or built-in scenario named '"
            + nameOrFile
            + "' (built-in: "
            + String.join(", ", BUILT_IN)
            + ")");
  }

  public static Scenario builtIn(String name) {
    String resource = "scenarios/" + name + ".yaml";
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new MeterwatchException(ErrorCode.NOT_FOUND, "no built-in scenario " + name);
      }
      return parse(in, "built-in scenario " + name);
    } catch (IOException e) {
      throw new MeterwatchException(ErrorCode.INTERNAL, "cannot read built-in scenario " + name, e);
    }
  }

  public static Scenario load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, "cannot read scenario " + file + ": " + e.getMessage(), e);
    }
  }

  static Scenario parse(InputStream in, String source) {
    Scenario scenario;
    try {
      scenario = YAML.readValue(in, Scenario.class);
    } catch (UnrecognizedPropertyException e) {
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE,
          source
              + ": unknown field '"
              + e.getPropertyName()
              + "' at line "
              + e.getLocation().getLineNr(),
          e);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new MeterwatchException(
          ErrorCode.INVALID_VALUE, source + ": " + e.getOriginalMessage() + where, e);
    } catch (IOException e) {
      throw new MeterwatchException(ErrorCode.INPUT_UNREADABLE, source + ": " + e.getMessage(), e);
    }
    if (scenario == null) {
      throw new MeterwatchException(ErrorCode.INVALID_VALUE, source + ": empty scenario");
    }
    check(scenario, source);
    return scenario;
  }

  private static void check(Scenario s, String source) {
    require(s.from() != null && s.to() != null, source, "from and to (YYYY-MM) are required");
    require(!s.to().isBefore(s.from()), source, "to is before from");
    require(!s.organisations().isEmpty(), source, "at least one organisation is required");
    require(!s.mix().isEmpty(), source, "the traffic mix is empty");
    require(s.traffic().dailyRhythm().size() == 24, source, "daily_rhythm needs 24 values");
    Set<String> users = new HashSet<>();
    boolean supplier = false;
    for (Scenario.Organisation o : s.organisations()) {
      require(o.name() != null && !o.name().isBlank(), source, "an organisation has no name");
      require(o.users() != null && !o.users().isEmpty(), source, o.name() + " has no users");
      for (Scenario.User u : o.users()) {
        require(u.id() != null && !u.id().isBlank(), source, o.name() + " has a user without id");
        require(users.add(u.id()), source, "user " + u.id() + " is listed twice");
        require(Network.ROLES.contains(u.role()), source, "user " + u.id() + ": unknown role");
      }
      supplier |= o.share() > 0 && o.users().stream().anyMatch(u -> "IS".equals(u.role()));
    }
    require(supplier, source, "no organisation with a share has an IS user");
    for (String provider : Network.PROVIDERS) {
      require(s.providers().containsKey(provider), source, "levels missing for " + provider);
    }
    require(!s.regions().isEmpty(), source, "at least one region is required");
    for (var region : s.regions().entrySet()) {
      require(
          Network.PROVIDERS.contains(region.getValue().provider()),
          source,
          "region " + region.getKey() + ": unknown provider " + region.getValue().provider());
      require(
          region.getValue().areas() != null && !region.getValue().areas().isEmpty(),
          source,
          "region " + region.getKey() + " has no areas");
    }
    SrvCatalogue catalogue = SrvCatalogue.standard();
    for (Scenario.MixEntry m : s.mix()) {
      Srv srv =
          catalogue
              .find(m.srv())
              .orElseThrow(
                  () -> invalid(source, "mix: SRV " + m.srv() + " is not in the catalogue"));
      require(!srv.eligibleRoles().isEmpty(), source, "mix: SRV " + m.srv() + " has no roles");
      require(m.weight() > 0, source, "mix: SRV " + m.srv() + " needs a positive weight");
    }
    for (Scenario.Degradation d : s.degradations()) {
      require(Network.PROVIDERS.contains(d.provider()), source, "degradation: unknown provider");
      require(d.from() != null && d.to() != null, source, "degradation: from and to required");
    }
    for (Scenario.Fault f : s.faults()) {
      require(
          f.component() != null
              && f.start() != null
              && f.end() != null
              && f.end().isAfter(f.start()),
          source,
          "fault: component, start and end (after start) required");
    }
    for (Scenario.Sunset x : s.sunsets()) {
      require(s.regions().containsKey(x.region()), source, "sunset: unknown region " + x.region());
      require(x.effectiveOn() != null, source, "sunset: effective_on required");
    }
    for (Scenario.Flood f : s.floods()) {
      require(users.contains(f.user()), source, "flood: unknown user " + f.user());
      require(catalogue.contains(f.srv()), source, "flood: unknown SRV " + f.srv());
      require(
          f.cohort() == null || Network.COHORTS.contains(f.cohort()),
          source,
          "flood: cohort " + f.cohort() + " is not one of " + String.join(", ", Network.COHORTS));
      require(
          f.cohort() == null || f.smets() == null || f.smets() == 1,
          source,
          "flood: a cohort is a SMETS1 cohort, but smets is " + f.smets());
    }
    for (Scenario.Migration m : s.migrations()) {
      require(users.contains(m.user()), source, "migration: unknown user " + m.user());
      require(users.contains(m.fromUser()), source, "migration: unknown user " + m.fromUser());
    }
    for (Scenario.Incident i : s.incidents()) {
      require(i.incidentId() != null, source, "incident without incident_id");
      require(i.category() >= 1 && i.category() <= 5, source, i.incidentId() + ": category 1-5");
      require(
          i.title() != null && i.openedAt() != null, source, i.incidentId() + ": title, opened_at");
    }
    if (s.smki() != null) {
      Scenario.Smki k = s.smki();
      require(
          k.csrPerDay() >= 0
              && k.repositoryPerDay() >= 0
              && k.late() >= 0
              && k.late() <= 1
              && k.failure() >= 0
              && k.failure() <= 1
              && k.repositoryDrainPerHour() > 0,
          source,
          "smki: volumes are 0 or more, late and failure shares from 0 to 1,"
              + " repository_drain_per_hour above 0");
    }
    for (Scenario.ModificationAssessment a : s.modificationAssessments()) {
      require(
          a.assessmentId() != null
              && a.modification() != null
              && ("PRELIMINARY".equals(a.kind()) || "IMPACT".equals(a.kind()))
              && a.requestedAt() != null
              && a.dueOn() != null,
          source,
          "modification assessment "
              + a.assessmentId()
              + ": assessment_id, modification, kind (PRELIMINARY or IMPACT), requested_at and"
              + " due_on required");
    }
    for (Scenario.Outage o : s.outages()) {
      require(
          o.service() != null && o.start() != null && o.end() != null,
          source,
          "outage: service, start and end required");
    }
    for (Scenario.Risk r : s.risks()) {
      require(
          r.likelihood() >= 1 && r.likelihood() <= 5 && r.impact() >= 1 && r.impact() <= 5,
          source,
          "risk " + r.riskId() + ": likelihood and impact are 1 to 5");
    }
    for (Scenario.Action a : s.actions()) {
      require(
          a.ref() != null && a.text() != null && a.owner() != null && a.raisedOn() != null,
          source,
          "action: ref, text, owner and raised_on required");
      require(
          "OPEN".equals(a.status()) || "CLOSED".equals(a.status()),
          source,
          "action " + a.ref() + ": status OPEN or CLOSED");
    }
  }

  private static void require(boolean ok, String source, String reason) {
    if (!ok) {
      throw invalid(source, reason);
    }
  }

  private static MeterwatchException invalid(String source, String reason) {
    return new MeterwatchException(ErrorCode.INVALID_VALUE, source + ": " + reason);
  }
}
