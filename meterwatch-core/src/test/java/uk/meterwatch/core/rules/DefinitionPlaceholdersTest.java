package uk.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/** Times in a definition come from the rule set in force, not from the text. */
class DefinitionPlaceholdersTest {
  private static String definition(RuleSet rs, String id) {
    return rs.measure(id).orElseThrow().definition();
  }

  @Test
  void theDefaultDefinitionsReadAsBefore() {
    RuleSet rs = RuleBook.defaults();
    assertThat(definition(rs, "CPM1"))
        .contains("after received_at (60 s critical, 30 s otherwise). A request with no response");
    assertThat(definition(rs, "CPM2")).contains("came no later than 30 s after execute_at (a");
    assertThat(definition(rs, "CPM3")).contains("raised_at is at most 60 s; an alert");
    assertThat(definition(rs, "CPM4"))
        .contains("its Target Resolution Time (4 h category 1, 8 h category 2; an incident");
    assertThat(definition(rs, "CPM5"))
        .endsWith("category 3, 4 or 5 (Target Resolution Times 24 h, 72 h, 120 h).");
    assertThat(rs.measures()).allSatisfy(m -> assertThat(m.definition()).doesNotContain("{", "}"));
  }

  @Test
  void aLaterRuleSetChangingOnlyTheTimesShowsItsOwnTimes() {
    RuleBook book =
        RuleBook.withDefaults()
            .add(
                "b.yaml",
                """
                name: b
                effective_from: 2024-01-01
                response_times: {on_demand: 30, on_demand_critical: 90, future_dated: 30, alert: 60}
                resolution_hours: {1: 2, 2: 8, 3: 24, 4: 72, 5: 120}
                """)
            .add(
                "c.yaml",
                """
                name: c
                effective_from: 2024-06-01
                response_times: {on_demand: 30, on_demand_critical: 90, future_dated: 45, alert: 120}
                """)
            .build();
    RuleSet b = book.inForce(ReportingMonth.of(2024, 1));
    assertThat(definition(b, "CPM1")).contains("(90 s critical, 30 s otherwise)");
    assertThat(definition(b, "CPM4")).contains("(2 h category 1, 8 h category 2;");
    // The rule set before keeps its own numbers.
    assertThat(definition(book.inForce(ReportingMonth.of(2023, 12)), "CPM1"))
        .contains("(60 s critical, 30 s otherwise)");
    // A third rule set inherits the placeholders, not the text rendered for b.
    RuleSet c = book.inForce(ReportingMonth.of(2024, 6));
    assertThat(definition(c, "CPM2")).contains("no later than 45 s after execute_at");
    assertThat(definition(c, "CPM3")).contains("at most 120 s;");
    assertThat(definition(c, "CPM4")).contains("(2 h category 1, 8 h category 2;");
  }

  @Test
  void aUserMeasureMayUsePlaceholdersAndAnUnknownOneIsAnError() {
    RuleSet rs =
        RuleBook.withDefaults()
            .add(
                "u.yaml",
                """
                name: u
                effective_from: 2024-01-01
                add_measures:
                  - id: PM-X
                    name: X
                    calculation: ALERT_DELIVERY_TIME
                    target: 95
                    minimum: 90
                    definition: As CPM3 (at most {alert} s; category 5 in {resolution_hours.5} h).
                """)
            .build()
            .inForce(ReportingMonth.of(2024, 1));
    assertThat(definition(rs, "PM-X")).isEqualTo("As CPM3 (at most 60 s; category 5 in 120 h).");
    assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add(
                        "u.yaml",
                        """
                        name: u
                        effective_from: 2024-01-01
                        add_measures:
                          - {id: PM-X, name: X, calculation: ALERT_DELIVERY_TIME, target: 95, minimum: 90, definition: "within {alerts} s"}
                        """)
                    .build())
        .isInstanceOf(MeterwatchException.class)
        .hasMessage(
            "u.yaml: measure PM-X: unknown placeholder {alerts} in its definition (known:"
                + " {on_demand}, {on_demand_critical}, {future_dated}, {alert},"
                + " {resolution_hours.1}, {resolution_hours.2}, {resolution_hours.3},"
                + " {resolution_hours.4}, {resolution_hours.5}, {rejected_requests},"
                + " {smki.certificate_signing}, {smki.repository})");
  }
}
