package uk.meterwatch.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.testing.StoreQueries;

class StoreMigrationTest {
  @TempDir Path dir;

  @Test
  void aStoreMadeByAnOlderVersionIsUpgradedInPlaceKeepingItsData() throws Exception {
    Path folder = dir.resolve("store");
    try (Store old = Store.open(folder, 1)) {
      assertThat(old.schemaVersion()).isEqualTo(1);
      try (Statement s = old.connection().createStatement()) {
        s.execute("INSERT INTO users VALUES ('U1', 'Org', 'IS', 1, 2)");
      }
    }
    try (Store upgraded = Store.open(folder)) {
      assertThat(upgraded.schemaVersion()).isEqualTo(Store.latestSchemaVersion());
      assertThat(StoreQueries.rows(upgraded, "SELECT user_id, organisation FROM users"))
          .containsExactly("U1|Org");
      assertThat(StoreQueries.count(upgraded, "SELECT count(*) FROM schema_version"))
          .isEqualTo(Store.latestSchemaVersion());
    }
  }

  /** Risks loaded before the loader rated them get their first rating, dated their load. */
  @Test
  void aVersion10StoreGivesEachRiskFromADropItsFirstRating() throws Exception {
    Path folder = dir.resolve("store");
    try (Store old = Store.open(folder, 10);
        Statement s = old.connection().createStatement()) {
      // Loaded 2023-10-22 23:30 UTC, which is 23 October in UK time (BST).
      s.execute(
          "INSERT INTO loads VALUES (5, 'risks-oct.csv', '/d/risks-oct.csv', 'risks', 'csv', 'x',"
              + " 1, 1698017400000000, 2, 2, 0, 0, NULL, NULL)");
      s.execute(
          "INSERT INTO risks (risk_id, title, likelihood, impact, owner, status, load_id, line)"
              + " VALUES ('OPSG-1', 'A', 3, 4, NULL, 'OPEN', 5, 2),"
              + " ('OPSG-2', 'B', 2, 2, NULL, 'OPEN', 0, 0)");
      s.execute(
          "INSERT INTO risk_ratings VALUES ('OPSG-2', 1, DATE '2023-10-01', 'alice', 'first"
              + " rating', 2, 2, 0)");
    }
    try (Store upgraded = Store.open(folder)) {
      assertThat(
              StoreQueries.rows(
                  upgraded,
                  "SELECT risk_id, seq, rated_on, rated_by, reason, likelihood, impact FROM"
                      + " risk_ratings ORDER BY ALL"))
          .containsExactly(
              "OPSG-1|1|2023-10-23|loader|loaded from risks-oct.csv|3|4",
              "OPSG-2|1|2023-10-01|alice|first rating|2|2");
    }
  }

  @Test
  void aVersion5StoreGivesEachRequestItsNearestNeighbour() throws Exception {
    Path folder = dir.resolve("store");
    try (Store old = Store.open(folder, 5);
        Statement s = old.connection().createStatement()) {
      s.execute(
          "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us,"
              + " load_id, line) VALUES ('R1', 'U1', '2.2', 'D1', 0, 2, 2),"
              + " ('R2', 'U1', '6.23', 'D1', 10000000, 2, 3), ('R3', 'U2', '2.2', 'D1', 0, 2, 4),"
              + " ('R4', 'U1', '2.2', 'D1', 2678400000000 + 10000001, 2, 5)");
    }
    try (Store upgraded = Store.open(folder)) {
      // R4 is 31 days and 1 microsecond after R2: beyond the distances kept.
      assertThat(
              StoreQueries.rows(
                  upgraded, "SELECT request_id, near_us FROM service_requests ORDER BY 1"))
          .containsExactly("R1|10000000", "R2|10000000", "R3|null", "R4|null");
      assertThat(RequestNeighbours.isCurrent(upgraded.connection())).isTrue();
    }
  }

  @Test
  void aVersion3StoreGivesItsRequestsAndAlertsTheirDevicesProvider() throws Exception {
    Path folder = dir.resolve("store");
    try (Store old = Store.open(folder, 3);
        Statement s = old.connection().createStatement()) {
      s.execute("INSERT INTO devices VALUES ('D1', 'ESME', 2, 'CSP-N', NULL, NULL, NULL, 1, 2)");
      s.execute(
          "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us,"
              + " load_id, line) VALUES ('R1', 'U1', '2.2', 'D1', 0, 2, 2),"
              + " ('R2', 'U1', '2.2', 'D9', 0, 2, 3), ('R3', 'U1', '11.1', NULL, 0, 2, 4)");
      s.execute(
          "INSERT INTO alerts VALUES ('A1', 'D1', 'U1', 'AD1', 0, 1, 3, 2),"
              + " ('A2', NULL, 'U1', 'AD1', 0, 1, 3, 3)");
    }
    try (Store upgraded = Store.open(folder)) {
      assertThat(
              StoreQueries.rows(
                  upgraded, "SELECT request_id, provider FROM service_requests ORDER BY 1"))
          .containsExactly("R1|CSP-N", "R2|null", "R3|null");
      assertThat(StoreQueries.rows(upgraded, "SELECT alert_id, provider FROM alerts ORDER BY 1"))
          .containsExactly("A1|CSP-N", "A2|null");
      // V005: the response-time cube is built for the months present, and current (every SRV:
      // which ones a measure counts is decided at report time).
      assertThat(
              ResponseTimeCube.isCurrent(
                  upgraded.connection(), uk.meterwatch.core.time.ReportingMonth.of(1970, 1)))
          .isTrue();
      assertThat(
              StoreQueries.rows(
                  upgraded,
                  "SELECT population, srv, provider, delay_s, requests FROM response_time_cube"
                      + " ORDER BY provider"))
          .containsExactlyInAnyOrder(
              "ON_DEMAND|2.2|CSP-N|null|1",
              "ON_DEMAND|2.2|null|null|1",
              "ON_DEMAND|11.1|null|null|1");
    }
  }

