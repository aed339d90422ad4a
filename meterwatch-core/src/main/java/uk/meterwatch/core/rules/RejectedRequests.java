package uk.meterwatch.core.rules;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How the request measures (CPM1, CPM1-S, CPM2 and every measure of their calculations) count a
 * request the DCC rejected: one answered only by an error acknowledgement (an ACK whose code starts
 * with E, like the DCC's sample E65) and no RESPONSE. Such a request was refused at the DCC's door;
 * no Service Response follows. A rule set's {@code rejected_requests:} chooses.
 */
public enum RejectedRequests {
  /** Left out of the population and counted apart (the measure's {@code rejected}). */
  EXCLUDE("exclude"),
  /** Kept in the population as a miss (a request with no response). */
  COUNT_AS_MISS("count_as_miss");

  private final String word;

  RejectedRequests(String word) {
    this.word = word;
  }

  /** As a rule set writes it: {@code exclude} or {@code count_as_miss}. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The reading of a rule set's text (checked by the rule book before it gets here). */
  @JsonCreator
  public static RejectedRequests of(String text) {
    for (RejectedRequests r : values()) {
      if (r.word.equals(text.trim().toLowerCase(Locale.ROOT))) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "rejected_requests must be exclude or count_as_miss, got " + text);
  }

  /**
   * The sentence a definition's {@code {rejected_requests}} placeholder reads, so the text says
   * which reading is in force.
   */
  public String sentence() {
    String which =
        "A request the DCC rejected (answered only by an error acknowledgement, an ACK whose code"
            + " starts with E such as E65, and by no RESPONSE) ";
    return this == EXCLUDE
        ? which + "is left out of the population and counted as rejected."
        : which + "stays in the population as a miss.";
  }
}
