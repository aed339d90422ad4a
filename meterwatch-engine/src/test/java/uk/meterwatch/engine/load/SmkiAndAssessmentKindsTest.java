package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.testing.StoreQueries.count;
import static uk.meterwatch.engine.testing.StoreQueries.fingerprint;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * The two kinds added by extension for the SMKI and Section D11 measures ({@code smki_requests},
 * {@code modification_assessments}) keep every guarantee of the loader, as the contract's own kinds
 * do (DropLoaderTest): each format loads the same rows, a bad row is quarantined with its file,
 * line and reason, the summary reconciles, a reload changes nothing, a later row of an id replaces
 * it, and a file that cannot be read changes nothing.
 */
class SmkiAndAssessmentKindsTest {
  @TempDir Path dir;
  Store store;

  @BeforeEach
  void open() {
    store = Store.open(dir.resolve("store"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private LoadReport load(Path drop) {
    return new DropLoader(store).load(drop);
  }

  private static void assertReconciles(LoadReport report) {
    for (FileLoad f : report.files()) {
      assertThat(f.read()).as(f.file()).isEqualTo(f.loaded() + f.duplicates() + f.quarantined());
    }
    var t = report.totals();
    assertThat(t.read()).isEqualTo(t.loaded() + t.duplicates() + t.quarantined());
  }

  private static final String[] SMKI_CSV = {
    "request_id,kind,user_id,received_at,completed_at,outcome",
    "K1,CSR,U1,2023-08-20T05:10:00Z,2023-08-20T05:10:12Z,SUCCESS",
    "K2,repository,U1,2023-08-20T06:10:00+01:00,,",
    "K2,repository,U1,2023-08-20T06:10:00+01:00,,",
    "K3,REPOSITORY,,1692508200000,1692508203500,failure"
  };

  private static final String[] SMKI_JSONL = {
    "{\"request_id\":\"K1\",\"kind\":\"CSR\",\"user_id\":\"U1\",\"received_at\":\"2023-08-20T05:10:00Z\",\"completed_at\":\"2023-08-20T05:10:12Z\",\"outcome\":\"SUCCESS\"}",
    "{\"request_id\":\"K2\",\"kind\":\"repository\",\"user_id\":\"U1\",\"received_at\":\"2023-08-20T06:10:00+01:00\"}",
    "{\"request_id\":\"K2\",\"kind\":\"repository\",\"user_id\":\"U1\",\"received_at\":\"2023-08-20T06:10:00+01:00\",\"completed_at\":null}",
    "{\"request_id\":\"K3\",\"kind\":\"REPOSITORY\",\"received_at\":1692508200000,\"completed_at\":1692508203500,\"outcome\":\"failure\",\"extra\":1}"
  };

  private static final String[] ASSESSMENTS_CSV = {
    "assessment_id,modification,kind,requested_at,due_on,delivered_at",
    "PA-MP210,MP210,PRELIMINARY,2023-08-01T09:00:00Z,2023-08-15,2023-08-15T16:00:00Z",
    "IA-MP211,MP211,impact,2023-07-03T09:00:00Z,2023-08-31,"
  };

  private static final String[] ASSESSMENTS_JSONL = {
    "{\"assessment_id\":\"PA-MP210\",\"modification\":\"MP210\",\"kind\":\"PRELIMINARY\",\"requested_at\":\"2023-08-01T09:00:00Z\",\"due_on\":\"2023-08-15\",\"delivered_at\":\"2023-08-15T16:00:00Z\"}",
    "{\"assessment_id\":\"IA-MP211\",\"modification\":\"MP211\",\"kind\":\"impact\",\"requested_at\":\"2023-07-03T09:00:00Z\",\"due_on\":\"2023-08-31\"}"
  };

  @ParameterizedTest
  @ValueSource(strings = {"csv", "csv.gz", "jsonl", "jsonl.gz", "parquet"})
  void everyFormatLoadsTheSameRows(String format) throws IOException {
    Path drop = dir.resolve("drop-" + format);
    write(drop, "smki_requests", format, SMKI_CSV, SMKI_JSONL);
    write(drop, "modification_assessments", format, ASSESSMENTS_CSV, ASSESSMENTS_JSONL);
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(report.files())
        .extracting(FileLoad::kind, FileLoad::read, FileLoad::loaded, FileLoad::duplicates)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("smki_requests", 4L, 3L, 1L),
            org.assertj.core.groups.Tuple.tuple("modification_assessments", 2L, 2L, 0L));
    // Listed values in any case, stored in upper case; times as UTC epoch microseconds.
    assertThat(
            rows(
                store,
                "SELECT request_id, kind, user_id, received_us, completed_us - received_us, outcome"
                    + " FROM smki_requests ORDER BY 1"))
        .containsExactly(
            "K1|CSR|U1|1692508200000000|12000000|SUCCESS",
            "K2|REPOSITORY|U1|1692508200000000|null|null",
            "K3|REPOSITORY|null|1692508200000000|3500000|FAILURE");
    assertThat(
            rows(
                store,
                "SELECT assessment_id, modification, kind, requested_us, due_on, delivered_us"
                    + " FROM modification_assessments ORDER BY 1"))
        .containsExactly(
            "IA-MP211|MP211|IMPACT|1688374800000000|2023-08-31|null",
            "PA-MP210|MP210|PRELIMINARY|1690880400000000|2023-08-15|1692115200000000");
  }

  private void write(Path drop, String kind, String format, String[] csv, String[] jsonl)
      throws IOException {
    switch (format) {
      case "csv" -> Drops.write(drop, kind + ".csv", csv);
      case "csv.gz" -> Drops.writeGzip(drop, kind + ".csv.gz", csv);
      case "jsonl" -> Drops.write(drop, kind + ".jsonl", jsonl);
      case "jsonl.gz" -> Drops.writeGzip(drop, kind + ".jsonl.gz", jsonl);
      default -> {
        Path tmp = Drops.write(dir.resolve("tmp-" + kind), kind + ".csv", csv);
        Files.createDirectories(drop);
        Drops.csvToParquet(tmp, drop.resolve(kind + ".parquet"));
      }
    }
  }

  @Test
  void aRowThatBreaksTheContractIsQuarantinedWithFileLineAndReason() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "smki_requests.csv",
        "request_id,kind,user_id,received_at,completed_at,outcome",
        "K1,CSR,U1,2023-08-20T05:10:00Z,2023-08-20T05:10:12Z,SUCCESS",
        ",CSR,U1,2023-08-20T05:10:00Z,,",
        "K3,CERTIFICATE,U1,2023-08-20T05:10:00Z,,",
        "K4,CSR,U1,2023-08-20T05:10:00,,",
        "K5,CSR,U1,2023-08-20T05:10:00Z,2023-08-20T05:09:59Z,",
        "K6,CSR,U1,2023-08-20T05:10:00Z,,DONE",
        "K7,REPOSITORY,U1,,,");
    Drops.write(
        drop,
        "modification_assessments.csv",
        "assessment_id,modification,kind,requested_at,due_on,delivered_at",
        "PA-1,MP1,PRELIMINARY,2023-08-01T09:00:00Z,2023-08-15,",
        "PA-2,,PRELIMINARY,2023-08-01T09:00:00Z,2023-08-15,",
        "PA-3,MP3,FINAL,2023-08-01T09:00:00Z,2023-08-15,",
        "PA-4,MP4,IMPACT,2023-08-01T09:00:00Z,15/08/2023,",
        "PA-5,MP5,IMPACT,2023-08-01T09:00:00Z,2023-08-15,2023-07-31T09:00:00Z",
        "PA-6,MP6,IMPACT,2023-08-01T09:00:00Z,,");
    LoadReport report = load(drop);
    assertReconciles(report);
    assertThat(rows(store, "SELECT file, kind, line, reason FROM quarantine ORDER BY kind, line"))
        .containsExactly(
            "modification_assessments.csv|modification_assessments|3|missing required value:"
                + " modification",
            "modification_assessments.csv|modification_assessments|4|kind must be one of"
                + " PRELIMINARY, IMPACT, got FINAL",
            "modification_assessments.csv|modification_assessments|5|not a date (YYYY-MM-DD) in"
                + " due_on: 15/08/2023",
            "modification_assessments.csv|modification_assessments|6|delivered_at is before"
                + " requested_at",
            "modification_assessments.csv|modification_assessments|7|missing required value:"
                + " due_on",
            "smki_requests.csv|smki_requests|3|missing required value: request_id",
            "smki_requests.csv|smki_requests|4|kind must be one of CSR, REPOSITORY, got CERTIFICATE",
            "smki_requests.csv|smki_requests|5|timestamp without offset in received_at:"
                + " 2023-08-20T05:10:00",
            "smki_requests.csv|smki_requests|6|completed_at is before received_at",
            "smki_requests.csv|smki_requests|7|outcome must be one of SUCCESS, FAILURE, got DONE",
            "smki_requests.csv|smki_requests|8|missing required value: received_at");
    assertThat(rows(store, "SELECT request_id FROM smki_requests")).containsExactly("K1");
    assertThat(rows(store, "SELECT assessment_id FROM modification_assessments"))
        .containsExactly("PA-1");
  }