  /**
   * Version 7: a response stamped before its request's receipt is the request's first response
   * (until version 6 it was ignored as a clock error); the upgrade sets it from the kept earliest
   * RESPONSE and makes the response-time cube be rebuilt.
   */
  @Test
  void aVersion6StoreTakesAResponseBeforeReceiptAsTheFirstResponse() throws Exception {
    Path folder = dir.resolve("store");
    long t0 = 1_692_508_200_000_000L; // 2023-08-20T05:10:00Z
    try (Store old = Store.open(folder, 6);
        Statement s = old.connection().createStatement()) {
      // As version 6 kept them: R1's only RESPONSE, an I0 at -5 s, was final but not first.
      s.execute(
          "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us,"
              + " load_id, line, final_us, final_code, i0_us) VALUES ('R1', 'U1', '2.2', 'D1', "
              + t0
              + ", 1, 2, "
              + (t0 - 5_000_000)
              + ", 'I0', "
              + (t0 - 5_000_000)
              + "), ('R2', 'U1', '2.2', 'D1', "
              + t0
              + ", 1, 3, NULL, NULL, NULL)");
      s.execute("INSERT INTO response_time_cube_state VALUES (0)");
    }
    try (Store upgraded = Store.open(folder)) {
      assertThat(
              StoreQueries.rows(
                  upgraded,
                  "SELECT request_id, first_response_us - "
                      + t0
                      + ", first_i0_us - "
                      + t0
                      + " FROM service_requests ORDER BY request_id"))
          .containsExactly("R1|-5000000|-5000000", "R2|null|null");
      assertThat(StoreQueries.count(upgraded, "SELECT count(*) FROM response_time_cube_state"))
          .isZero();
    }
  }

  @Test
  void aVersion2StoreGetsTheOutcomesOfItsRequestsFromItsRows() throws Exception {
    Path folder = dir.resolve("store");
    long t0 = 1_692_508_200_000_000L; // 2023-08-20T05:10:00Z
    try (Store old = Store.open(folder, 2);
        Statement s = old.connection().createStatement()) {
      s.execute(
          "INSERT INTO service_requests (request_id, user_id, srv, device_id, received_us,"
              + " load_id, line) VALUES ('R1', 'U1', '2.2', 'D1', "
              + t0
              + ", 1, 2), ('R2', 'U1', '2.2', 'D1', "
              + t0
              + ", 1, 3)");
      // R1: an E5 stamped 5 s before receipt (its first and final response), E21 at +8 s and a tie
      // at +8 s loaded later (load 3), I0 at +30 s and an ACK; R3 has no request.
      s.execute(
          "INSERT INTO service_responses VALUES"
              + " ('R1', "
              + (t0 - 5_000_000)
              + ", 'E5', 'RESPONSE', 2, 9),"
              + " ('R1', "
              + (t0 + 1_000_000)
              + ", 'I99', 'ACK', 2, 2),"
              + " ('R1', "
              + (t0 + 8_000_000)
              + ", 'I0', 'RESPONSE', 3, 2),"
              + " ('R1', "
              + (t0 + 8_000_000)
              + ", 'E21', 'RESPONSE', 2, 5),"
              + " ('R1', "
              + (t0 + 30_000_000)
              + ", 'I0', 'RESPONSE', 2, 6),"
              + " ('R3', "
              + (t0 + 8_000_000)
              + ", 'I0', 'RESPONSE', 2, 7)");
    }
    try (Store upgraded = Store.open(folder)) {
      assertThat(upgraded.schemaVersion()).isEqualTo(Store.latestSchemaVersion());
      assertThat(
              StoreQueries.rows(
                  upgraded,
                  "SELECT request_id, first_response_us - "
                      + t0
                      + ", first_i0_us - "
                      + t0
                      + ", final_us - "
                      + t0
                      + ", final_code, i0_us - "
                      + t0
                      + " FROM service_requests ORDER BY request_id"))
          .containsExactly(
              "R1|-5000000|8000000|-5000000|E5|8000000", "R2|null|null|null|null|null");
      assertThat(StoreQueries.rows(upgraded, "SELECT request_id FROM response_orphans"))
          .containsExactly("R3");
    }
  }

  @Test
  void aStoreFromANewerVersionIsRefusedNotCorrupted() throws Exception {
    Path folder = dir.resolve("store");
    try (Store s = Store.open(folder);
        Statement st = s.connection().createStatement()) {
      st.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')");
    }
    assertThatThrownBy(() -> Store.open(folder))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("newer than this Meterwatch");
  }

  @Test
  void migrationScriptsSplitIntoStatements() {
    assertThat(
            Store.statements(
                "-- a comment\nCREATE TABLE a (x INT); -- trailing\nCREATE TABLE b (y INT);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE TABLE b (y INT)");
  }
}
