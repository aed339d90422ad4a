package uk.meterwatch.spark;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.shiftright;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.BpiSettings;
import uk.meterwatch.core.rules.RuleSet;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.bpi.BpiCalculator;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.engine.bpi.Bucket;
import uk.meterwatch.engine.bpi.ProcessIndicators;
import uk.meterwatch.engine.bpi.Profile;
import uk.meterwatch.engine.bpi.RequestRow;
import uk.meterwatch.engine.bpi.TimeQuantiles;
import uk.meterwatch.engine.bpi.Transaction;
import uk.meterwatch.engine.bpi.TransactionBuilder;
import uk.meterwatch.engine.bpi.UseCase;
import uk.meterwatch.engine.bpi.Waterfall;

/**
 * The Business Process Indicators of a month on Spark (definitions: docs/bpi.md), by the same Java
 * as the store's: each process's requests are partitioned by their group (process, User, device),
 * sorted within each partition by (group, received_at, request_id), and streamed through {@link
 * TransactionBuilder}, the sequential rule, in {@code mapPartitions}; the month's transactions are
 * then counted by Spark into a small cube (process x User x bucket x failure code x use case) that
 * {@link Waterfall} adds up, and the median and p95 come from the ranks {@link TimeQuantiles}
 * locates (the interpolation of {@link Waterfall#quantileSeconds}).
 *
 * <p>Each group is replayed from its first request in the input (the store's engine searches an
 * anchor instead, a saving of reads that Spark's scan does not need): the rule then classifies
 * every request exactly as it does on the store.
 */
public final class SparkBpi {
  private static final long HOUR_US = 3_600_000_000L;

  private final SparkSession spark;
  private final SparkTables tables;
  private final RuleSet rules;
  private final SrvCatalogue catalogue;

  public SparkBpi(SparkSession spark, SparkTables tables, RuleSet rules, SrvCatalogue catalogue) {
    this.spark = spark;
    this.tables = tables;
    this.rules = rules;
    this.catalogue = catalogue;
  }

  /** All processes of the rule set, in its order. */
  public BpiReport compute(ReportingMonth month) {
    return compute(month, List.copyOf(rules.processes().keySet()));
  }

  /** The processes named (each must be in the rule set, case-insensitive), in the order given. */
  public BpiReport compute(ReportingMonth month, List<String> processes) {
    List<String> names = new ArrayList<>();
    for (String p : processes) {
      names.add(
          rules.processes().keySet().stream()
              .filter(k -> k.equalsIgnoreCase(p))
              .findFirst()
              .orElseThrow(
                  () ->
                      new MeterwatchException(
                          ErrorCode.NOT_FOUND,
                          "no process '"
                              + p
                              + "' in rule set "
                              + rules.name()
                              + " (known: "
                              + String.join(", ", rules.processes().keySet())
                              + ")")));
    }
    BpiSettings s = rules.bpi();
    long start = month.startMicros();
    long end = month.endMicros();
    long retryUs = s.retryWindowHours() * HOUR_US;
    long evidenceUs = s.communicationEvidenceDays() * 24L * HOUR_US;
    int cosNo = names.indexOf(BpiCalculator.CHANGE_OF_SUPPLY);

    // The SRVs of each process with the Target Response Time of each (a small table).
    List<Row> srvRows = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      for (String srv : rules.processes().get(names.get(i))) {
        boolean critical = catalogue.find(srv).map(x -> x.critical()).orElse(false);
        int seconds =
            critical ? rules.responseTimes().onDemandCritical() : rules.responseTimes().onDemand();
        srvRows.add(
            RowFactory.create(
                i, srv, seconds * 1_000_000L, rules.responseTimes().futureDated() * 1_000_000L));
      }
    }
    StructType srvSchema =
        new StructType()
            .add("process_no", DataTypes.IntegerType, false)
            .add("srv", DataTypes.StringType, false)
            .add("srv_target_us", DataTypes.LongType, false)
            .add("future_us", DataTypes.LongType, false);
    Dataset<Row> srvs = spark.createDataFrame(srvRows, srvSchema);

