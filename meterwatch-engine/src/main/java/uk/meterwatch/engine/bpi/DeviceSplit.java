package uk.meterwatch.engine.bpi;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * Which device attributes (columns of the devices file) the BPIs are split by, and the tallies of
 * one process per cell: each transaction counts in the cell of its device (every attempt of a
 * transaction is on one device), with the device's row loaded last. A request without a device, or
 * for a device missing from the devices file, counts in the cell of absent values (null).
 *
 * <p>A split changes nothing else: the transactions, buckets and rates are the BPI's (docs/bpi.md);
 * the cells' transactions add up to the process's.
 */
public final class DeviceSplit {
  /** The devices file's columns a split may use. */
  public static final Set<String> ATTRIBUTES =
      Set.of(
          "area",
          "provider",
          "smets",
          "cohort",
          "device_type",
          "comms_hub_id",
          "certificate_owner");

  private final List<String> attributes;

  private DeviceSplit(List<String> attributes) {
    this.attributes = List.copyOf(attributes);
  }

  /** A split by these devices-file columns, in this order. */
  public static DeviceSplit by(String... attributes) {
    if (attributes.length == 0) {
      throw new MeterwatchException(ErrorCode.USAGE, "a device split needs an attribute");
    }
    for (String a : attributes) {
      if (!ATTRIBUTES.contains(a)) {
        throw new MeterwatchException(
            ErrorCode.USAGE,
            "cannot split by '"
                + a
                + "' (device attributes: "
                + String.join(", ", ATTRIBUTES)
                + ")");
      }
    }
    return new DeviceSplit(List.of(attributes));
  }

  public List<String> attributes() {
    return attributes;
  }

  /**
   * One cell of a process: its attribute values (in the split's order; null for absent) and the
   * counts behind its success rate.
   *
   * @param values the device's values of the split's attributes
   * @param transactions transactions of the month on such devices
   * @param successes those in buckets 1 to 3
   */
  public record Cell(List<String> values, long transactions, long successes) {
    /** 100 x successes / transactions; null when there is no transaction. */
    public Double successRate() {
      return transactions == 0 ? null : 100.0 * successes / transactions;
    }
  }

  /**
   * The SQL of a temporary table {@code (device_id, a0, a1, ...)}: each device's values from its
   * row loaded last. The column names come from {@link #ATTRIBUTES} only.
   */
  String tableSql(String table) {
    StringBuilder sql =
        new StringBuilder("CREATE OR REPLACE TEMP TABLE ")
            .append(table)
            .append(" AS SELECT device_id");
    for (int i = 0; i < attributes.size(); i++) {
      sql.append(", arg_max(")
          .append(attributes.get(i))
          .append(", (load_id, line))::VARCHAR AS a")
          .append(i);
    }
    return sql.append(" FROM devices GROUP BY device_id").toString();
  }

  /** The tallies of one process, fed by the transactions built in Java and the SQL counts. */
  static final class Tallies implements Consumer<Transaction> {
    private final Consumer<Transaction> next;
    private final TreeMap<List<String>, long[]> cells = new TreeMap<>(Tallies::compareValues);
    private List<String> current;

    Tallies(Consumer<Transaction> next) {
      this.next = next;
    }

    /** The cell of the group whose transactions come next. */
    void at(List<String> values) {
      current = values;
    }

    @Override
    public void accept(Transaction t) {
      next.accept(t);
      add(current, 1, t.success() ? 1 : 0);
    }

    void add(List<String> values, long transactions, long successes) {
      long[] c = cells.computeIfAbsent(values, k -> new long[2]);
      c[0] += transactions;
      c[1] += successes;
    }

    List<Cell> cells() {
      return cells.entrySet().stream()
          .map(e -> new Cell(e.getKey(), e.getValue()[0], e.getValue()[1]))
          .toList();
    }

    /** Values in order, absent (null) after every value. */
    private static int compareValues(List<String> a, List<String> b) {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        String x = a.get(i);
        String y = b.get(i);
        if (x == null || y == null) {
          if (x != y) {
            return x == null ? 1 : -1;
          }
          continue;
        }
        int c = x.compareTo(y);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.size(), b.size());
    }
  }

  /** The cells of each process, by process name. */
  public record Result(BpiReport report, Map<String, List<Cell>> cells) {}
}
