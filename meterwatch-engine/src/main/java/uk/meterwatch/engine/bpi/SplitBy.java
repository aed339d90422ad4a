package uk.meterwatch.engine.bpi;

import java.util.List;

/**
 * The ways a process's transactions are split (docs/bpi.md, "Splits"), each by its first request.
 * Every split but COHORT and USE_CASE covers all the process's transactions, so its parts add up to
 * the process; COHORT covers the SMETS1 transactions and USE_CASE those of CHANGE_OF_SUPPLY.
 */
public enum SplitBy {
  /** SMETS1, SMETS2, or UNKNOWN (device not in the devices file, or no device). */
  SMETS("smets"),
  /** SMETS1 transactions by cohort: IOC, MOC, FOC, or NOT_GIVEN. */
  COHORT("cohort"),
  /** By region: the device's provider (CSP-N, CSP-C, CSP-S, S1SP-...), or UNKNOWN. */
  REGION("region"),
  /** CHANGE_OF_SUPPLY transactions by use case (empty for other processes). */
  USE_CASE("use_case"),
  /** By the first request's SRV. */
  SRV("srv");

  public static final String UNKNOWN = "UNKNOWN";
  public static final String NOT_GIVEN = "NOT_GIVEN";

  private final String key;

  SplitBy(String key) {
    this.key = key;
  }

  /** Its name in JSON and CSV. */
  public String key() {
    return key;
  }

  /** The parts a transaction of this profile belongs to, one per split (null: not in it). */
  static String partOf(SplitBy by, Profile p, UseCase useCase) {
    return switch (by) {
      case SMETS -> p.smets() == 1 ? "SMETS1" : p.smets() == 2 ? "SMETS2" : UNKNOWN;
      case COHORT -> p.smets() != 1 ? null : p.cohort() == null ? NOT_GIVEN : p.cohort();
      case REGION -> p.provider() == null ? UNKNOWN : p.provider();
      case USE_CASE -> useCase == null ? null : useCase.name();
      case SRV -> p.srv();
    };
  }

  /** The parts always listed, in order, even with no transaction (others follow sorted). */
  List<String> fixedParts() {
    return switch (this) {
      case SMETS -> List.of("SMETS1", "SMETS2", UNKNOWN);
      case COHORT -> List.of("IOC", "MOC", "FOC", NOT_GIVEN);
      case USE_CASE, REGION, SRV -> List.of();
    };
  }
}
