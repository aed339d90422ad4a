package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.bpi.BpiRows;
import uk.meterwatch.engine.store.Store;

class ExportCommandTest {
  @TempDir Path dir;

  @Test
  void writesEachMonthOfTrafficInItsPartitionAndTheInventoryWhole() throws Exception {
    Path storeDir = dir.resolve("store");
    try (Store store = Store.open(storeDir)) {
      BpiRows rows = new BpiRows(store);
      rows.user("U1", "Org").device("D1", "U1");
      // 31 July 23:30 UK time is still July (22:30Z); 00:30 on 1 August UK is 31 July 23:30Z
      rows.request("jul", "U1", "2.2", "D1", Instant.parse("2023-07-31T22:30:00Z"));
      rows.response("jul", Instant.parse("2023-07-31T22:30:05Z"), "I0");
      rows.request("aug", "U1", "2.2", "D1", Instant.parse("2023-07-31T23:30:00Z"));
      rows.response("aug", Instant.parse("2023-07-31T23:30:05Z"), "I0");
    }
    Path out = dir.resolve("export");
    CliRunner.Result r =
        CliRunner.run(
            "--store",
            storeDir.toString(),
            "export",
            "--month",
            "2023-07",
            "--to",
            "2023-08",
            "--out",
            out.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out()).contains("service_requests: 2 rows").contains("devices: 1 rows");
    try (Store scratch = Store.inMemory();
        Statement s = scratch.connection().createStatement()) {
      assertThat(ids(s, out.resolve("service_requests/month=2023-07/data.parquet")))
          .isEqualTo("jul");
      assertThat(ids(s, out.resolve("service_requests/month=2023-08/data.parquet")))
          .isEqualTo("aug");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT final_code, provider FROM '"
                  + out.resolve("service_requests/month=2023-08/data.parquet")
                  + "'")) {
        rs.next();
        // The outcome the loader keeps travels with the request.
        assertThat(rs.getString(1)).isEqualTo("I0");
      }
    }
  }

  @Test
  void refusesAMissingStoreAndAMissingMonth() {
    CliRunner.Result r =
        CliRunner.run(
            "--store",
            dir.resolve("nothing").toString(),
            "export",
            "--month",
            "2023-07",
            "--out",
            dir.resolve("x").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("no store at");
    r = CliRunner.run("--store", dir.toString(), "export", "--out", dir.resolve("x").toString());
    assertThat(r.exitCode()).isNotZero();
    assertThat(r.err()).contains("--month");
  }

  private static String ids(Statement s, Path file) throws Exception {
    try (ResultSet rs =
        s.executeQuery(
            "SELECT string_agg(request_id, ',' ORDER BY request_id) FROM '" + file + "'")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
