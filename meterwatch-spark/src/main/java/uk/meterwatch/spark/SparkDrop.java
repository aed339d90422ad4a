package uk.meterwatch.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.udf;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;
import org.apache.spark.storage.StorageLevel;
import uk.meterwatch.core.csv.CsvWriter;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.engine.external.InputCheck;
import uk.meterwatch.engine.load.ContractSql;
import uk.meterwatch.engine.load.ContractSql.ColumnSql;
import uk.meterwatch.engine.load.Format;
import uk.meterwatch.engine.load.Kind;
import uk.meterwatch.engine.store.RequestOutcomes;

/**
 * A drop read by Spark as a load reads it (docs/loading.md): every row checked by the loader's own
 * SQL ({@link ContractSql}, run by Spark SQL through {@link SparkContract}), rows that break the
 * contract quarantined with file, line (or Parquet row) and reason, repeated rows counted as
 * duplicates by the kind's rule, so that per file and in total read = used + duplicates +
 * quarantined. The used rows become the store's tables ({@link SparkTables}), each request with its
 * outcome by the loader's definition ({@link RequestOutcomes#OUTCOMES}) and its device's provider
 * and certificate owner.
 */
public final class SparkDrop {
  private final SparkTables tables;
  private final InputCheck check;
  private final Dataset<Row> quarantine;

  private SparkDrop(SparkTables tables, InputCheck check, Dataset<Row> quarantine) {
    this.tables = tables;
    this.check = check;
    this.quarantine = quarantine;
  }

  public SparkTables tables() {
    return tables;
  }

  public InputCheck check() {
    return check;
  }

  /** Writes the quarantined rows as one CSV file in {@code folder} (replaced); empty when none. */
  public Optional<String> writeQuarantine(String folder) {
    if (check.quarantined() == 0) {
      return Optional.empty();
    }
    // Safe to open in a spreadsheet, as every CSV Meterwatch writes for people (CsvWriter: a
    // cell a spreadsheet would run gets a quote before it; docs/registers.md).
    UserDefinedFunction safe =
        udf((UDF1<String, String>) CsvWriter::neutralise, DataTypes.StringType);
    List<Column> cells = new ArrayList<>();
    for (StructField f : quarantine.schema().fields()) {
      cells.add(
          f.dataType() instanceof StringType
              ? safe.apply(col("`" + f.name() + "`")).as(f.name())
              : col("`" + f.name() + "`"));
    }
    quarantine
        .select(cells.toArray(Column[]::new))
        .orderBy("load_id", "line")
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .option("header", "true")
        // RFC 4180: a quote inside a value is doubled (Spark's default escapes it with \\).
        .option("escape", "\"")
        .csv(folder);
    return Optional.of(folder);
  }

  /** One file of the drop, in the loader's order. */
  private record DropFile(String path, String name, Kind kind, Format format, long loadId) {}

