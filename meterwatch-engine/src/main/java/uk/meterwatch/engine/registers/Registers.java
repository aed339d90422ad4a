package uk.meterwatch.engine.registers;

import java.time.Clock;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.store.Store;

/** Every register of one store, sharing its rules and clock. */
public final class Registers {
  private final IncidentRegister incidents;
  private final ReviewRegister reviews;
  private final RiskRegister risks;
  private final ActionLog actions;
  private final AuditTrail audit;
  private final IncidentMapQuery map;
  private final ExceptionRegister exceptions;

  public Registers(Store store, RuleBook rules, Clock clock) {
    this.incidents = new IncidentRegister(store, rules, clock);
    this.reviews = new ReviewRegister(store, incidents, clock);
    this.risks = new RiskRegister(store, rules, clock);
    this.actions = new ActionLog(store, clock);
    this.audit = new AuditTrail(store);
    this.map = new IncidentMapQuery(store);
    this.exceptions = new ExceptionRegister(store, rules, clock);
  }

  public ExceptionRegister exceptions() {
    return exceptions;
  }

  public IncidentRegister incidents() {
    return incidents;
  }

  public ReviewRegister reviews() {
    return reviews;
  }

  public RiskRegister risks() {
    return risks;
  }

  public ActionLog actions() {
    return actions;
  }

  public AuditTrail audit() {
    return audit;
  }

  public IncidentMapQuery map() {
    return map;
  }
}
