package uk.meterwatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.engine.testing.Drops;

/**
 * What a command says when there is nothing to work on: a month with no traffic, an empty drop, a
 * pack for a month with nothing loaded (stderr, plain words, exit code as documented), and what
 * {@code status} says of a month with responses but no requests.
 */
class SayWhatHappensTest {
  @TempDir Path dir;

  private String store() {
    return "--store=" + dir.resolve("store");
  }

  /**
   * August 2023 holds R1 (received 23:59:50 BST on 31 August) and R3 with its response; September
   * holds only responses: R1's at 00:00:20 BST on 1 September, and one to R9, never loaded.
   */
  private void loadTwoMonths() {
    Path drop = dir.resolve("drop");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at",
        "R1,U1,2.2,D1,2023-08-31T22:59:50Z",
        "R3,U1,2.2,D1,2023-08-10T10:00:00Z");
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code",
        "R1,2023-08-31T23:00:20Z,I0",
        "R3,2023-08-10T10:00:05Z,I0",
        "R9,2023-09-02T10:00:00Z,I0");
    CliRunner.Result r = CliRunner.run(store(), "load", drop.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
  }

  @Test
  void statusExplainsAMonthWithResponsesButNoRequests() {
    loadTwoMonths();
    CliRunner.Result r = CliRunner.run(store(), "status");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out())
        .contains(
            "MONTH    REQUESTS  RESPONSES  ALERTS\n"
                + "2023-08         2          1       0\n"
                + "2023-09         0          2       0\n"
                + "\n"
                + "2023-09 has 2 responses but no requests. A row counts in the month of its own"
                + " time\n"
                + "(a request when received, a response when sent): 1 answer requests received"
                + " before 2023-09, the other 1 requests not in the store (or received later).\n");
  }

  @Test
  void aMonthWithNothingLoadedIsSaidOnStderrAndStillExitsZero() {
    loadTwoMonths();
    String nothing =
        "meterwatch: nothing is loaded for 2022-01: no service requests, responses or alerts (the"
            + " store's traffic runs from 2023-08 to 2023-09); ";
    CliRunner.Result pmr = CliRunner.run(store(), "pmr", "--month", "2022-01");
    assertThat(pmr.exitCode()).isZero();
    assertThat(pmr.err()).isEqualTo(nothing + "every measure of requests or alerts is NO_DATA\n");
    assertThat(pmr.out()).containsPattern("CPM1 +ALL +- +99 +96 +NO_DATA");

    CliRunner.Result explain =
        CliRunner.run(store(), "pmr", "--month", "2022-01", "--explain", "CPM1");
    assertThat(explain.exitCode()).isZero();
    assertThat(explain.err()).startsWith(nothing);
    assertThat(explain.out())
        .contains("Misses by hour of day (UK time; 08 is 08:00 to 08:59):\n  (none)");

    CliRunner.Result bpi = CliRunner.run(store(), "bpi", "--month", "2022-01");
    assertThat(bpi.exitCode()).isZero();
    assertThat(bpi.err()).isEqualTo(nothing + "every process has 0 transactions\n");

    CliRunner.Result pack =
        CliRunner.run(
            store(), "report", "--month", "2022-01", "--out", dir.resolve("pack").toString());
    assertThat(pack.exitCode()).as(pack.err()).isZero();
    assertThat(pack.err())
        .isEqualTo(
            nothing + "the pack is made, with No data for every measure of requests or alerts\n");
    assertThat(dir.resolve("pack").resolve("pack.pdf")).isNotEmptyFile();

    // A month with traffic says nothing of the kind; one with only replies has traffic too.
    assertThat(CliRunner.run(store(), "pmr", "--month", "2023-08").err()).isEmpty();
    assertThat(CliRunner.run(store(), "pmr", "--month", "2023-09").err()).isEmpty();
  }

  @Test
  void aStoreWithNoTrafficAtAllSaysToLoadADrop() {
    CliRunner.Result added =
        CliRunner.run(
            store(),
            "actions",
            "add",
            "105/01",
            "--text",
            "t",
            "--owner",
            "DCC",
            "--raised",
            "2023-10-23");
    assertThat(added.exitCode()).as(added.err()).isZero();
    CliRunner.Result pmr = CliRunner.run(store(), "pmr", "--month", "2023-08");
    assertThat(pmr.exitCode()).isZero();
    assertThat(pmr.err())
        .isEqualTo(
            "meterwatch: nothing is loaded for 2023-08: no service requests, responses or alerts"
                + " (the store holds no traffic at all: load a drop first); every measure of"
                + " requests or alerts is NO_DATA\n");
  }

  @Test
  void anEmptyDropIsSaidOnStderrAndExitsZero() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    CliRunner.Result r = CliRunner.run(store(), "load", empty.toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err())
        .isEqualTo(
            "meterwatch: nothing loaded: "
                + empty
                + " holds no file named after a contract kind (devices, users, area_events,"
                + " service_requests, service_responses, alerts, incidents, outages, risks,"
                + " actions, rdp_incidents, smki_requests, modification_assessments; .csv,"
                + " .csv.gz, .jsonl, .jsonl.gz or .parquet)\n");

    Files.writeString(empty.resolve("notes.txt"), "not data");
    CliRunner.Result ignored = CliRunner.run(store(), "load", empty.toString());
    assertThat(ignored.exitCode()).isZero();
    assertThat(ignored.err()).endsWith(" .parquet); ignored: notes.txt\n");

    Path headers = dir.resolve("headers");
    Drops.write(headers, "service_requests.csv", "request_id,user_id,srv,device_id,received_at");
    CliRunner.Result noRows = CliRunner.run(store(), "load", headers.toString());
    assertThat(noRows.exitCode()).isZero();
    assertThat(noRows.err())
        .isEqualTo("meterwatch: nothing loaded: the files of " + headers + " hold no rows\n");
    // Loaded again, the file is UNCHANGED: that is not "nothing loaded" but "already loaded".
    CliRunner.Result again = CliRunner.run(store(), "load", headers.toString());
    assertThat(again.err()).isEmpty();
    assertThat(again.out()).contains("unchanged: service_requests.csv was loaded before");
  }
}
