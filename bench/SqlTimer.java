import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;

/**
 * Times the statements of a SQL file on a scratch DuckDB database: each statement that follows a
 * "-- step: NAME" line is timed and printed under that name, and the steps' total against a
 * baseline run first in the same process (DuckDB reading the drop's two CSV files into plain
 * tables, no checks, as in bench/load.sh). ${DROP} and ${OUT} in the file are replaced by the
 * arguments. Usage: java -cp ... bench/SqlTimer.java FILE.sql DROP OUT
 */
public class SqlTimer {
  public static void main(String[] args) throws Exception {
    String sqlFile = Files.readString(Path.of(args[0]));
    Path drop = Path.of(args[1]).toAbsolutePath();
    Path out = Path.of(args[2]).toAbsolutePath();
    deleteTree(out);
    Files.createDirectories(out);
    String text = sqlFile.replace("${DROP}", drop.toString()).replace("${OUT}", out.toString());

    long b = System.nanoTime();
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + out.resolve("baseline.duckdb"), new java.util.Properties());
        Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '6GB'");
      s.execute("CREATE TABLE r AS SELECT * FROM read_csv('" + drop.resolve("service_requests.csv") + "')");
      s.execute("CREATE TABLE p AS SELECT * FROM read_csv('" + drop.resolve("service_responses.csv") + "')");
    }
    double baseline = (System.nanoTime() - b) / 1e9;
    Files.delete(out.resolve("baseline.duckdb"));

    double total = 0;
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + out.resolve("sketch.duckdb"), new java.util.Properties());
        Statement s = c.createStatement()) {
      String step = null;
      StringBuilder statement = new StringBuilder();
      for (String line : text.split("\n")) {
        if (line.startsWith("-- step:")) {
          step = line.substring("-- step:".length()).strip();
        } else if (!line.startsWith("--")) {
          statement.append(line).append('\n');
          if (line.stripTrailing().endsWith(";")) {
            long t = System.nanoTime();
            String answer = "";
            if (s.execute(statement.toString())) {
              try (ResultSet r = s.getResultSet()) {
                answer = r.next() ? " -> " + r.getString(1) : "";
              }
            }
            double secs = (System.nanoTime() - t) / 1e9;
            if (step != null) {
              total += secs;
              System.out.printf(Locale.ROOT, "  %5.2f s  %s%s%n", secs, step, answer);
            }
            step = null;
            statement.setLength(0);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "baseline (DuckDB CSV -> table, no checks): %.1f s%n", baseline);
    System.out.printf(Locale.ROOT, "steps: %.1f s, ratio to the baseline %.2f%n", total, total / baseline);
    deleteTree(out);
  }

  static void deleteTree(Path p) throws java.io.IOException {
    if (Files.exists(p)) {
      try (var s = Files.walk(p)) {
        s.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }
}
