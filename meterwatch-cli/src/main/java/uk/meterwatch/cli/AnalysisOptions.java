package uk.meterwatch.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.analysis.Subject;
import uk.meterwatch.engine.rules.RuleFiles;

/**
 * The options the analysis commands (regional, trend, glidepath) share: what series (a process or a
 * measure), which months, which rules. A picocli mixin.
 */
final class AnalysisOptions {
  enum Format {
    table,
    json,
    csv
  }

  static final class What {
    @Option(
        names = "--process",
        paramLabel = "P",
        description = "A business process of the rule set (its transactions' success rate).")
    String process;

    @Option(
        names = "--measure",
        paramLabel = "M",
        description = "A measure of the rule set (within / population).")
    String measure;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  What what;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "YYYY-MM",
      description = "First UK month.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM", description = "Last UK month.")
  String to;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, json or csv (default: ${DEFAULT-VALUE}).")
  Format format;

  @Option(
      names = "--rules",
      paramLabel = "DIR",
      description = "Extra rule set files (YAML), on top of the built-in and the store's rules/.")
  Path rulesDir;

  Subject subject() {
    return what.process != null ? Subject.process(what.process) : Subject.measure(what.measure);
  }

  ReportingMonth fromMonth() {
    return ReportingMonth.parse(from);
  }

  ReportingMonth toMonth() {
    return ReportingMonth.parse(to);
  }

  RuleBook rules(MeterwatchCommand top) {
    return RuleFiles.load(top.storePath(), rulesDir);
  }

  /** Half-up to a number of decimals; null stays null. */
  static BigDecimal round(Double value, int decimals) {
    return value == null || value.isNaN() || value.isInfinite()
        ? null
        : BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP);
  }

  /** A p-value to 6 significant decimals (never rounded to 0: at least 1e-6 shown as such). */
  static BigDecimal roundP(double p) {
    return BigDecimal.valueOf(p).setScale(6, RoundingMode.HALF_UP);
  }
}
