package uk.meterwatch.engine.bpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.store.Store;

/**
 * The BPIs split by device attributes: the same transactions, each counted in its device's cell, by
 * every path (one-attempt transactions in SQL or all in Java), adding up to the process.
 */
class DeviceSplitTest {
  private static final ReportingMonth AUGUST = ReportingMonth.of(2023, 8);

  @Test
  void handComputedCellsByAreaAndProvider() throws SQLException {
    try (Store store = Store.inMemory()) {
      BpiRows rows = new BpiRows(store);
      rows.device("D1", "U1").device("D2", "U1").device("D3", "U2");
      area(store, "D1", "BN");
      area(store, "D2", "BN");
      area(store, "D3", "SW");
      // a1 on D1: E21, no evidence -> NON_COMMUNICATING (a failure), BN
      rows.request("a1", "U1", "2.2", "D1", Instant.parse("2023-08-02T00:00:00Z"));
      rows.response("a1", Instant.parse("2023-08-02T00:00:01Z"), "E21");
      // b1 + b2 on D2: a retry success, BN
      rows.request("b1", "U1", "2.2", "D2", Instant.parse("2023-08-05T00:00:00Z"));
      rows.response("b1", Instant.parse("2023-08-05T00:00:01Z"), "E5");
      rows.request("b2", "U1", "2.2", "D2", Instant.parse("2023-08-05T00:10:00Z"));
      rows.response("b2", Instant.parse("2023-08-05T00:10:03Z"), "I0");
      // c on D3: a late (subsequent) success, SW
      rows.request("c", "U2", "2.2", "D3", Instant.parse("2023-08-20T00:00:00Z"));
      rows.response("c", Instant.parse("2023-08-20T00:00:01Z"), "E5");
      rows.response("c", Instant.parse("2023-08-20T01:00:01Z"), "I0");
      // p on D4 (not in the devices file): pending, the cell of absent values
      rows.request("p", "U2", "2.2", "D4", Instant.parse("2023-08-21T00:00:00Z"));
      // 31 August 23:30 UTC is September in the UK: not counted
      rows.request("s", "U2", "2.2", "D3", Instant.parse("2023-08-31T23:30:00Z"));
      for (BpiCalculator.Singles singles : BpiCalculator.Singles.values()) {
        List<DeviceSplit.Cell> cells =
            calculator(store, singles)
                .compute(AUGUST, List.of("PREPAYMENT"), DeviceSplit.by("area", "provider"))
                .cells()
                .get("PREPAYMENT");
        assertThat(cells)
            .as("lone requests by %s", singles)
            .containsExactly(
                new DeviceSplit.Cell(List.of("BN", "CSP-N"), 2, 1),
                new DeviceSplit.Cell(List.of("SW", "CSP-N"), 1, 1),
                new DeviceSplit.Cell(Arrays.asList(null, null), 1, 0));
      }
    }
  }

  @Test
  void everyPathGivesTheSameCellsAddingUpToTheProcess() throws SQLException {
    try (Store store = Store.inMemory()) {
      BpiSinglesTest.generate(new Random(20240105L), new BpiRows(store));
      Random random = new Random(7);
      for (String d : List.of("D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8")) {
        area(store, d, random.nextInt(4) == 0 ? null : "A" + random.nextInt(3));
      }
      DeviceSplit split = DeviceSplit.by("area", "certificate_owner");
      DeviceSplit.Result reference =
          calculator(store, BpiCalculator.Singles.NONE).compute(AUGUST, processes(), split);
      assertThat(reference.report())
          .as("a split changes nothing in the report")
          .isEqualTo(calculator(store, BpiCalculator.Singles.NONE).compute(AUGUST));
      for (BpiCalculator.Singles singles :
          List.of(BpiCalculator.Singles.NEIGHBOURS, BpiCalculator.Singles.WINDOW)) {
        assertThat(calculator(store, singles).compute(AUGUST, processes(), split))
            .as("lone requests by %s", singles)
            .isEqualTo(reference);
      }
      for (ProcessIndicators p : reference.report().processes()) {
        List<DeviceSplit.Cell> cells = reference.cells().get(p.process());
        assertThat(cells.stream().mapToLong(DeviceSplit.Cell::transactions).sum())
            .isEqualTo(p.transactions());
        assertThat(cells.stream().mapToLong(DeviceSplit.Cell::successes).sum())
            .isEqualTo(p.successes());
      }
      Map<String, List<DeviceSplit.Cell>> cells = reference.cells();
      assertThat(cells.get("PREPAYMENT").size()).as("several cells").isGreaterThan(3);
    }
  }

  @Test
  void onlyDeviceColumnsSplit() {
    assertThatThrownBy(() -> DeviceSplit.by("area; DROP TABLE devices"))
        .isInstanceOf(MeterwatchException.class)
        .hasMessageContaining("cannot split by");
  }

  private static List<String> processes() {
    return List.copyOf(RuleBook.defaults().processes().keySet());
  }

  private static BpiCalculator calculator(Store store, BpiCalculator.Singles singles) {
    return new BpiCalculator(store, RuleBook.defaults(), SrvCatalogue.standard(), singles, true);
  }

  private static void area(Store store, String device, String area) throws SQLException {
    try (PreparedStatement p =
        store.connection().prepareStatement("UPDATE devices SET area = ? WHERE device_id = ?")) {
      p.setString(1, area);
      p.setString(2, device);
      p.executeUpdate();
    }
  }
}
