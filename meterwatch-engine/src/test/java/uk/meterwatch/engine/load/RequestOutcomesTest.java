package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.testing.StoreQueries.fingerprint;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.RequestOutcomes;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.TestStore;

/**
 * The outcome of each request (V003 columns of service_requests) as the loader keeps it across
 * loads. Times: 2023-08-20T05:10:00Z = 1692508200 s; values shown in seconds after it.
 */
class RequestOutcomesTest {
  private static final long T0 = 1_692_508_200_000_000L;
  private static final String REQUESTS = "request_id,user_id,srv,device_id,received_at";
  private static final String RESPONSES = "request_id,sent_at,code";

  @RegisterExtension final TestStore stores = new TestStore();
  Store store;

  @BeforeEach
  void open() {
    store = stores.store();
  }

  private LoadReport load(String file, String... lines) {
    return stores.load(file, lines);
  }

  /** request_id | first_response | first_i0 | final | final_code | i0, times in s after T0. */
  private List<String> outcomes() {
    return rows(
        store,
        "SELECT request_id, (first_response_us - "
            + T0
            + ") // 1000000, (first_i0_us - "
            + T0
            + ") // 1000000, (final_us - "
            + T0
            + ") // 1000000, final_code, (i0_us - "
            + T0
            + ") // 1000000 FROM service_requests ORDER BY request_id");
  }

  @Test
  void responsesInLaterFilesMergeIntoTheirRequestsOutcome() {
    load(
        "service_requests.csv",
        REQUESTS,
        "R1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R2,U1,2.2,D1,2023-08-20T05:10:00Z",
        "R3,U1,2.2,D1,2023-08-20T05:10:00Z");
    assertThat(outcomes())
        .containsExactly(
            "R1|null|null|null|null|null",
            "R2|null|null|null|null|null",
            "R3|null|null|null|null|null");
    // R1: an ACK (never a response) and an E21 at +20 s; R2: an I0 at +50 s.
    load(
        "service_responses.csv",
        RESPONSES,
        "R1,2023-08-20T05:10:01Z,I99",
        "R1,2023-08-20T05:10:20Z,E21",
        "R2,2023-08-20T05:10:50Z,I0");
    assertThat(outcomes())
        .containsExactly(
            "R1|20|null|20|E21|null", "R2|50|50|50|I0|50", "R3|null|null|null|null|null");
    // Later: R1 gets a late I0 (+100 s: the final response stays E21), R2 an earlier E5 at +30 s
    // (now its first and final response), R3 a response stamped before it was received (still
    // its first response: the earliest RESPONSE by sent_at, as the PMR issue defines it).
    load(
        "service_responses.csv",
        RESPONSES,
        "R1,2023-08-20T05:11:40Z,I0",
        "R2,2023-08-20T05:10:30Z,E5",
        "R3,2023-08-20T05:09:00Z,I0");
    assertThat(outcomes())
        .containsExactly("R1|20|100|20|E21|100", "R2|30|50|30|E5|50", "R3|-60|-60|-60|I0|-60");
  }

  @Test
  void aRequestArrivingAfterItsResponsesGetsItsOutcome() {
    load(
        "service_responses.csv",
        RESPONSES,
        "R9,2023-08-20T05:10:40Z,I0",
        "R9,2023-08-20T05:10:10Z,E20",
        "R5,2023-08-20T05:10:05Z,I0");
    assertThat(rows(store, "SELECT request_id FROM response_orphans ORDER BY 1"))
        .containsExactly("R5", "R9");
    load("service_requests.csv", REQUESTS, "R9,U1,2.2,D1,2023-08-20T05:10:00Z");
    assertThat(outcomes()).containsExactly("R9|10|40|10|E20|40");
    // R5's request has still not come: it stays an orphan until it does.
    assertThat(rows(store, "SELECT request_id FROM response_orphans")).containsExactly("R5");
    load("service_requests.csv", REQUESTS, "R5,U2,2.2,D2,2023-08-20T05:10:00Z");
    assertThat(outcomes()).containsExactly("R5|5|5|5|I0|5", "R9|10|40|10|E20|40");
    assertThat(rows(store, "SELECT request_id FROM response_orphans")).isEmpty();
  }

