package uk.meterwatch.web;

import java.nio.file.Path;
import java.time.Clock;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.registers.Risk;
import uk.meterwatch.engine.store.Store;

/**
 * Another process writing the store, as {@code meterwatch load} would: opens it, adds risk R2 (and
 * commits), says "held", and keeps the store until its standard input closes.
 */
public final class HoldStore {
  private HoldStore() {}

  public static void main(String[] args) throws Exception {
    try (Store store = Store.open(Path.of(args[0]))) {
      new Registers(store, RuleBook.withDefaults().build(), Clock.systemUTC())
          .risks()
          .add(
              new Risk("R2", "Added while the server serves", 2, 2, "DCC", null),
              null,
              null,
              "cli");
      System.out.println("held");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our input
      }
    }
    System.out.println("released");
  }
}
