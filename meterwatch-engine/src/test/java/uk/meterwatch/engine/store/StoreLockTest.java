package uk.meterwatch.engine.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import uk.meterwatch.core.error.MeterwatchException;

/** DuckDB lets one process at a time into a store file: another waits for it, then says so. */
class StoreLockTest {
  @TempDir Path dir;

  /** Holds the store folder args[0] open until its standard input closes (a child process). */
  public static void main(String[] args) throws Exception {
    try (Store store = Store.open(Path.of(args[0]))) {
      System.out.println("holding");
      System.out.flush();
      System.in.read();
    }
  }

  private Process holder(Path folder) throws Exception {
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    StoreLockTest.class.getName(),
                    folder.toString()))
            .redirectErrorStream(true)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("holding");
    return p;
  }

  @Test
  void aStoreHeldByAnotherProcessIsOpenedOnceItIsReleased() throws Exception {
    Path folder = dir.resolve("store");
    Store.open(folder).close();
    Process p = holder(folder);
    Thread release =
        new Thread(
            () -> {
              try {
                Thread.sleep(1500);
                p.getOutputStream().close();
              } catch (Exception e) {
                p.destroy();
              }
            });
    release.start();
    try (Store store = Store.open(folder, Store.latestSchemaVersion(), 60_000)) {
      assertThat(store.schemaVersion()).isEqualTo(Store.latestSchemaVersion());
    } finally {
      release.join();
      p.waitFor();
    }
  }

  @Test
  void aStoreStillHeldAfterTheWaitIsOneClearError() throws Exception {
    Path folder = dir.resolve("store");
    Store.open(folder).close();
    Process p = holder(folder);
    try {
      assertThatThrownBy(() -> Store.open(folder, Store.latestSchemaVersion(), 0))
          .isInstanceOf(MeterwatchException.class)
          .hasMessageStartingWith("the store at " + folder + " is in use by another process")
          .hasMessageContaining("METERWATCH_LOCK_WAIT");
    } finally {
      p.getOutputStream().close();
      p.waitFor();
    }
  }
}
