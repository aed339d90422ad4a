package uk.meterwatch.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.testing.Drops;

/**
 * Issue 26, point 7: a store the user may read but not write could not even be read; a --store
 * naming a file said "cannot create the store folder X: X". Tests run as any user (root may write
 * anything), so "may not write" is the fake {@link Store#WRITABLE}.
 */
class StoreAccessTest {
  @TempDir Path dir;

  @AfterEach
  void restore() {
    Store.WRITABLE = Files::isWritable;
  }

  @Test
  void aStoreThatCannotBeWrittenIsReadAndSaysSoWhenWritten() {
    Path folder = dir.resolve("store");
    Path drop = dir.resolve("drop");
    Drops.write(drop, "users.csv", "user_id,organisation", "U1,Org A");
    try (Store store = Store.open(folder)) {
      new DropLoader(store).load(drop);
    }
    Store.WRITABLE = p -> false;
    try (Store store = Store.open(folder)) {
      assertThat(store.readOnly()).isTrue();
      assertThat(StoreStatus.of(store).rows().get("users")).isEqualTo(1L);
      assertThatThrownBy(() -> new DropLoader(store).load(drop))
          .isInstanceOf(MeterwatchException.class)
          .hasMessage(
              "the store at "
                  + folder
                  + " cannot be written (no permission to write its folder or meterwatch.duckdb):"
                  + " commands that only read it work; nothing was changed");
    }
  }

  @Test
  void aStoreNamingAFileSaysItIsAFile() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    assertThatThrownBy(() -> Store.open(file))
        .isInstanceOf(MeterwatchException.class)
        .hasMessage(
            file
                + " is a file, not a store: give --store (or $METERWATCH_STORE) a folder, new or"
                + " holding a store");
  }
}