  public static SparkDrop read(SparkSession spark, String input, SrvCatalogue catalogue) {
    SparkContract.prepare(spark, catalogue);
    List<DropFile> files = files(spark, input);
    Map<Kind, Dataset<Row>> used = new LinkedHashMap<>();
    List<Dataset<Row>> statuses = new ArrayList<>();
    List<Dataset<Row>> quarantined = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      List<DropFile> ofKind = files.stream().filter(f -> f.kind() == kind).toList();
      Dataset<Row> text = ofKind.isEmpty() ? null : text(spark, kind, ofKind);
      Dataset<Row> checked =
          text == null
              ? null
              : SparkContract.checked(spark, kind, text).persist(StorageLevel.MEMORY_AND_DISK());
      if (checked == null) {
        used.put(kind, null);
        continue;
      }
      quarantined.add(
          checked
              .where(col("mw_reason").isNotNull())
              .select(
                  col("mw_load").as("load_id"),
                  col("mw_file").as("file"),
                  lit(kind.fileStem()).as("kind"),
                  col("mw_line").as("line"),
                  col("mw_reason").as("reason"),
                  col("mw_raw").as("row")));
      Dataset<Row> valid = checked.where(col("mw_reason").isNull());
      Dataset<Row> marked = SparkContract.duplicates(kind, valid);
      statuses.add(
          checked
              .where(col("mw_reason").isNotNull())
              .select(col("mw_load"), lit("quarantined").as("status"))
              .union(
                  marked.select(
                      col("mw_load"),
                      org.apache
                          .spark
                          .sql
                          .functions
                          .when(col("mw_duplicate"), lit("duplicate"))
                          .otherwise(lit("used"))
                          .as("status"))));
      used.put(kind, marked.where(col("mw_duplicate").equalTo(false)).drop("mw_duplicate"));
    }
    InputCheck check = summary(files, statuses);
    Dataset<Row> quarantine = quarantined.stream().reduce(Dataset::union).orElse(null);
    return new SparkDrop(tables(spark, used), check, quarantine);
  }

  private static List<DropFile> files(SparkSession spark, String input) {
    List<DropFile> out = new ArrayList<>();
    for (FileStatus s : HadoopFiles.list(spark, input)) {
      String name = s.getPath().getName();
      Optional<Kind> kind = Kind.ofFileName(name);
      Optional<Format> format = Format.ofFileName(name);
      if (kind.isPresent() && format.isPresent()) {
        out.add(new DropFile(s.getPath().toString(), name, kind.get(), format.get(), 0));
      }
    }
    // The loader's order: inventory first, then traffic, then registers; by name within a kind.
    out.sort(Comparator.comparing(DropFile::kind).thenComparing(DropFile::name));
    List<DropFile> numbered = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      DropFile f = out.get(i);
      numbered.add(new DropFile(f.path(), f.name(), f.kind(), f.format(), i + 1));
    }
    if (numbered.isEmpty()) {
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND,
          "no file of the data contract in " + input + " (docs/data-contract.md)");
    }
    return numbered;
  }

  /** The text rows of a kind's files (contract columns as text, mw_load .. mw_text). */
  private static Dataset<Row> text(SparkSession spark, Kind kind, List<DropFile> files) {
    List<ColumnSql> columns = ContractSql.columns(kind);
    StructType schema = new StructType();
    for (ColumnSql c : columns) {
      schema = schema.add(c.name(), DataTypes.StringType, true);
    }
    schema =
        schema
            .add("mw_load", DataTypes.LongType, false)
            .add("mw_file", DataTypes.StringType, false)
            .add("mw_line", DataTypes.LongType, false)
            .add("mw_bad", DataTypes.StringType, true)
            .add("mw_text", DataTypes.StringType, true);
    List<Dataset<Row>> parts = new ArrayList<>();
    List<TextFiles.FileSpec> textFiles = new ArrayList<>();
    for (DropFile f : files) {
      if (f.format() == Format.PARQUET) {
        parts.add(parquet(spark, kind, f, columns));
      } else {
        textFiles.add(
            new TextFiles.FileSpec(
                f.path(),
                f.name(),
                f.loadId(),
                f.format() == Format.CSV || f.format() == Format.CSV_GZ,
                f.format() == Format.CSV_GZ || f.format() == Format.JSONL_GZ));
      }
    }
    if (!textFiles.isEmpty()) {
      JavaRDD<Row> rows =
          JavaSparkContext.fromSparkContext(spark.sparkContext())
              .parallelize(textFiles, textFiles.size())
              .flatMap(new TextFiles(kind, HadoopFiles.conf(spark)));
      parts.add(spark.createDataFrame(rows, schema));
    }
    return parts.stream().reduce(Dataset::unionByName).orElseThrow();
  }

  /** A Parquet file's rows as text, each with its row number (from 1). */
  private static Dataset<Row> parquet(
      SparkSession spark, Kind kind, DropFile f, List<ColumnSql> columns) {
    Dataset<Row> raw = spark.read().parquet(f.path());
    List<String> found = List.of(raw.columns());
    List<String> missing =
        ContractSql.required(kind).stream().filter(c -> !found.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new MeterwatchException(
          ErrorCode.INPUT_COLUMNS,
          f.name()
              + ": missing required column"
              + (missing.size() > 1 ? "s " : " ")
              + String.join(", ", missing)
              + " for kind "
              + kind.fileStem());
    }
    List<Column> select = new ArrayList<>();
    // A column's Parquet type is a shape the loader's rules take or refuse (a DOUBLE srv is a
    // number where text belongs): the first refused value of a row, in the kind's order.
    List<Column> refusals = new ArrayList<>();
    for (ColumnSql c : columns) {
      if (!found.contains(c.name())) {
        select.add(lit(null).cast(DataTypes.StringType).as(c.name()));
        continue;
      }
      Column value = col("`" + c.name() + "`");
      DataType type = raw.schema().apply(c.name()).dataType();
      boolean textList =
          type instanceof ArrayType a && a.elementType() instanceof StringType && c.list();
      if (textList) {
        select.add(org.apache.spark.sql.functions.array_join(value, ";").as(c.name()));
      } else {
        select.add(value.cast(DataTypes.StringType).as(c.name()));
      }
      ContractSql.Refusal refused =
          type instanceof ArrayType && c.list()
              ? (textList ? null : ContractSql.notAListOfText(c.name()))
              : ContractSql.refusal(kind, c.name(), shape(type));
      if (refused != null) {
        refusals.add(
            when(
                value.isNotNull(),
                concat(
                    lit(refused.before()),
                    value.cast(DataTypes.StringType),
                    lit(refused.after()))));
      }
    }
    select.add(lit(f.loadId()).as("mw_load"));
    select.add(lit(f.name()).as("mw_file"));
    select.add(col("_metadata.row_index").plus(1).as("mw_line"));
    select.add(
        (refusals.isEmpty()
                ? lit(null).cast(DataTypes.StringType)
                : refusals.size() == 1
                    ? refusals.get(0)
                    : coalesce(refusals.toArray(Column[]::new)))
            .as("mw_bad"));
    select.add(lit(null).cast(DataTypes.StringType).as("mw_text"));
    return raw.select(select.toArray(Column[]::new));
  }

  /** A Parquet column's Spark type as the loader's shape of a value ({@code ValueShape}). */
  private static String shape(DataType type) {
    if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
      return "TEXT";
    }
    if (type instanceof ArrayType) {
      return "LIST";
    }
    if (type instanceof BooleanType) {
      return "BOOLEAN";
    }
    if (type instanceof TimestampType
        || type instanceof TimestampNTZType
        || type instanceof DateType) {
      return "TIME";
    }
    if (type instanceof BinaryType) {
      return "BINARY";
    }
    if (type instanceof NumericType) {
      return "NUMBER";
    }
    return "OBJECT"; // a struct, a map: no single value of ours
  }

  private static InputCheck summary(List<DropFile> files, List<Dataset<Row>> statuses) {
    Map<Long, long[]> counts = new LinkedHashMap<>();
    for (DropFile f : files) {
      counts.put(f.loadId(), new long[3]);
    }
    if (!statuses.isEmpty()) {
      for (Row r :
          statuses.stream()
              .reduce(Dataset::union)
              .get()
              .groupBy("mw_load", "status")
              .count()
              .collectAsList()) {
        long[] c = counts.get(r.getLong(0));
        int i =
            switch (r.getString(1)) {
              case "used" -> 0;
              case "duplicate" -> 1;
              default -> 2;
            };
        c[i] += r.getLong(2);
      }
    }
    List<InputCheck.FileCheck> out = new ArrayList<>();
    for (DropFile f : files) {
      long[] c = counts.get(f.loadId());
      out.add(
          new InputCheck.FileCheck(
              f.name(), f.kind().fileStem(), c[0] + c[1] + c[2], c[0], c[1], c[2]));
    }
    return new InputCheck(out);
  }

  /** The store's tables from the used rows of each kind. */
  private static SparkTables tables(SparkSession spark, Map<Kind, Dataset<Row>> used) {
    Dataset<Row> devices = table(spark, Kind.DEVICES, used);
    Dataset<Row> responses = table(spark, Kind.SERVICE_RESPONSES, used);
    // Each device as loaded last: its provider and certificate owner go with its requests and
    // alerts (as the loader keeps them, docs/loading.md).
    Dataset<Row> current =
        devices
            .withColumn(
                "mw_last",
                row_number()
                    .over(
                        Window.partitionBy("device_id")
                            .orderBy(col("load_id").desc(), col("line").desc())))
            .where(col("mw_last").equalTo(1))
            .select(col("device_id").as("d_device"), col("provider"), col("certificate_owner"));
    responses.createOrReplaceTempView("mw_responses");
    Dataset<Row> outcomes =
        spark.sql(
            SparkDialect.translate(
                "SELECT s.request_id AS o_request, "
                    + RequestOutcomes.OUTCOMES
                    + " FROM mw_responses s WHERE s.kind = 'RESPONSE' GROUP BY s.request_id"));
    Dataset<Row> requests =
        table(spark, Kind.SERVICE_REQUESTS, used)
            .join(current, col("device_id").equalTo(col("d_device")), "left")
            .drop("d_device")
            .join(outcomes, col("request_id").equalTo(col("o_request")), "left")
            .drop("o_request");
    Dataset<Row> alerts =
        table(spark, Kind.ALERTS, used)
            .join(
                current.select(col("d_device"), col("provider")),
                col("device_id").equalTo(col("d_device")),
                "left")
            .drop("d_device");
    return new SparkTables(
        requests,
        responses,
        alerts,
        devices,
        table(spark, Kind.USERS, used),
        table(spark, Kind.INCIDENTS, used),
        table(spark, Kind.OUTAGES, used),
        table(spark, Kind.SMKI_REQUESTS, used),
        table(spark, Kind.MODIFICATION_ASSESSMENTS, used));
  }

  /** A kind's used rows in store form (store columns, load_id, line); empty when none. */
  private static Dataset<Row> table(SparkSession spark, Kind kind, Map<Kind, Dataset<Row>> used) {
    Dataset<Row> rows = used.get(kind);
    if (rows == null) {
      return SparkContract.empty(spark, kind);
    }
    List<Column> select = new ArrayList<>();
    for (ColumnSql c : ContractSql.columns(kind)) {
      select.add(col("`" + c.storeName() + "`"));
    }
    select.add(col("mw_load").as("load_id"));
    select.add(col("mw_line").as("line"));
    return rows.select(select.toArray(Column[]::new));
  }

  static String names(List<String> columns) {
    return columns.stream().collect(Collectors.joining(", "));
  }
}