    // Every request of the processes up to end + W (the month's transactions' attempts come
    // before it), from each group's first. A future-dated request is due at its execute_at (when
    // later than its receipt) and held to the future-dated Target Response Time (docs/bpi.md).
    Dataset<Row> req =
        tables
            .requests()
            .where(col("received_us").lt(end + retryUs))
            .join(broadcast(srvs), "srv")
            .select(
                col("process_no"),
                col("user_id"),
                col("device_id"),
                col("received_us"),
                col("request_id"),
                when(col("execute_us").isNotNull(), col("future_us"))
                    .otherwise(col("srv_target_us"))
                    .as("target_us"),
                col("final_code"),
                col("final_us"),
                col("i0_us"),
                col("certificate_owner").as("owner"),
                when(col("execute_us").gt(col("received_us")), col("execute_us"))
                    .otherwise(col("received_us"))
                    .as("due_us"),
                col("srv"),
                col("provider"));
    // Each device's SMETS generation and cohort (its row loaded last), for the splits.
    Dataset<Row> devices =
        tables
            .devices()
            .groupBy(col("device_id").as("dv_device"))
            .agg(
                max_by(col("smets"), struct(col("load_id"), col("line"))).as("dv_smets"),
                max_by(col("cohort"), struct(col("load_id"), col("line"))).as("dv_cohort"));

    // Communication evidence: the device's latest I0 RESPONSE (any SRV, any User) strictly before
    // a request and at most the evidence window before it; only for the month's requests on
    // devices with an E20/E21 final response among the processes' requests (the only ones whose
    // transaction can end COMMUNICATING or NON_COMMUNICATING).
    Dataset<Row> badDevices =
        req.where(
                col("received_us")
                    .geq(start)
                    .and(col("device_id").isNotNull())
                    .and(col("final_code").isin("E20", "E21")))
            .select("device_id")
            .distinct();
    Dataset<Row> firsts =
        req.where(col("received_us").geq(start).and(col("received_us").lt(end)))
            .join(badDevices, "device_id")
            .select("device_id", "received_us")
            .distinct();
    Dataset<Row> i0s =
        tables
            .responses()
            .where(
                col("kind")
                    .equalTo("RESPONSE")
                    .and(col("code").equalTo("I0"))
                    .and(col("sent_us").geq(start - evidenceUs))
                    .and(col("sent_us").lt(end)))
            .select("request_id", "sent_us")
            .join(tables.requests().select("request_id", "device_id"), "request_id")
            .join(badDevices, "device_id")
            .select(col("device_id").as("ev_device"), col("sent_us"));
    Dataset<Row> evidence =
        firsts
            .join(
                i0s,
                col("device_id")
                    .equalTo(col("ev_device"))
                    .and(col("sent_us").lt(col("received_us")))
                    .and(col("sent_us").geq(col("received_us").minus(evidenceUs))))
            .groupBy(col("device_id").as("e_device"), col("received_us").as("e_received"))
            .agg(max("sent_us").as("evidence_us"));

    // Organisations: each User's as loaded last.
    Dataset<Row> orgs =
        tables
            .users()
            .groupBy("user_id")
            .agg(max_by(col("organisation"), struct(col("load_id"), col("line"))).as("org"));

    Dataset<Row> rows =
        req.join(
                evidence,
                col("device_id")
                    .equalTo(col("e_device"))
                    .and(col("received_us").equalTo(col("e_received"))),
                "left")
            .join(
                broadcast(orgs.select(col("user_id").as("uo_user"), col("org").as("user_org"))),
                col("user_id").equalTo(col("uo_user")),
                "left")
            .join(
                broadcast(orgs.select(col("user_id").as("oo_user"), col("org").as("owner_org"))),
                col("owner").equalTo(col("oo_user")),
                "left")
            .join(devices, col("device_id").equalTo(col("dv_device")), "left")
            .select(
                col("process_no"),
                col("user_id"),
                col("device_id"),
                col("received_us"),
                col("request_id"),
                col("final_code"),
                col("final_us"),
                col("i0_us"),
                col("target_us"),
                col("owner").isNotNull().and(col("owner").notEqual(col("user_id"))).as("mismatch"),
                col("evidence_us"),
                when(
                        col("owner")
                            .isNull()
                            .or(col("user_org").isNull())
                            .or(col("owner_org").isNull()),
                        lit(UseCase.UNKNOWN.ordinal()))
                    .when(
                        col("user_org").equalTo(col("owner_org")),
                        lit(UseCase.INTERNAL_MIGRATION.ordinal()))
                    .otherwise(lit(UseCase.SUPPLIER_SWITCH.ordinal()))
                    .as("use_case"),
                col("due_us"),
                col("srv"),
                col("dv_smets"),
                col("dv_cohort"),
                col("provider"));

