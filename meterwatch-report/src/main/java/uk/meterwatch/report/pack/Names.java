package uk.meterwatch.report.pack;

import java.util.Locale;
import java.util.Map;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;

/**
 * The names a member reads for what the data calls by code: processes, providers and regions, SRVs
 * (with their number), waterfall buckets, use cases and cohorts. The pack never prints an
 * identifier in upper case with underscores where one of these exists (tested on the PDF's text).
 */
public final class Names {
  private static final Map<String, String> PROVIDERS =
      Map.of(
          "CSP-N", "CSP North",
          "CSP-C", "CSP Central",
          "CSP-S", "CSP South");

  private static final Map<String, String> PARTS =
      Map.ofEntries(
          Map.entry("SMETS1", "SMETS1"),
          Map.entry("SMETS2", "SMETS2"),
          Map.entry("UNKNOWN", "Not known"),
          Map.entry("NOT_GIVEN", "Cohort not given"),
          Map.entry("IOC", "IOC (Initial Operating Capability)"),
          Map.entry("MOC", "MOC (Middle Operating Capability)"),
          Map.entry("FOC", "FOC (Final Operating Capability)"),
          Map.entry("SUPPLIER_SWITCH", "Supplier switch"),
          Map.entry("INTERNAL_MIGRATION", "Internal migration"),
          Map.entry("PENDING", "Pending"),
          Map.entry("INCORRECT_CERTIFICATE", "Incorrect certificate"),
          Map.entry("COMMUNICATING", "Communicating"),
          Map.entry("NON_COMMUNICATING", "Non-communicating"),
          Map.entry("OTHER_FAILURE", "Other failure"),
          Map.entry("FIRST_TIME_SUCCESS", "First-time success"),
          Map.entry("RETRY_SUCCESS", "Re-try success"),
          Map.entry("SUBSEQUENT_SUCCESS", "Subsequent success"));

  private Names() {}

  /** A process of the rule set, as words: FIRMWARE_ACTIVATION is "Firmware activation". */
  public static String process(String id) {
    return words(id);
  }

  /**
   * A provider as the minutes write it: "CSP North", "S1SP DXC"; an unknown code as it is, its
   * hyphens and underscores read as spaces.
   */
  public static String provider(String id) {
    if (id == null) {
      return "Not known";
    }
    String known = PROVIDERS.get(id.toUpperCase(Locale.ROOT));
    if (known != null) {
      return known;
    }
    if (id.toUpperCase(Locale.ROOT).startsWith("S1SP-")) {
      return "S1SP " + id.substring(5);
    }
    return id.replace('_', ' ');
  }

  /** A region: the provider serving it, by its region's name for the CSPs. */
  public static String region(String providerId) {
    if (providerId == null || "UNKNOWN".equals(providerId)) {
      return "Not known";
    }
    return switch (providerId.toUpperCase(Locale.ROOT)) {
      case "CSP-N" -> "North (CSP North)";
      case "CSP-C" -> "Central (CSP Central)";
      case "CSP-S" -> "South (CSP South)";
      default -> provider(providerId) + " (SMETS1)";
    };
  }

  /** An SRV with its number and name: "11.3 Activate Firmware". */
  public static String srv(String variant) {
    return SrvCatalogue.standard()
        .find(variant)
        .map(s -> variant + " " + s.name())
        .orElse("SRV " + variant);
  }

  /**
   * A part of a split, a bucket, a use case or a cohort by its code (UNKNOWN is "Not known"); an
   * SRV or provider code is named as such.
   */
  public static String part(String code) {
    String known = PARTS.get(code);
    if (known != null) {
      return known;
    }
    if (code.startsWith("OTHER_FAILURE ")) {
      return "Other failure " + code.substring("OTHER_FAILURE ".length());
    }
    return code.contains("_") ? words(code) : code;
  }

  /** A network event of the areas file: 3G_SUNSET is "3G switch-off"; another as words. */
  public static String event(String id) {
    return "3G_SUNSET".equalsIgnoreCase(id) ? "3G switch-off" : words(id);
  }

  /** An identifier as words: "INSTALL_AND_COMMISSION" is "Install and commission". */
  public static String words(String id) {
    if (id == null || id.isEmpty()) {
      return "";
    }
    String s = id.replace('_', ' ').toLowerCase(Locale.ROOT);
    return Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /**
   * A rule set by what it is: its title (its file name beside it) and the day it came into force,
   * "SEC service levels as configured by default (default), in force from 1 Jan 2019".
   */
  public static String ruleSet(RuleSet rules) {
    String title = rules.title() == null ? rules.name() : rules.title() + " (" + rules.name() + ")";
    return title + ", in force from " + PackDocument.day(rules.effectiveFrom());
  }

  /** A month as the minutes write it: "August 2023". */
  public static String month(String yyyyMm) {
    return PackDocument.monthName(yyyyMm);
  }

  /** "1 incident", "2 incidents"; {@code plural} for the irregular. */
  public static String count(long n, String one, String plural) {
    return String.format(Locale.UK, "%,d", n) + " " + (n == 1 ? one : plural);
  }

  /** "1 incident", "2 incidents". */
  public static String count(long n, String one) {
    return count(n, one, one + "s");
  }
}