  @Test
  void aDuplicateResponseChangesNothingAndATieGoesToTheRowLoadedFirst() {
    load("service_requests.csv", REQUESTS, "R1,U1,2.2,D1,2023-08-20T05:10:00Z");
    // Two RESPONSEs at the same instant in one file: the earlier line is the final response;
    // for the PMR an I0 at the first instant is a success.
    load(
        "service_responses.csv",
        RESPONSES,
        "R1,2023-08-20T05:10:07Z,E21",
        "R1,2023-08-20T05:10:07Z,I0",
        "R1,2023-08-20T05:10:07Z,E21");
    assertThat(outcomes()).containsExactly("R1|7|7|7|E21|7");
    // A later file: the same row again (a duplicate) and another code at the same instant (loaded
    // later, so it does not become the final response).
    LoadReport again =
        load(
            "service_responses.csv",
            RESPONSES,
            "R1,2023-08-20T05:10:07Z,I0",
            "R1,2023-08-20T05:10:07Z,E4");
    assertThat(again.totals().duplicates()).isEqualTo(1);
    assertThat(outcomes()).containsExactly("R1|7|7|7|E21|7");
  }

  @Test
  void aFailedLoadLeavesTheOutcomesAsTheyWere() {
    load("service_requests.csv", REQUESTS, "R1,U1,2.2,D1,2023-08-20T05:10:00Z");
    load("service_responses.csv", RESPONSES, "R1,2023-08-20T05:10:20Z,E21");
    List<String> before = fingerprint(store);
    List<String> outcomesBefore = outcomes();

    // The rows and the outcomes are written, then the load fails just before its commit.
    Path drop =
        stores.drop(
            "service_responses.csv",
            RESPONSES,
            "R1,2023-08-20T05:10:03Z,I0",
            "R7,2023-08-20T05:10:03Z,I0");
    LoadReport report =
        new DropLoader(store)
            .beforeCommit(
                () -> {
                  throw new MeterwatchException(ErrorCode.INTERNAL, "power cut");
                })
            .load(drop);

    assertThat(report.files())
        .singleElement()
        .extracting(FileLoad::status)
        .isEqualTo(FileLoad.Status.FAILED);
    assertThat(outcomes()).isEqualTo(outcomesBefore).containsExactly("R1|20|null|20|E21|null");
    assertThat(rows(store, "SELECT request_id FROM response_orphans")).isEmpty();
    assertThat(fingerprint(store)).isEqualTo(before);
  }

  /**
   * Seeded files of responses, some answering each request once, some several times (ties, ACKs,
   * clock errors, duplicates, orphans): after every load the outcomes the loader kept equal those
   * recomputed from all stored responses.
   */
  @Test
  void outcomesKeptLoadByLoadEqualARecomputationFromEveryResponse() {
    Random random = new Random(20261203);
    List<String> requests = new ArrayList<>();
    requests.add(REQUESTS);
    for (int i = 0; i < 60; i++) {
      requests.add("R" + i + ",U1,2.2,D" + (i % 7) + "," + at(random.nextInt(40)));
    }
    load("service_requests.csv", requests.toArray(String[]::new));
    String[] codes = {"I0", "E21", "I99", "E5", "I0"};
    for (int file = 0; file < 8; file++) {
      boolean onePerRequest = file % 2 == 0;
      List<String> lines = new ArrayList<>();
      lines.add(RESPONSES);
      Set<Integer> answered = new HashSet<>();
      for (int k = 0; k < 40; k++) {
        int request = random.nextInt(70); // R60 to R69 never come: orphans
        if (onePerRequest && !answered.add(request)) {
          continue;
        }
        lines.add(
            "R" + request + "," + at(random.nextInt(60) - 5) + "," + codes[random.nextInt(5)]);
      }
      load("service_responses_" + file + ".csv", lines.toArray(String[]::new));
      List<String> kept = outcomes();
      RequestOutcomes.rebuild(store);
      assertThat(outcomes()).as("file %d", file).isEqualTo(kept);
    }
  }

  private static String at(int secondsAfterT0) {
    return Instant.ofEpochSecond(T0 / 1_000_000 + secondsAfterT0).toString();
  }
}
