package uk.meterwatch.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.registers.Rag;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.ReviewArea;
import uk.meterwatch.engine.registers.ReviewEdit;
import uk.meterwatch.engine.store.Store;

/**
 * The Major Incident Review of INC000001076111 as the minutes of OPSG 105 (item 7) tell it, written
 * by the demo through the review register, so that each step is a version as the register keeps
 * them: version 1 is the DCC's draft as presented (Identification Red, the other four areas Green);
 * version 2 is the draft as the group left it (Customer Communications challenged to Amber, the
 * memory leak a symptom rather than the root cause, ACTION 105/05), still a draft: the group asked
 * for another before publication. Each version is dated on the meeting's day, by a clock fixed at
 * that time, so the register, the audit trail and the pack read as the story.
 */
final class Opsg105Review {
  static final String INCIDENT = "INC000001076111";

  /** OPSG 105 met on 23 October 2023, 12:20 to 16:00 UK time (BST, +01:00). */
  private static final Instant PRESENTED = at("2023-10-23T12:20+01:00");

  private static final Instant CHALLENGED = at("2023-10-23T16:00+01:00");

  private static final String SUMMARY =
      "Service restored after 6 hours 30 minutes: all Service Request traffic (SMETS1 and"
          + " SMETS2) was impacted from 06:10 to 12:40 on 20 August 2023; no DUIS traffic was"
          + " sent or received by the DSP, so SRVs and device alerts failed, and SSI, SSMI, the"
          + " SMKI Repository and Remedy were unavailable throughout.";

  private Opsg105Review() {}

  /** Writes both versions; returns how many the review then has. */
  static int write(Store store, RuleBook rules) {
    Map<ReviewArea, Rag> rags = new EnumMap<>(ReviewArea.class);
    Map<ReviewArea, String> why = new EnumMap<>(ReviewArea.class);
    rags.put(ReviewArea.IDENTIFICATION, Rag.RED);
    why.put(ReviewArea.IDENTIFICATION, "Red in the DCC's report.");
    for (ReviewArea a :
        List.of(
            ReviewArea.CLASSIFICATION,
            ReviewArea.INVESTIGATION,
            ReviewArea.RESOLUTION,
            ReviewArea.COMMUNICATIONS)) {
      rags.put(a, Rag.GREEN);
      why.put(a, "Green in the DCC's report.");
    }
    new Registers(store, rules, Clock.fixed(PRESENTED, ZoneOffset.UTC))
        .reviews()
        .edit(
            INCIDENT,
            new ReviewEdit(
                rags,
                why,
                "A memory leak in the primary router at the primary data centre caused the"
                    + " router to crash and become unresponsive.",
                null,
                at("2023-08-20T06:10+01:00"),
                null,
                at("2023-08-20T12:40+01:00"),
                List.of(),
                SUMMARY),
            "DCC");
    return new Registers(store, rules, Clock.fixed(CHALLENGED, ZoneOffset.UTC))
        .reviews()
        .edit(
            INCIDENT,
            new ReviewEdit(
                Map.of(ReviewArea.COMMUNICATIONS, Rag.AMBER),
                Map.of(
                    ReviewArea.COMMUNICATIONS,
                    "OPSG 105 challenged the Green and proposed Amber: the group queried the"
                        + " timeliness of communications to Users."),
                "Under further investigation (ACTION 105/05): the group noted that a memory leak"
                    + " is a symptom of an underlying issue, not a root cause.",
                "A memory leak in the primary router at the primary data centre; the router"
                    + " crashed and became unresponsive.",
                null,
                null,
                null,
                List.of("105/05"),
                SUMMARY
                    + " OPSG 105 asked the DCC for another draft, reflecting further investigation"
                    + " of the root cause and of the timeliness of the response, before the"
                    + " report is published to all SEC Parties."),
            "SECAS")
        .version();
  }

  private static Instant at(String time) {
    return OffsetDateTime.parse(time).toInstant();
  }
}
