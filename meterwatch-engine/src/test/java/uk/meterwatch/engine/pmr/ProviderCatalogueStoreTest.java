package uk.meterwatch.engine.pmr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.core.time.ReportingMonth;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;
import uk.meterwatch.engine.testing.Drops;

/**
 * Providers and scopes as data (docs/providers.md): a provider and a scope a user adds to the
 * store's catalogue load and are reported with no code changed; a device of a provider in no
 * catalogue is quarantined with a reason naming the catalogue. Measures by scope and by a
 * provider's own target (as the minutes' PM2, PI1, PM1.1, CPM 3A, PM1.5), hand-computed on October
 * 2023 in UK time: its first instant (00:30 BST on the 1st is 23:30 UTC on 30 September) and the
 * repeated hour of the clock change (01:30 on the 29th, GMT) are in it, 00:10 UK on 1 November is
 * not.
 */
class ProviderCatalogueStoreTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2024-01-15T00:00:00Z"), ZoneOffset.UTC);
  private static final ReportingMonth OCT = ReportingMonth.of(2023, 10);

  @TempDir Path dir;

  private static void drop(Path drop) {
    Drops.write(
        drop,
        "devices.csv",
        "device_id,device_type,smets,provider",
        "N1,ESME,2,CSP-N",
        "C1,ESME,2,CSP-C",
        "S1,ESME,2,CSP-S",
        "X1,ESME,1,S1SP-DXC",
        "G1,ESME,2,CSP-4G",
        "B1,ESME,2,BT");
    Drops.write(
        drop,
        "service_requests.csv",
        "request_id,user_id,srv,device_id,received_at,execute_at",
        "R1,U1,4.1.1,N1,2023-09-30T23:30:00Z,", // 00:30 UK on 1 October: 20 s, I0
        "R2,U1,4.1.1,N1,2023-10-29T01:30:00Z,", // the repeated hour: 26 s (within 30, not 25)
        "R3,U1,4.1.1,C1,2023-10-10T10:00:00Z,", // 25 s exactly, E21: in time, not a success
        "R4,U1,4.1.1,S1,2023-10-11T10:00:00Z,", // 40 s: late
        "R5,U1,4.1.1,S1,2023-11-01T00:10:00Z,", // November (00:10 UK on the 1st): not October
        "R6,U1,4.1.1,X1,2023-10-12T10:00:00Z,", // 24 s, I0
        "R7,U1,4.1.1,X1,2023-10-13T10:00:00Z,", // 29 s, I0
        "R8,U1,4.1.1,G1,2023-10-14T10:00:00Z,"); // the user's provider: 10 s, I0
    Drops.write(
        drop,
        "service_responses.csv",
        "request_id,sent_at,code,kind",
        "R1,2023-09-30T23:30:20Z,I0,RESPONSE",
        "R2,2023-10-29T01:30:26Z,I0,RESPONSE",
        "R3,2023-10-10T10:00:25Z,E21,RESPONSE",
        "R4,2023-10-11T10:00:40Z,I0,RESPONSE",
        "R5,2023-11-01T00:10:05Z,I0,RESPONSE",
        "R6,2023-10-12T10:00:24Z,I0,RESPONSE",
        "R7,2023-10-13T10:00:29Z,I0,RESPONSE",
        "R8,2023-10-14T10:00:10Z,I0,RESPONSE");
    Drops.write(
        drop,
        "alerts.csv",
        "alert_id,device_id,user_id,alert_code,raised_at,delivered_at",
        "A1,N1,U1,8F84,2023-09-30T23:00:00Z,2023-09-30T23:00:30Z", // 00:00 UK 1 Oct: 30 s
        "A2,C1,U1,8F84,2023-10-29T01:10:00Z,2023-10-29T01:10:31Z", // repeated hour: 31 s
        "A3,S1,U1,8F84,2023-10-15T10:00:00Z,", // never delivered
        "A4,X1,U1,8F84,2023-10-15T11:00:00Z,2023-10-15T11:00:45Z", // 45 s
        "A5,N1,U1,8F84,2023-09-30T22:59:59Z,2023-09-30T23:00:01Z"); // 23:59:59 UK 30 Sep
  }

  private static final String MY_CATALOGUE =
      """
      providers:
        - {id: CSP-4G, name: CSP 4G, kind: CSP}
      scopes:
        - {id: 4G network, kind: CONTRACT, providers: [CSP-4G]}
        - {id: North, name: North region, kind: REGION, providers: [CSP-N, CSP-4G]}
      """;

  private static final String MY_RULES =
      """
      name: mine
      effective_from: 2023-01-01
      add_measures:
        - id: PM-4G
          name: On-demand responses of the 4G provider
          calculation: ON_DEMAND_RESPONSE_TIME
          providers: [CSP-4G]
          scopes: [4G network]
          target: 99
          minimum: 96
      """;

  @Test
  void aProviderAndScopeAUserAddsLoadAndAreReportedWithNoCodeChanged() throws Exception {
    Path folder = dir.resolve("store");
    Files.createDirectories(folder.resolve("rules"));
    Files.writeString(folder.resolve("rules/providers.yaml"), MY_CATALOGUE);
    Files.writeString(folder.resolve("rules/mine.yaml"), MY_RULES);
    drop(dir.resolve("drop"));
    try (Store store = Store.open(folder)) {
      new DropLoader(store).load(dir.resolve("drop"));
      assertThat(quarantined(store))
          .containsExactly(
              "devices|7|provider BT is not in the provider catalogue (built-in providers.yaml + "
                  + folder.resolve("rules/providers.yaml")
                  + "): known providers CSP-N, CSP-C, CSP-S, S1SP-DXC, CSP-4G; a new provider is"
                  + " added in rules/providers.yaml in the store folder (docs/providers.md)");
      RuleBook book = RuleFiles.load(folder, null);
      PerformanceReport r = report(store, book);
      assertThat(lines(r, "PM-4G")).containsExactly("PM-4G 1/1", "PM-4G 4G network 1/1");
      assertThat(
              new PerformanceMeasurement(store, book, SrvCatalogue.standard(), CLOCK)
                  .rows(OCT, "PM-4G", "4g NETWORK", false))
          .extracting(row -> row.item() + " " + row.result())
          .containsExactly("R8 WITHIN");
    }
  }

  /** Measures by scope and by a provider's own target, as the minutes report them. */
  private static final String BY_SCOPE =
      """
      name: by-scope
      effective_from: 2023-01-01
      add_measures:
        - {id: CPM3A, calculation: ALERT_DELIVERY_TIME, providers: [CSP-N, CSP-C, CSP-S],
           scopes: [CSP N, CSP C&S], within_seconds: 30, target: 99, minimum: 85}
        - {id: PM1.1, calculation: ON_DEMAND_RESPONSE_TIME, providers: [S1SP-DXC],
           scopes: [S1SP-DXC], within_seconds: 25, target: 99, minimum: 96}
        - {id: PM1.5, calculation: ALERT_DELIVERY_TIME, providers: [S1SP-DXC],
           scopes: [S1SP-DXC], within_seconds: 30, target: 99, minimum: 95}
        - {id: PM2, calculation: ON_DEMAND_RESPONSE_TIME, providers: [CSP-N, CSP-C, CSP-S],
           scopes: [North, Central, South], within_seconds: 25, target: 99, minimum: 96}
        - {id: PI1, calculation: ON_DEMAND_RESPONSE_TIME, on_success: true,
           providers: [CSP-N, CSP-C, CSP-S], scopes: [North, Central, South], target: 99,
           minimum: 90}
      """;

  @Test
  void measuresByScopeAndByAProvidersOwnTargetHandComputed() throws Exception {
    Path folder = dir.resolve("plain");
    drop(dir.resolve("drop"));
    try (Store store = Store.open(folder)) {
      new DropLoader(store).load(dir.resolve("drop"));
      // Without the user's catalogue CSP-4G is quarantined too.
      assertThat(quarantined(store)).hasSize(2);
      RuleBook book = RuleBook.withDefaults().add("by-scope.yaml", BY_SCOPE).build();
      PerformanceReport r = report(store, book);
      // PM2 (25 s): North R1 in, R2 26 s out; Central R3 25 s exactly in; South R4 out.
      assertThat(lines(r, "PM2"))
          .containsExactly("PM2 2/4", "PM2 North 1/2", "PM2 Central 1/1", "PM2 South 0/1");
      // PI1 (I0 within 30 s): R1 and R2 in (26 s is within 30), R3 E21 out, R4 late.
      assertThat(lines(r, "PI1"))
          .containsExactly("PI1 2/4", "PI1 North 2/2", "PI1 Central 0/1", "PI1 South 0/1");
      // PM1.1 (DXC, 25 s): R6 in, R7 out. CPM1 (30 s) counts both within.
      assertThat(lines(r, "PM1.1")).containsExactly("PM1.1 1/2", "PM1.1 S1SP-DXC 1/2");
      assertThat(lines(r, "CPM1")).contains("CPM1 S1SP-DXC 2/2");
      // CPM 3A (30 s, CSPs): A1 30 s in; A2 31 s out; A3 never delivered; A5 is September's.
      assertThat(lines(r, "CPM3A"))
          .containsExactly("CPM3A 1/3", "CPM3A CSP N 1/1", "CPM3A CSP C&S 0/2");
      // CPM3 (60 s) counts A2 and A4 within.
      assertThat(lines(r, "CPM3")).first().isEqualTo("CPM3 3/4");
      assertThat(lines(r, "PM1.5")).containsExactly("PM1.5 0/1", "PM1.5 S1SP-DXC 0/1");
      PerformanceMeasurement pm =
          new PerformanceMeasurement(store, book, SrvCatalogue.standard(), CLOCK);
      assertThat(pm.rows(OCT, "CPM3A", "CSP C&S", false))
          .extracting(row -> row.item() + " " + row.result() + " " + row.reason())
          .containsExactly(
              "A3 MISSED not delivered", "A2 MISSED delivered 31 s after, target 30 s: late");
      assertThatThrownBy(() -> pm.rows(OCT, "PM2", "CSP N", false))
          .isInstanceOf(MeterwatchException.class)
          .hasMessage(
              "measure PM2 has no line for scope CSP N in 2023-10 (its scopes: ALL, North,"
                  + " Central, South)");
    }
  }

  private static PerformanceReport report(Store store, RuleBook book) {
    return new PerformanceMeasurement(store, book, SrvCatalogue.standard(), CLOCK).report(OCT);
  }

  private static List<String> lines(PerformanceReport r, String id) {
    return r.measures().stream()
        .filter(m -> m.id().equals(id))
        .map(m -> m.label() + " " + m.within() + "/" + m.population())
        .toList();
  }

  private static List<String> quarantined(Store store) throws Exception {
    List<String> out = new ArrayList<>();
    try (Statement s = store.connection().createStatement();
        ResultSet rs = s.executeQuery("SELECT kind, line, reason FROM quarantine ORDER BY line")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "|" + rs.getLong(2) + "|" + rs.getString(3));
      }
    }
    return out;
  }
}
