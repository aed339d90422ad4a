package uk.meterwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;

/**
 * Checks a CSV drop against the data contract (docs/data-contract.md), row by row: the columns of
 * each kind, the required values, and the shape of every value (times with Z, dates, SRVs in the
 * catalogue, device SRVs with a device, categories, likelihoods, booleans, statuses). Returns the
 * problems.
 */
final class ContractValidator {
  private final List<String> problems = new ArrayList<>();

  /** One column: required or not, and what a present value must look like. */
  record Column(String name, boolean required, Predicate<String> valid) {}

  static final Map<String, List<Column>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(
        "service_requests",
        List.of(
            req("request_id", ContractValidator::any),
            opt("user_role", v -> Set.of("IS", "ES", "GS", "ED", "GT", "RSA", "OU").contains(v)),
            req("user_id", ContractValidator::any),
            req("srv", v -> SrvCatalogue.standard().contains(v)),
            opt("device_id", ContractValidator::any),
            req("received_at", ContractValidator::isInstant),
            opt("execute_at", ContractValidator::isInstant)));
    KINDS.put(
        "service_responses",
        List.of(
            req("request_id", ContractValidator::any),
            req("sent_at", ContractValidator::isInstant),
            req("code", v -> v.matches("[IE][0-9]+")),
            opt("kind", v -> v.equals("ACK") || v.equals("RESPONSE"))));
    KINDS.put(
        "alerts",
        List.of(
            req("alert_id", ContractValidator::any),
            opt("device_id", ContractValidator::any),
            req("user_id", ContractValidator::any),
            req("alert_code", ContractValidator::any),
            req("raised_at", ContractValidator::isInstant),
            opt("delivered_at", ContractValidator::isInstant)));
    KINDS.put(
        "devices",
        List.of(
            req("device_id", ContractValidator::any),
            req(
                "device_type",
                v -> Set.of("ESME", "GSME", "CHF", "GPF", "PPMID", "IHD").contains(v)),
            req("smets", v -> v.equals("1") || v.equals("2")),
            req("provider", v -> v.matches("CSP-[NCS]|S1SP-[A-Z]+")),
            opt("comms_hub_id", ContractValidator::any),
            opt("area", ContractValidator::any),
            opt("certificate_owner", ContractValidator::any),
            // Extension (docs/data-contract.md): a SMETS1 device's migration cohort.
            opt("cohort", v -> Set.of("IOC", "MOC", "FOC").contains(v))));
    KINDS.put(
        "users",
        List.of(
            req("user_id", ContractValidator::any),
            req("organisation", ContractValidator::any),
            opt("role", ContractValidator::any)));
    KINDS.put(
        "area_events",
        List.of(
            req("area", ContractValidator::any),
            req("event", ContractValidator::any),
            req("effective_on", ContractValidator::isDate)));
    KINDS.put(
        "incidents",
        List.of(
            req("incident_id", ContractValidator::any),
            req("category", ContractValidator::isOneToFive),
            req("title", ContractValidator::any),
            req("opened_at", ContractValidator::isInstant),
            opt("resolved_at", ContractValidator::isInstant),
            opt("components", ContractValidator::any),
            opt("services", ContractValidator::any),
            opt(
                "cause_class",
                v ->
                    Set.of("ARCHITECTURE", "OPERATIONAL", "HUMAN_ERROR", "THIRD_PARTY", "UNKNOWN")
                        .contains(v)),
            opt("root_cause", ContractValidator::any),
            opt("major", ContractValidator::isBool),
            opt("dcc_responsible", ContractValidator::isBool)));
    KINDS.put(
        "outages",
        List.of(
            req("service", ContractValidator::any),
            req("start", ContractValidator::isInstant),
            req("end", ContractValidator::isInstant),
            req("planned", ContractValidator::isBool),
            opt("incident_id", ContractValidator::any)));
    KINDS.put(
        "risks",
        List.of(
            req("risk_id", ContractValidator::any),
            req("title", ContractValidator::any),
            req("likelihood", ContractValidator::isOneToFive),
            req("impact", ContractValidator::isOneToFive),
            opt("owner", ContractValidator::any),
            opt("status", ContractValidator::isStatus)));
    KINDS.put(
        "actions",
        List.of(
            req("ref", ContractValidator::any),
            req("text", ContractValidator::any),
            req("owner", ContractValidator::any),
            req("raised_on", ContractValidator::isDate),
            opt("target_on", ContractValidator::isDate),
            opt("revised_target_on", ContractValidator::isDate),
            req("status", ContractValidator::isStatus),
            opt("closed_on", ContractValidator::isDate)));
    // Extension (docs/data-contract.md): the Registration Data Providers' incidents.
    KINDS.put(
        "rdp_incidents",
        List.of(
            req("incident_id", ContractValidator::any),
            req("rdp", ContractValidator::any),
            opt("title", ContractValidator::any),
            req("opened_at", ContractValidator::isInstant),
            opt("resolved_at", ContractValidator::isInstant)));
    // Extensions: SMKI requests and modification assessments (opsg-105 writes both).
    KINDS.put(
        "smki_requests",
        List.of(
            req("request_id", ContractValidator::any),
            req("kind", v -> v.equals("CSR") || v.equals("REPOSITORY")),
            opt("user_id", ContractValidator::any),
            req("received_at", ContractValidator::isInstant),
            opt("completed_at", ContractValidator::isInstant),
            opt("outcome", v -> v.equals("SUCCESS") || v.equals("FAILURE"))));
    KINDS.put(
        "modification_assessments",
        List.of(
            req("assessment_id", ContractValidator::any),
            req("modification", ContractValidator::any),
            req("kind", v -> v.equals("PRELIMINARY") || v.equals("IMPACT")),
            req("requested_at", ContractValidator::isInstant),
            req("due_on", ContractValidator::isDate),
            opt("delivered_at", ContractValidator::isInstant)));
  }

  private static Column req(String name, Predicate<String> valid) {
    return new Column(name, true, valid);
  }

  private static Column opt(String name, Predicate<String> valid) {
    return new Column(name, false, valid);
  }

  /** Validates every kind's CSV file in the drop; returns the rows checked per kind. */
  Map<String, Long> validateCsvDrop(Path drop) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String kind : KINDS.keySet()) {
      Path file = drop.resolve(kind + ".csv");
      assertThat(file).exists();
      rows.put(kind, validate(kind, file));
    }
    return rows;
  }

  List<String> problems() {
    return problems;
  }

  private long validate(String kind, Path file) throws IOException {
    List<Column> columns = KINDS.get(kind);
    Set<String> seenRequests = new HashSet<>();
    long count = 0;
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      List<String> header = parse(reader.readLine());
      for (Column c : columns) {
        if (!header.contains(c.name())) {
          problems.add(file.getFileName() + ": missing column " + c.name());
        }
      }
      String line;
      int lineNo = 1;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        count++;
        List<String> values = parse(line);
        if (values.size() != header.size()) {
          problems.add(file.getFileName() + ":" + lineNo + ": " + values.size() + " values");
          continue;
        }
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), values.get(i));
        }
        for (Column c : columns) {
          String v = row.getOrDefault(c.name(), "");
          if (v.isEmpty()) {
            if (c.required()) {
              problems.add(file.getFileName() + ":" + lineNo + ": " + c.name() + " missing");
            }
          } else if (!c.valid().test(v)) {
            problems.add(file.getFileName() + ":" + lineNo + ": bad " + c.name() + " '" + v + "'");
          }
        }
        if (kind.equals("service_requests")) {
          Srv srv = SrvCatalogue.standard().find(row.get("srv")).orElse(null);
          boolean hasDevice = !row.get("device_id").isEmpty();
          if (srv != null && srv.deviceBound() && !hasDevice) {
            problems.add(file.getFileName() + ":" + lineNo + ": device SRV without device_id");
          }
          if (srv != null && srv.nonDevice() && hasDevice) {
            problems.add(file.getFileName() + ":" + lineNo + ": non-device SRV with device_id");
          }
          if (!seenRequests.add(row.get("request_id"))) {
            problems.add(file.getFileName() + ":" + lineNo + ": request_id repeated");
          }
        }
      }
    }
    return count;
  }

  /** RFC 4180 for one physical line (the simulator writes no line breaks inside values). */
  static List<String> parse(String line) {
    List<String> values = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          current.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          current.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        values.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    values.add(current.toString());
    return values;
  }

  private static boolean any(String v) {
    return true;
  }

  private static boolean isBool(String v) {
    return v.equals("true") || v.equals("false");
  }

  private static boolean isOneToFive(String v) {
    return v.matches("[1-5]");
  }

  private static boolean isStatus(String v) {
    return v.equals("OPEN") || v.equals("CLOSED");
  }

  private static boolean isInstant(String v) {
    if (!v.endsWith("Z")) {
      return false;
    }
    try {
      Instant.parse(v);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static boolean isDate(String v) {
    try {
      LocalDate.parse(v);
      return v.length() == 10;
    } catch (RuntimeException e) {
      return false;
    }
  }
}
