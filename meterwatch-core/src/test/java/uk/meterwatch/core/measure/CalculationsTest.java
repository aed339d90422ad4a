package uk.meterwatch.core.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.rules.MeasureDefinition;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;

/** The calculation registry, the portable query text and evaluation from a hand-made cube. */
class CalculationsTest {
  private static final RuleSet DEFAULTS = RuleBook.defaults();
  private static final MeasureContext AUG =
      new MeasureContext(
          ReportingMonth.of(2023, 8),
          DEFAULTS,
          SrvCatalogue.standard(),
          0L,
          day -> Optional.of(DEFAULTS));

  @Test
  void theRegistryKnowsEachCalculationByTheNameARuleSetUses() {
    assertThat(Calculations.all())
        .extracting(Calculation::name)
        .containsExactly(
            "ON_DEMAND_RESPONSE_TIME",
            "FUTURE_DATED_RESPONSE_TIME",
            "ALERT_DELIVERY_TIME",
            "INCIDENT_RESOLUTION",
            "SERVICE_AVAILABILITY",
            "SMKI_CSR_RESPONSE_TIME",
            "SMKI_REPOSITORY_RESPONSE_TIME",
            "PRELIMINARY_ASSESSMENT_TIMELINESS",
            "IMPACT_ASSESSMENT_TIMELINESS");
    assertThat(Calculations.find("alert_delivery_time")).contains(Calculations.ALERT_DELIVERY_TIME);
    assertThat(Calculations.find("NOPE")).isEmpty();
    assertThat(DEFAULTS.measure("CPM6").orElseThrow().calculation().unit()).isEqualTo("minutes");
  }

  @Test
  void aQueryRendersRelationsAndNamedParametersForJdbc() {
    CubeQuery q =
        CubeQuery.of(
            "SELECT count(*) FROM ${alerts} a WHERE a.raised_us >= :start_us"
                + " AND a.raised_us < :end_us AND a.provider IN (:providers)"
                + " AND a.raised_us <> :start_us AND 'x:y' <> ':z'",
            "start_us",
            5L,
            "end_us",
            9L,
            "providers",
            List.of("CSP-N", "CSP-C"));
    CubeQuery.Rendered r = q.render(CubeQuery.JDBC);
    assertThat(r.sql())
        .isEqualTo(
            "SELECT count(*) FROM alerts a WHERE a.raised_us >= ? AND a.raised_us < ?"
                + " AND a.provider IN (?, ?) AND a.raised_us <> ? AND 'x:y' <> ':z'");
    assertThat(r.values()).containsExactly(5L, 9L, "CSP-N", "CSP-C", 5L);
    // Another engine names the relations its own way.
    CubeQuery.Rendered spark =
        q.render(
            new CubeQuery.Dialect() {
              @Override
              public String relation(String name) {
                return "mw." + name;
              }

              @Override
              public String parameter(String name, Object value, List<Object> bound) {
                return ":" + name;
              }
            });
    assertThat(spark.sql())
        .startsWith("SELECT count(*) FROM mw.alerts a WHERE a.raised_us >= :start_us");
    assertThatThrownBy(() -> CubeQuery.of("SELECT :missing").render(CubeQuery.JDBC))
        .hasMessageContaining(":missing");
  }

  @Test
  void theCalculationsQueriesAvoidEngineSpecificSql() {
    List<CubeQuery> all = new ArrayList<>();
    for (MeasureDefinition m : DEFAULTS.measures()) {
      Calculation c = m.calculation();
      all.addAll(c.cube(AUG, m));
      c.fromSummary(AUG, m).ifPresent(all::addAll);
      c.items(AUG, m).ifPresent(all::add);
    }
    assertThat(all)
        .isNotEmpty()
        .allSatisfy(
            q ->
                assertThat(q.sql())
                    .doesNotContain("::")
                    .doesNotContain("//")
                    .doesNotContainIgnoringCase("GROUP BY ALL")
                    .doesNotContainIgnoringCase("QUALIFY")
                    .doesNotContain("?"));
  }

  @Test
  void onDemandEvaluationAppliesEachSrvsTargetAndTheMeasuresFilters() {
    // Cells: srv, provider, in 30 s, in 60 s, i0 first, count. 1.1.1 is critical (60 s), 2.2 not;
    // 5.1 is not device-bound, 8.2 not in the population either.
    Cube cube =
        new Cube(
            List.of(
                new Object[] {"2.2", "CSP-N", true, true, true, 5L},
                new Object[] {"2.2", "CSP-N", false, true, true, 2L}, // 45 s: late for 2.2
                new Object[] {"1.1.1", "CSP-C", false, true, false, 3L}, // 45 s, E-code: within
                new Object[] {"1.1.1", null, false, false, false, 1L}, // unknown device: ALL
                new Object[] {"5.1", null, true, true, true, 7L}));
    MeasureDefinition cpm1 = DEFAULTS.measure("CPM1").orElseThrow();
    Map<String, Tally> t = Calculations.ON_DEMAND_RESPONSE_TIME.evaluate(List.of(cube), cpm1, AUG);
    assertThat(t)
        .containsExactly(
            Map.entry("ALL", new Tally(8, 11)),
            Map.entry("CSP-C", new Tally(3, 3)),
            Map.entry("CSP-N", new Tally(5, 7)));
    MeasureDefinition cpm1s = DEFAULTS.measure("CPM1-S").orElseThrow();
    assertThat(Calculations.ON_DEMAND_RESPONSE_TIME.evaluate(List.of(cube), cpm1s, AUG))
        .containsEntry("ALL", new Tally(5, 11))
        .containsEntry("CSP-C", new Tally(0, 3));
  }

  @Test
  void aRuleSetNamingAnUnknownCalculationOrGivingASettingItDoesNotTakeIsRefused() {
    assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add(
                        "u.yaml",
                        "name: u\neffective_from: 2023-01-01\nadd_measures:\n"
                            + "  - {id: M, calculation: SPEED, target: 99, minimum: 96}\n")
                    .build())
        // The added measure comes after the default's own.
        .hasMessageStartingWith(
            "u.yaml: measures["
                + DEFAULTS.measures().size()
                + "].calculation: unknown calculation SPEED")
        .hasMessageContaining("(known: ON_DEMAND_RESPONSE_TIME, FUTURE_DATED_RESPONSE_TIME,");
    assertThatThrownBy(
            () ->
                RuleBook.withDefaults()
                    .add(
                        "u.yaml",
                        "name: u\neffective_from: 2023-01-01\nadd_measures:\n"
                            + "  - {id: M, calculation: ALERT_DELIVERY_TIME, service: SSI,"
                            + " target: 99, minimum: 96}\n")
                    .build())
        .hasMessage("u.yaml: measure M: service applies to SERVICE_AVAILABILITY only");
  }
}
