package uk.meterwatch.engine.load;

import static org.assertj.core.api.Assertions.assertThat;
import static uk.meterwatch.engine.testing.StoreQueries.rows;

import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import uk.meterwatch.engine.store.RequestNeighbours;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.TestStore;

/**
 * Each request's distance to the nearest other request of the same User and device (V006 column
 * near_us) as the loader keeps it across loads. Times in seconds after 2023-08-20T05:10:00Z.
 */
class RequestNeighboursTest {
  private static final long T0 = 1_692_508_200_000_000L;
  private static final String REQUESTS = "request_id,user_id,srv,device_id,received_at";

  @RegisterExtension final TestStore stores = new TestStore();
  Store store;

  @BeforeEach
  void open() {
    store = stores.store();
  }

  private LoadReport load(String file, String... lines) {
    return stores.load(file, lines);
  }

  /** request_id | near_us in seconds (exact: the test's instants are whole seconds). */
  private List<String> nearest() {
    return rows(
        store, "SELECT request_id, near_us // 1000000 FROM service_requests ORDER BY request_id");
  }

  private boolean current() throws SQLException {
    return RequestNeighbours.isCurrent(store.connection());
  }

  @Test
  void eachRequestKnowsItsNearestNeighbourOfTheSameUserAndDeviceAcrossLoads() throws Exception {
    load(
        "service_requests.csv",
        REQUESTS,
        // U1/D1: 0 s, 10 s (any SRV), 40 s
        "A1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "A2,U1,6.23,D1,2023-08-20T05:10:10Z",
        "A3,U1,2.2,D1,2023-08-20T05:10:40Z",
        // another User on D1, another device of U1: alone
        "B1,U2,2.2,D1,2023-08-20T05:10:05Z",
        "C1,U1,2.2,D2,2023-08-20T05:10:05Z",
        // two requests of one group at the same instant: 0 s apart
        "D1,U3,2.2,D3,2023-08-20T06:00:00Z",
        "D2,U3,2.2,D3,2023-08-20T06:00:00Z",
        // no device: the User's requests without one form one group
        "N1,U4,11.1,,2023-08-20T05:10:00Z",
        "N2,U4,11.1,,2023-08-20T05:12:00Z");
    assertThat(nearest())
        .containsExactly(
            "A1|10", "A2|10", "A3|30", "B1|null", "C1|null", "D1|0", "D2|0", "N1|120", "N2|120");
    assertThat(current()).isTrue();

    // A later file: A4 between A2 and A3 brings A3 nearer (30 -> 20 s), leaves A2 at 10 s;
    // C2 is 32 days after C1 (beyond the 31 days kept: both stay without neighbour), B2 is a day
    // before B1 (a stored request with a new neighbour before it).
    load(
        "service_requests.csv",
        REQUESTS,
        "A4,U1,2.2,D1,2023-08-20T05:10:20Z",
        "C2,U1,2.2,D2,2023-09-21T05:10:05Z",
        "B2,U2,2.2,D1,2023-08-19T05:10:05Z");
    assertThat(nearest())
        .containsExactly(
            "A1|10",
            "A2|10",
            "A3|20",
            "A4|10",
            "B1|86400",
            "B2|86400",
            "C1|null",
            "C2|null",
            "D1|0",
            "D2|0",
            "N1|120",
            "N2|120");
    assertThat(current()).isTrue();

    // A file of another kind keeps the column current; a request written by hand does not.
    load("users.csv", "user_id,organisation,role", "U1,Org A,IS");
    assertThat(current()).isTrue();
    try (Statement s = store.connection().createStatement()) {
      s.execute(
          "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us, load_id,"
              + " line) VALUES ('X', 'U1', '2.2', 'D1', "
              + (T0 + 15_000_000L)
              + ", 99, 2)");
    }
    assertThat(current()).isFalse();
    // ... and stays so through later loads, until rebuilt from all requests.
    load("service_requests.csv", REQUESTS, "E1,U5,2.2,D5,2023-08-20T05:10:00Z");
    assertThat(current()).isFalse();
    RequestNeighbours.rebuild(store.connection());
    assertThat(current()).isTrue();
    assertThat(nearest()).contains("A2|5", "X|5", "A4|5", "E1|null");
  }

  @Test
  void aDuplicateRequestChangesNoDistance() throws Exception {
    load(
        "service_requests.csv",
        REQUESTS,
        "A1,U1,2.2,D1,2023-08-20T05:10:00Z",
        "A2,U1,2.2,D1,2023-08-20T05:11:00Z");
    // A1 again (same request_id, another instant): a duplicate, not a neighbour.
    load(
        "service_requests.csv",
        REQUESTS,
        "A1,U1,2.2,D1,2023-08-20T05:10:50Z",
        "A3,U1,2.2,D1,2023-08-20T05:13:00Z");
    assertThat(nearest()).containsExactly("A1|60", "A2|60", "A3|120");
    assertThat(current()).isTrue();
  }
}
