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
