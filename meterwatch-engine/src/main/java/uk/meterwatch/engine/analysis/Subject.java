package uk.meterwatch.engine.analysis;

/**
 * What a series measures: a business process (its transactions' success rate, docs/bpi.md) or a
 * measure of the rule set (within / population, docs/measures.md).
 */
public record Subject(Kind kind, String name) {
  public enum Kind {
    PROCESS,
    MEASURE
  }

  public static Subject process(String name) {
    return new Subject(Kind.PROCESS, name);
  }

  public static Subject measure(String id) {
    return new Subject(Kind.MEASURE, id);
  }

  /** "transactions" or "population": what the totals count. */
  public String totalWord() {
    return kind == Kind.PROCESS ? "transactions" : "population";
  }

  /** "successes" or "within". */
  public String successWord() {
    return kind == Kind.PROCESS ? "successes" : "within";
  }

  @Override
  public String toString() {
    return (kind == Kind.PROCESS ? "process " : "measure ") + name;
  }
}