  @Test
  void aReloadChangesNothingAndALaterRowOfAnIdReplacesIt() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "smki_requests.csv",
        "request_id,kind,user_id,received_at,completed_at,outcome",
        "K1,REPOSITORY,U1,2023-08-20T05:10:00Z,,");
    Drops.write(
        drop,
        "modification_assessments.csv",
        "assessment_id,modification,kind,requested_at,due_on,delivered_at",
        "IA-1,MP1,IMPACT,2023-07-03T09:00:00Z,2023-08-31,");
    load(drop);
    List<String> before = fingerprint(store);
    LoadReport again = load(drop);
    assertThat(again.files())
        .allSatisfy(f -> assertThat(f.status()).isEqualTo(FileLoad.Status.UNCHANGED));
    assertThat(fingerprint(store)).isEqualTo(before);

    // A later drop completes the request and delivers the assessment: the rows are replaced (the
    // last row of an id in a file wins, the earlier one is a duplicate), one row per id.
    Path later = dir.resolve("later");
    Drops.write(
        later,
        "smki_requests.csv",
        "request_id,kind,user_id,received_at,completed_at,outcome",
        "K1,REPOSITORY,U1,2023-08-20T05:10:00Z,2023-08-20T11:41:00Z,",
        "K1,REPOSITORY,U1,2023-08-20T05:10:00Z,2023-08-20T11:41:00Z,SUCCESS",
        "K2,CSR,U2,2023-08-20T05:11:00Z,2023-08-20T05:11:01Z,SUCCESS");
    Drops.write(
        later,
        "modification_assessments.csv",
        "assessment_id,modification,kind,requested_at,due_on,delivered_at",
        "IA-1,MP1,IMPACT,2023-07-03T09:00:00Z,2023-08-31,2023-09-04T10:00:00Z");
    LoadReport report = load(later);
    assertReconciles(report);
    assertThat(report.files())
        .extracting(FileLoad::loaded, FileLoad::duplicates)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2L, 1L),
            org.assertj.core.groups.Tuple.tuple(1L, 0L));
    assertThat(
            rows(store, "SELECT request_id, completed_us, outcome FROM smki_requests ORDER BY 1"))
        .containsExactly("K1|1692531660000000|SUCCESS", "K2|1692508261000000|SUCCESS");
    assertThat(rows(store, "SELECT assessment_id, delivered_us FROM modification_assessments"))
        .containsExactly("IA-1|1693821600000000");
    // The same rows again are duplicates and change nothing.
    Path same = dir.resolve("same");
    Drops.write(
        same,
        "modification_assessments.csv",
        "assessment_id,modification,kind,requested_at,due_on,delivered_at",
        "IA-1,MP1,IMPACT,2023-07-03T09:00:00Z,2023-08-31,2023-09-04T11:00:00+01:00");
    List<String> now = fingerprint(store);
    assertThat(load(same).files().get(0).duplicates()).isEqualTo(1);
    assertThat(count(store, "SELECT count(*) FROM modification_assessments")).isEqualTo(1);
    assertThat(fingerprint(store).subList(1, now.size())).isEqualTo(now.subList(1, now.size()));
  }

  @Test
  void aFileThatCannotBeReadFailsAndChangesNothing() throws IOException {
    Path good = dir.resolve("good");
    Drops.write(
        good,
        "smki_requests.csv",
        "request_id,kind,user_id,received_at,completed_at,outcome",
        "K1,CSR,U1,2023-08-20T05:10:00Z,,");
    load(good);
    List<String> before = fingerprint(store);
    Path drop = dir.resolve("bad");
    // A required column missing, and a gzip file cut short.
    Drops.write(
        drop, "smki_requests.csv", "request_id,user_id,received_at", "K9,U1,2023-08-20T05:10:00Z");
    Path gz =
        Drops.writeGzip(
            dir.resolve("tmp"),
            "x.gz",
            "assessment_id,modification,kind,requested_at,due_on,delivered_at",
            "IA-1,MP1,IMPACT,2023-07-03T09:00:00Z,2023-08-31,");
    byte[] bytes = Files.readAllBytes(gz);
    Files.write(
        drop.resolve("modification_assessments.csv.gz"),
        java.util.Arrays.copyOf(bytes, bytes.length - 12));
    LoadReport report = load(drop);
    assertThat(report.files()).extracting(FileLoad::status).containsOnly(FileLoad.Status.FAILED);
    assertThat(report.files())
        .filteredOn(f -> f.kind().equals("smki_requests"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.error())
                    .contains("smki_requests.csv")
                    .contains("missing required column kind"));
    List<String> after = fingerprint(store);
    // Every table as it was; the loads table records the failed attempts.
    assertThat(after.subList(1, after.size())).isEqualTo(before.subList(1, before.size()));
  }
}
