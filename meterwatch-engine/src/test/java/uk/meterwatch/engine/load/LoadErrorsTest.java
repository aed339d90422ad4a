package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static uk.meterwatch.engine.testing.StoreQueries.fingerprint;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/** Issue 26, point 7: errors that say what happened, one line each: cause, file, what was kept. */
class LoadErrorsTest {
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

  /**
   * A full disk gave "store connection broken: TransactionContext Error: cannot commit - no
   * transaction is active" and abandoned the drop without a summary. The commit fails as DuckDB's
   * does on a full disk (the transaction gone, the message naming the device).
   */
  @Test
  void aFullDiskFailsTheFileSayingSoAndTheLoadEndsWithItsSummary() {
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation", "U1,Org A");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z");
    List<String> before = fingerprint(store);
    LoadReport report =
        new DropLoader(store)
            .beforeCommitFailing(
                () -> {
                  store.connection().rollback();
                  throw new SQLException(
                      "IO Error: Could not write file \"meterwatch.duckdb.wal\": No space left on"
                          + " device");
                })
            .load(drop);
    assertThat(report.files())
        .extracting(FileLoad::error)
        .containsExactly(
            "users.csv: no space left on the device holding the store ("
                + dir.resolve("store")
                + "); the files loaded before it are kept",
            "service_requests.csv: not loaded: the store could not be written while loading"
                + " users.csv (no space left on the device)");
    assertThat(fingerprint(store)).isEqualTo(before);
  }

  /** A gzip file cut in its trailer said "not a whole gzip file: null". */
  @Test
  void aGzipFileCutInItsTrailerSaysItIsCutShort() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(
          "user_id,organisation\nU1,Org A\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    byte[] all = bytes.toByteArray();
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.write(drop.resolve("users.csv.gz"), Arrays.copyOf(all, all.length - 4));
    List<String> before = fingerprint(store);
    FileLoad f = new DropLoader(store).load(drop).files().get(0);
    assertThat(f.error())
        .isEqualTo(
            "users.csv.gz: not a whole gzip file: it ends before its end (cut short, as by an"
                + " interrupted copy)");
    assertThat(fingerprint(store)).isEqualTo(before);
  }

  /** An empty .csv.gz said "cannot read the header row: null". */
  @Test
  void anEmptyGzipFileSaysItIsEmpty() throws Exception {
    Path drop = dir.resolve("drop");
    Files.createDirectories(drop);
    Files.write(drop.resolve("users.csv.gz"), new byte[0]);
    Files.write(drop.resolve("alerts.jsonl.gz"), new byte[0]);
    assertThat(new DropLoader(store).load(drop).files())
        .extracting(FileLoad::error)
        .containsExactlyInAnyOrder(
            "users.csv.gz: the file is empty (0 bytes), not a gzip file",
            "alerts.jsonl.gz: the file is empty (0 bytes), not a gzip file");
  }

  /** `load myusers.csv` loaded nothing and exited 0. */
  @Test
  void aSingleFileOfNoContractKindIsAnError() {
    Path file = Drops.write(dir.resolve("drop"), "myusers.csv", "user_id,organisation", "U1,A");
    assertThatThrownBy(() -> new DropLoader(store).load(file))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageStartingWith(
            "myusers.csv is not a file of the data contract: its name must start with a kind"
                + " (devices, users,")
        .hasMessageEndingWith("(e.g. users-2023-08.csv); nothing was loaded");
  }
}
