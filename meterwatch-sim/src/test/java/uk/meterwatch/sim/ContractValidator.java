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
 * Checks a CSV drop against shared/DATA-CONTRACT.md, row by row: the columns of each kind, the
 * required values, and the shape of every value (times with Z, dates, SRVs in the catalogue, device
 * SRVs with a device, categories, likelihoods, booleans, statuses). Returns the problems.
 */
final class ContractValidator {
  private static final Predicate<String> ANY = v -> true;
  private static final Predicate<String> INSTANT = ContractValidator::isInstant;
  private static final Predicate<String> DATE = ContractValidator::isDate;
  private static final Predicate<String> BOOL = v -> v.equals("true") || v.equals("false");
  private static final Predicate<String> ONE_TO_FIVE = v -> v.matches("[1-5]");
  private static final Predicate<String> STATUS = v -> v.equals("OPEN") || v.equals("CLOSED");

  private final List<String> problems = new ArrayList<>();

  /** One column: required or not, and what a present value must look like. */
  record Column(String name, boolean required, Predicate<String> valid) {}

  static final Map<String, List<Column>> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(
        "service_requests",
        List.of(
            req("request_id", ANY),
            opt("user_role", v -> Set.of("IS", "ES", "GS", "ED", "GT", "RSA", "OU").contains(v)),
            req("user_id", ANY),
            req("srv", v -> SrvCatalogue.standard().contains(v)),
            opt("device_id", ANY),
            req("received_at", INSTANT),
            opt("execute_at", INSTANT)));
    KINDS.put(
        "service_responses",
        List.of(
            req("request_id", ANY),
            req("sent_at", INSTANT),
            req("code", v -> v.matches("[IE][0-9]+")),
            opt("kind", v -> v.equals("ACK") || v.equals("RESPONSE"))));
    KINDS.put(
        "alerts",
        List.of(
            req("alert_id", ANY),
            opt("device_id", ANY),
            req("user_id", ANY),
            req("alert_code", ANY),
            req("raised_at", INSTANT),
            opt("delivered_at", INSTANT)));
    KINDS.put(
        "devices",
        List.of(
            req("device_id", ANY),
            req(
                "device_type",
                v -> Set.of("ESME", "GSME", "CHF", "GPF", "PPMID", "IHD").contains(v)),
            req("smets", v -> v.equals("1") || v.equals("2")),
            req("provider", v -> v.matches("CSP-[NCS]|S1SP-[A-Z]+")),
            opt("comms_hub_id", ANY),
            opt("area", ANY),
            opt("certificate_owner", ANY)));
    KINDS.put("users", List.of(req("user_id", ANY), req("organisation", ANY), opt("role", ANY)));
    KINDS.put(
        "area_events", List.of(req("area", ANY), req("event", ANY), req("effective_on", DATE)));
    KINDS.put(
        "incidents",
        List.of(
            req("incident_id", ANY),
            req("category", ONE_TO_FIVE),
            req("title", ANY),
            req("opened_at", INSTANT),
            opt("resolved_at", INSTANT),
            opt("components", ANY),
            opt("services", ANY),
            opt(
                "cause_class",
                v ->
                    Set.of("ARCHITECTURE", "OPERATIONAL", "HUMAN_ERROR", "THIRD_PARTY", "UNKNOWN")
                        .contains(v)),
            opt("root_cause", ANY),
            opt("major", BOOL),
            opt("dcc_responsible", BOOL)));
    KINDS.put(
        "outages",
        List.of(
            req("service", ANY),
            req("start", INSTANT),
            req("end", INSTANT),
            req("planned", BOOL),
            opt("incident_id", ANY)));
    KINDS.put(
        "risks",
        List.of(
            req("risk_id", ANY),
            req("title", ANY),
            req("likelihood", ONE_TO_FIVE),
            req("impact", ONE_TO_FIVE),
            opt("owner", ANY),
            opt("status", STATUS)));
    KINDS.put(
        "actions",
        List.of(
            req("ref", ANY),
            req("text", ANY),
            req("owner", ANY),
            req("raised_on", DATE),
            opt("target_on", DATE),
            opt("revised_target_on", DATE),
            req("status", STATUS),
            opt("closed_on", DATE)));
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
