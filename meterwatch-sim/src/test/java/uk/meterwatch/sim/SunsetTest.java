package uk.meterwatch.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The 3G switch-off is in the data, not only in area_events: in opsg-105 the areas switched off on
 * 15 May 2023 (BN, CT) answer far more requests with a timeout (E20/E21) in August and September
 * than in April, far more than the areas never switched off (the regional analysis of
 * docs/analysis.md relies on it).
 */
class SunsetTest {
  @TempDir Path dir;

  @Test
  void switchedOffAreasFailMoreAfterTheirSunsetAndOthersDoNot() throws IOException {
    Scenario opsg = ScenarioLoader.builtIn("opsg-105");
    new Simulator(
            opsg,
            new SimulationOptions(
                105L, 600, YearMonth.of(2023, 4), YearMonth.of(2023, 9), OutputFormat.CSV))
        .run(dir.resolve("drop"));
    Path drop = dir.resolve("drop");
    Map<String, String> areaOf = new HashMap<>();
    SimulatorTest.forEachRow(
        drop.resolve("devices.csv"), d -> areaOf.put(d.get("device_id"), d.get("area")));
    // request -> [group (0 switched off on 15 May, 1 never), period (0 April, 1 Aug-Sep)]
    Set<String> may = Set.of("BN", "CT");
    Set<String> switchedOff = Set.of("BN", "CT", "CV", "LE");
    Map<String, int[]> requests = new HashMap<>();
    SimulatorTest.forEachRow(
        drop.resolve("service_requests.csv"),
        r -> {
          String area = areaOf.get(r.get("device_id"));
          String month = r.get("received_at").substring(0, 7);
          int period = month.equals("2023-04") ? 0 : month.compareTo("2023-08") >= 0 ? 1 : -1;
          // 11.3 is the firmware flood's SRV (failures of its own), left out
          if (area == null
              || period < 0
              || r.get("srv").equals("11.3")
              || (switchedOff.contains(area) && !may.contains(area))) {
            return;
          }
          requests.put(r.get("request_id"), new int[] {may.contains(area) ? 0 : 1, period});
        });
    long[][] total = new long[2][2];
    long[][] timeouts = new long[2][2];
    requests.values().forEach(k -> total[k[0]][k[1]]++);
    SimulatorTest.forEachRow(
        drop.resolve("service_responses.csv"),
        s -> {
          int[] k = requests.get(s.get("request_id"));
          if (k != null && (s.get("code").equals("E21") || s.get("code").equals("E20"))) {
            timeouts[k[0]][k[1]]++;
          }
        });
    double[][] rate = new double[2][2];
    for (int g = 0; g < 2; g++) {
      for (int p = 0; p < 2; p++) {
        rate[g][p] = 100.0 * timeouts[g][p] / total[g][p];
      }
    }
    // BN and CT: 2 points more failures for each month since 15 May: 8 to 10 points by
    // August-September; elsewhere a rise of about 2 points at most (August provider faults, silent
    // devices) at this seed and size.
    String seen = java.util.Arrays.deepToString(rate);
    assertThat(rate[0][1] - rate[0][0]).as(seen).isGreaterThan(5);
    assertThat((rate[0][1] - rate[0][0]) - (rate[1][1] - rate[1][0])).as(seen).isGreaterThan(4);
  }
}