    Dataset<Row> transactions =
        rows.repartition(col("process_no"), col("user_id"), col("device_id"))
            .sortWithinPartitions(
                col("process_no"),
                col("user_id"),
                col("device_id").asc_nulls_first(),
                col("received_us"),
                col("request_id"))
            .mapPartitions(
                new Replay(s, start, end, names.size(), cosNo), Encoders.row(Replay.SCHEMA))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      return report(month, names, s, transactions);
    } finally {
      transactions.unpersist();
    }
  }

  private static BpiReport report(
      ReportingMonth month, List<String> names, BpiSettings s, Dataset<Row> transactions) {
    List<Waterfall> waterfalls = new ArrayList<>();
    for (String process : names) {
      waterfalls.add(new Waterfall(process, s, BpiCalculator.CHANGE_OF_SUPPLY.equals(process)));
    }
    // The cube: a few rows per User and bucket.
    List<Row> cube =
        transactions
            .groupBy("process_no", "user_id", "bucket", "failure_code", "use_case")
            .agg(
                count(lit(1)),
                sum("attempts"),
                sum("retries"),
                sum("duplicates"),
                sum("final_i0"),
                sum(when(col("in_target"), 1).otherwise(0)),
                sum(when(col("in_1h"), 1).otherwise(0)),
                sum(when(col("in_24h"), 1).otherwise(0)),
                sum(when(col("slow"), 1).otherwise(0)))
            .orderBy("process_no", "user_id", "bucket", "failure_code", "use_case")
            .collectAsList();
    for (Row r : cube) {
      waterfalls
          .get(r.getInt(0))
          .addTransactions(
              r.getString(1),
              Bucket.values()[r.getInt(2)],
              r.isNullAt(3) ? null : r.getString(3),
              r.isNullAt(4) ? null : UseCase.values()[r.getInt(4)],
              r.getLong(5),
              r.getLong(6),
              r.getLong(7),
              r.getLong(8),
              r.getLong(9),
              r.getLong(10),
              r.getLong(11),
              r.getLong(12),
              r.getLong(13));
    }
    // The splits: another small cube, by the first request's SRV and device.
    List<Row> parts =
        transactions
            .groupBy("process_no", "success", "use_case", "srv", "smets", "cohort", "provider")
            .agg(count(lit(1)), sum(when(col("slow"), 1).otherwise(0)))
            .collectAsList();
    for (Row r : parts) {
      long n = r.getLong(7);
      waterfalls
          .get(r.getInt(0))
          .addSplit(
              new Profile(
                  r.getString(3),
                  r.isNullAt(4) ? 0 : r.getInt(4),
                  r.isNullAt(5) ? null : r.getString(5),
                  r.isNullAt(6) ? null : r.getString(6)),
              r.isNullAt(2) ? null : UseCase.values()[r.getInt(2)],
              n,
              r.getBoolean(1) ? n : 0,
              r.getLong(8));
    }
    // The median and p95 of the times to success: a histogram of them by bucket, then the values
    // of the few buckets that hold the ranks needed.
    Dataset<Row> times =
        transactions
            .where(col("tts").isNotNull())
            .select(
                col("process_no"),
                col("tts"),
                shiftright(col("tts"), TimeQuantiles.BUCKET_BITS).as("b"));
    TimeQuantiles quantiles = new TimeQuantiles();
    for (Row r : times.groupBy("process_no", "b").agg(count(lit(1))).collectAsList()) {
      quantiles.count(r.getInt(0), r.getLong(1), r.getLong(2));
    }
    List<TimeQuantiles.Rank> wanted = quantiles.wanted();
    if (!wanted.isEmpty()) {
      List<Row> keys = new ArrayList<>();
      for (TimeQuantiles.Rank r : wanted) {
        keys.add(RowFactory.create(r.group(), r.bucket(), r.rank()));
      }
      StructType keySchema =
          new StructType()
              .add("w_process", DataTypes.IntegerType, false)
              .add("w_b", DataTypes.LongType, false)
              .add("w_k", DataTypes.LongType, false);
      Dataset<Row> want = times.sparkSession().createDataFrame(keys, keySchema);
      Dataset<Row> buckets = want.select("w_process", "w_b").distinct();
      List<Row> found =
          times
              .join(
                  broadcast(buckets),
                  col("process_no").equalTo(col("w_process")).and(col("b").equalTo(col("w_b"))),
                  "left_semi")
              .withColumn(
                  "k",
                  row_number()
                      .over(Window.partitionBy("process_no", "b").orderBy("tts"))
                      .cast(DataTypes.LongType))
              .join(
                  broadcast(want),
                  col("process_no")
                      .equalTo(col("w_process"))
                      .and(col("b").equalTo(col("w_b")))
                      .and(col("k").equalTo(col("w_k"))),
                  "left_semi")
              .select("process_no", "b", "k", "tts")
              .collectAsList();
      Map<TimeQuantiles.Rank, Long> values = new HashMap<>();
      for (Row r : found) {
        values.put(new TimeQuantiles.Rank(r.getInt(0), r.getLong(1), r.getLong(2)), r.getLong(3));
      }
      quantiles.quantiles(values).forEach((g, q) -> waterfalls.get(g).useQuantiles(q[0], q[1]));
    }
    List<ProcessIndicators> out = new ArrayList<>();
    for (Waterfall w : waterfalls) {
      out.add(w.indicators());
    }
    return new BpiReport(month, out);
  }

  /**
   * Runs {@link TransactionBuilder} over one partition's sorted requests and yields the month's
   * transactions, one row each, as they close (memory: one transaction per group).
   */
  static final class Replay implements MapPartitionsFunction<Row, Row>, Serializable {
    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA =
        new StructType()
            .add("process_no", DataTypes.IntegerType, false)
            .add("user_id", DataTypes.StringType, true)
            .add("bucket", DataTypes.IntegerType, false)
            .add("failure_code", DataTypes.StringType, true)
            .add("use_case", DataTypes.IntegerType, true)
            .add("attempts", DataTypes.LongType, false)
            .add("retries", DataTypes.LongType, false)
            .add("duplicates", DataTypes.LongType, false)
            .add("final_i0", DataTypes.LongType, false)
            .add("in_target", DataTypes.BooleanType, false)
            .add("in_1h", DataTypes.BooleanType, false)
            .add("in_24h", DataTypes.BooleanType, false)
            .add("tts", DataTypes.LongType, true)
            .add("success", DataTypes.BooleanType, false)
            .add("slow", DataTypes.BooleanType, false)
            .add("srv", DataTypes.StringType, true)
            .add("smets", DataTypes.IntegerType, true)
            .add("cohort", DataTypes.StringType, true)
            .add("provider", DataTypes.StringType, true);

    // BpiSettings is a record (not Serializable): its fields travel instead.
    private final int retryWindowHours;
    private final int duplicateWindowMinutes;
    private final int communicationEvidenceDays;
    private final double flagFailureRate;
    private final int flagMinTransactions;
    private final int slowSuccessHours;
    private final long start;
    private final long end;
    private final int processes;
    private final int changeOfSupply;

    Replay(BpiSettings s, long start, long end, int processes, int changeOfSupply) {
      this.retryWindowHours = s.retryWindowHours();
      this.duplicateWindowMinutes = s.duplicateWindowMinutes();
      this.communicationEvidenceDays = s.communicationEvidenceDays();
      this.flagFailureRate = s.flagFailureRate();
      this.flagMinTransactions = s.flagMinTransactions();
      this.slowSuccessHours = s.slowSuccessHours();
      this.start = start;
      this.end = end;
      this.processes = processes;
      this.changeOfSupply = changeOfSupply;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> input) {
      BpiSettings settings =
          new BpiSettings(
              retryWindowHours,
              duplicateWindowMinutes,
              communicationEvidenceDays,
              flagFailureRate,
              flagMinTransactions,
              slowSuccessHours);
      long slowUs = slowSuccessHours * HOUR_US;
      ArrayDeque<Row> ready = new ArrayDeque<>();
      List<TransactionBuilder> builders = new ArrayList<>();
      for (int i = 0; i < processes; i++) {
        int process = i;
        builders.add(
            new TransactionBuilder(
                settings,
                start,
                end,
                i == changeOfSupply,
                t -> ready.add(row(process, t, slowUs))));
      }
      SparkRow current = new SparkRow();
      return new Iterator<>() {
        private int process = -1;
        private String user;
        private String device;
        private TransactionBuilder builder;
        private boolean ended;

        @Override
        public boolean hasNext() {
          while (ready.isEmpty() && !ended) {
            if (input.hasNext()) {
              Row r = input.next();
              int p = r.getInt(0);
              String u = r.getString(1);
              String d = r.isNullAt(2) ? null : r.getString(2);
              if (p != process || !u.equals(user) || !java.util.Objects.equals(d, device)) {
                if (builder != null) {
                  builder.endGroup();
                }
                process = p;
                user = u;
                device = d;
                builder = builders.get(p);
              }
              current.row = r;
              builder.accept(current);
            } else {
              if (builder != null) {
                builder.endGroup();
              }
              ended = true;
            }
          }
          return !ready.isEmpty();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return ready.poll();
        }
      };
    }

    private static Row row(int process, Transaction t, long slowUs) {
      Profile p = t.profile();
      return RowFactory.create(
          process,
          t.userId(),
          t.bucket().ordinal(),
          t.failureCode(),
          t.useCase() == null ? null : t.useCase().ordinal(),
          (long) t.attempts(),
          (long) t.retries(),
          (long) t.duplicates(),
          (long) t.attemptsFinalI0(),
          t.withinTarget(),
          t.within1h(),
          t.within24h(),
          t.success() ? t.timeToSuccessUs() : null,
          t.success(),
          t.success() && t.timeToSuccessUs() > slowUs,
          p.srv(),
          p.smets() == 0 ? null : p.smets(),
          p.cohort(),
          p.provider());
    }
  }

  /**
   * A request row of the sorted input as {@link TransactionBuilder} reads it: (process_no, user_id,
   * device_id, received_us, request_id, final_code, final_us, i0_us, target_us, mismatch,
   * evidence_us, use_case, due_us, srv, smets, cohort, provider).
   */
  private static final class SparkRow implements RequestRow {
    Row row;

    private long longOrNone(int i) {
      return row.isNullAt(i) ? NONE : row.getLong(i);
    }

    @Override
    public long receivedUs() {
      return row.getLong(3);
    }

    @Override
    public String finalCode() {
      return row.isNullAt(5) ? null : row.getString(5);
    }

    @Override
    public long finalUs() {
      return longOrNone(6);
    }

    @Override
    public long i0Us() {
      return longOrNone(7);
    }

    @Override
    public String userId() {
      return row.getString(1);
    }

    @Override
    public long targetUs() {
      return row.getLong(8);
    }

    @Override
    public boolean certificateMismatch() {
      return !row.isNullAt(9) && row.getBoolean(9);
    }

    @Override
    public long evidenceUs() {
      return longOrNone(10);
    }

    @Override
    public UseCase useCase() {
      return UseCase.values()[row.getInt(11)];
    }

    @Override
    public long dueUs() {
      return row.getLong(12);
    }

    @Override
    public Profile profile() {
      return new Profile(
          row.getString(13),
          row.isNullAt(14) ? 0 : ((Number) row.get(14)).intValue(),
          row.isNullAt(15) ? null : row.getString(15),
          row.isNullAt(16) ? null : row.getString(16));
    }
  }
}
