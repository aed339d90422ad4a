package uk.meterwatch.spark;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import uk.meterwatch.core.measure.Cube;
import uk.meterwatch.core.measure.CubeQuery;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.pmr.CubeSource;
import uk.meterwatch.engine.pmr.PerformanceMeasurement;
import uk.meterwatch.engine.pmr.PerformanceReport;

/**
 * The Performance Measurement Report on Spark (definitions: docs/measures.md). Each calculation's
 * queries ({@code core.measure.Calculation}: written once, in the SQL both engines accept) run on
 * Spark SQL over temporary views of the store's names and columns; {@link PerformanceMeasurement}
 * then computes the report from their results, the same code as on the store.
 */
public final class SparkPmr implements CubeSource {
  private final SparkSession spark;
  private final SrvCatalogue catalogue;
  private final java.util.List<uk.meterwatch.core.measure.ApprovedException> exceptions;

  public SparkPmr(SparkSession spark, SparkTables tables, SrvCatalogue catalogue) {
    this.spark = spark;
    this.catalogue = catalogue;
    this.exceptions = tables.exceptions();
    tables.requests().createOrReplaceTempView("service_requests");
    tables.responses().createOrReplaceTempView("service_responses");
    tables.alerts().createOrReplaceTempView("alerts");
    tables.devices().createOrReplaceTempView("devices");
    tables.incidents().createOrReplaceTempView("incidents");
    tables.outages().createOrReplaceTempView("outages");
    tables.smkiRequests().createOrReplaceTempView("smki_requests");
    tables.modificationAssessments().createOrReplaceTempView("modification_assessments");
  }

  public PerformanceReport report(RuleBook rules, ReportingMonth month, Clock clock) {
    // The approved exceptions in force at the end of "now"'s day, as the store applies them.
    return new PerformanceMeasurement(this, rules, catalogue, clock, exceptions).report(month);
  }

  /**
   * Spark's spelling of a calculation's query: a relation is the temporary view of its name, a
   * value a literal (our own values: the catalogue's SRVs, the rule set's times, a month's bounds,
   * never a user's text); Spark's parameter markers are not typed where the queries need them.
   */
  static final CubeQuery.Dialect DIALECT =
      new CubeQuery.Dialect() {
        @Override
        public String relation(String name) {
          return name;
        }

        @Override
        public String parameter(String name, Object value, List<Object> bound) {
          if (value instanceof List<?> list) {
            if (list.isEmpty()) {
              return "NULL";
            }
            List<String> items = new ArrayList<>();
            for (Object v : list) {
              items.add(literal(v));
            }
            return String.join(", ", items);
          }
          return literal(value);
        }
      };

  private static String literal(Object v) {
    if (v instanceof Long || v instanceof Integer) {
      return v + "L";
    }
    if (v instanceof Boolean b) {
      return b.toString();
    }
    String text = v.toString();
    // Our own values never hold a quote or a backslash; refusing them keeps the literal the same
    // whatever the session's string-literal settings (the drop's checks turn escapes off).
    if (text.indexOf('\'') >= 0 || text.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("not a value Spark's PMR writes as a literal: " + text);
    }
    return "'" + text + "'";
  }

  @Override
  public Cube run(CubeQuery query) {
    List<Object[]> rows = new ArrayList<>();
    for (Row r : spark.sql(query.render(DIALECT).sql()).collectAsList()) {
      Object[] row = new Object[r.length()];
      for (int c = 0; c < row.length; c++) {
        row[c] = value(r, c);
      }
      rows.add(row);
    }
    return new Cube(rows);
  }

  /** A Spark value as plain Java: text, whole numbers as Long, booleans, arrays as lists. */
  private static Object value(Row r, int c) {
    if (r.isNullAt(c)) {
      return null;
    }
    Object v = r.get(c);
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof scala.collection.Seq<?> || v instanceof List<?>) {
      List<String> out = new ArrayList<>();
      for (Object o : r.getList(c)) {
        if (o != null) {
          out.add(o.toString());
        }
      }
      return List.copyOf(out);
    }
    return v;
  }
}
