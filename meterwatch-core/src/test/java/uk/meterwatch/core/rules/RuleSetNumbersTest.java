package uk.meterwatch.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.time.ReportingMonth;

/** The times and thresholds of a rule set are whole numbers above 0, and all four times given. */
class RuleSetNumbersTest {
  private static final ReportingMonth JANUARY = ReportingMonth.of(2024, 1);

  private static RuleBook build(String body) {
    return RuleBook.withDefaults()
        .add("b.yaml", "name: b\neffective_from: 2024-01-01\n" + body)
        .build();
  }

  private static void rejected(String body, String message) {
    assertThatThrownBy(() -> build(body))
        .isInstanceOfSatisfying(
            MeterwatchException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RULES))
        .hasMessage(message);
  }

  @Test
  void effectiveFromMustBeADate() {
    assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add("c.yaml", "name: c\neffective_from: 2024-13-01\n")
                    .build())
        .isInstanceOfSatisfying(
            MeterwatchException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RULES))
        .hasMessage("c.yaml: effective_from must be a date (YYYY-MM-DD), got 2024-13-01");
  }

  @Test
  void responseTimesMustListAllFourTimes() {
    rejected(
        "response_times: {on_demand: 30, on_demand_critical: 60, future_dated: 30}\n",
        "b.yaml: response_times must list on_demand, on_demand_critical, future_dated and alert"
            + " (missing: alert)");
    rejected(
        "response_times: {on_demand_critical: 90}\n",
        "b.yaml: response_times must list on_demand, on_demand_critical, future_dated and alert"
            + " (missing: on_demand, future_dated, alert)");
  }

  @Test
  void responseTimesAreWholeSecondsAboveZero() {
    rejected(
        "response_times: {on_demand: 45.9, on_demand_critical: 60, future_dated: 30, alert: 60}\n",
        "b.yaml: response_times.on_demand must be a whole number of seconds above 0, got 45.9");
    rejected(
        "response_times: {on_demand: 30, on_demand_critical: 60, future_dated: 0, alert: 60}\n",
        "b.yaml: response_times.future_dated must be a whole number of seconds above 0, got 0");
    rejected(
        "response_times: {on_demand: 30, on_demand_critical: 60, future_dated: 30, alert: -60}\n",
        "b.yaml: response_times.alert must be a whole number of seconds above 0, got -60");
    rejected(
        "response_times: {on_demand: 30, on_demand_critical: x, future_dated: 30, alert: 60}\n",
        "b.yaml: response_times.on_demand_critical must be a whole number of seconds above 0,"
            + " got x");
  }

  @Test
  void resolutionHoursAreWholeHoursAboveZero() {
    rejected(
        "resolution_hours: {1: 2.5, 2: 8, 3: 24, 4: 72, 5: 120}\n",
        "b.yaml: resolution_hours.1 must be a whole number of hours above 0, got 2.5");
    rejected(
        "resolution_hours: {1: 4, 2: -8, 3: 24, 4: 72, 5: 120}\n",
        "b.yaml: resolution_hours.2 must be a whole number of hours above 0, got -8");
    rejected(
        "resolution_hours: {1: 4, 2: 8, 3: 24, 4: 72, 5: 0}\n",
        "b.yaml: resolution_hours.5 must be a whole number of hours above 0, got 0");
    rejected(
        "resolution_hours: {one: 4, 2: 8, 3: 24, 4: 72, 5: 120}\n",
        "b.yaml: resolution_hours: category one is not a whole number above 0");
  }

  @Test
  void persistenceThresholdIsAWholeNumberAboveZero() {
    rejected(
        "persistence_threshold: 2.5\n",
        "b.yaml: persistence_threshold must be a whole number of months above 0, got 2.5");
    rejected(
        "persistence_threshold: 0\n",
        "b.yaml: persistence_threshold must be a whole number of months above 0, got 0");
  }

  @Test
  void rejectedRequestsIsExcludeOrCountAsMiss() {
    rejected(
        "rejected_requests: ignore\n",
        "b.yaml: rejected_requests must be exclude or count_as_miss, got ignore");
    rejected(
        "rejected_requests: 1\n",
        "b.yaml: rejected_requests must be exclude or count_as_miss, got 1");
  }

  @Test
  void otherWholeNumberSettingsRejectFloatsInOneLineNamingTheFileAndSetting() {
    rejected(
        """
        bpi:
          retry_window_hours: 24.5
          duplicate_window_minutes: 10
          communication_evidence_days: 60
          flag_failure_rate: 90
          flag_min_transactions: 100
        """,
        "b.yaml: bpi.retry_window_hours must be a whole number, got 24.5");
    rejected(
        """
        risks:
          escalation_threshold: 15
          bands:
            - {name: High, min: 15}
            - {name: Low, min: 1.5}
        """,
        "b.yaml: risks.bands[1].min must be a whole number, got 1.5");
    rejected(
        """
        add_measures:
          - {id: M, name: M, calculation: INCIDENT_RESOLUTION, categories: [1.5], target: 90, minimum: 80}
        """,
        "b.yaml: measures["
            + RuleBook.defaults().measures().size()
            + "].categories[0] must be a whole number, got 1.5");
  }

  @Test
  void wholeNumbersStillParse() {
    RuleSet b =
        build(
                """
                response_times: {on_demand: 20, on_demand_critical: 90, future_dated: 40, alert: 120}
                resolution_hours: {1: 2, 2: 6, 3: 24, 4: 72, 5: 120}
                persistence_threshold: 4
                bpi:
                  retry_window_hours: 12
                  duplicate_window_minutes: 5
                  communication_evidence_days: 30
                  flag_failure_rate: 92.5
                  flag_min_transactions: 50
                risks:
                  escalation_threshold: 12
                  bands:
                    - {name: High, min: 12}
                    - {name: Low, min: 1}
                """)
            .inForce(ReportingMonth.of(2024, 1));
    assertThat(b.responseTimes()).isEqualTo(new ResponseTimes(20, 90, 40, 120));
    assertThat(b.resolutionTime(2)).isEqualTo(Duration.ofHours(6));
    assertThat(b.persistenceThreshold()).isEqualTo(4);
    assertThat(b.bpi()).isEqualTo(new BpiSettings(12, 5, 30, 92.5, 50));
    assertThat(b.risks().escalationThreshold()).isEqualTo(12);
    assertThat(b.risks().bandOf(11)).isEqualTo("Low");
  }

  @Test
  void slowSuccessHoursDefaultTo24AndMustBeAWholeNumberAboveZero() {
    assertThat(build("description: b\n").inForce(JANUARY).bpi().slowSuccessHours()).isEqualTo(24);
    String bpi =
        """
        bpi:
          retry_window_hours: 24
          duplicate_window_minutes: 10
          communication_evidence_days: 60
          flag_failure_rate: 90
          flag_min_transactions: 100
        """;
    assertThat(build(bpi).inForce(JANUARY).bpi().slowSuccessHours()).isEqualTo(24);
    assertThat(build(bpi + "  slow_success_hours: 48\n").inForce(JANUARY).bpi().slowSuccessHours())
        .isEqualTo(48);
    rejected(
        bpi + "  slow_success_hours: 0\n",
        "b.yaml: bpi.slow_success_hours must be at least 1, got 0");
    rejected(
        bpi + "  slow_success_hours: 1.5\n",
        "b.yaml: bpi.slow_success_hours must be a whole number, got 1.5");
  }
}
