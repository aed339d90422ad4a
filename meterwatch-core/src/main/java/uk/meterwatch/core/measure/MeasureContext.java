package uk.meterwatch.core.measure;

import java.time.LocalDate;
import java.util.Optional;
import java.util.function.Function;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * What a calculation is given to measure a month: the month, the rule set in force for it, the SRV
 * catalogue, "now" (for incidents still open) and the rule set in force on any day (an incident is
 * judged by the rules of the day it opened).
 *
 * @param month the reporting month (UK time)
 * @param ruleSet the rule set in force on the month's first day
 * @param catalogue the SRV catalogue
 * @param nowUs the instant of "now", epoch microseconds
 * @param ruleSetOn the rule set in force on a day, empty before the earliest
 */
public record MeasureContext(
    ReportingMonth month,
    RuleSet ruleSet,
    SrvCatalogue catalogue,
    long nowUs,
    Function<LocalDate, Optional<RuleSet>> ruleSetOn) {

  public long startUs() {
    return month.startMicros();
  }

  public long endUs() {
    return month.endMicros();
  }
}
