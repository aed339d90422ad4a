package uk.meterwatch.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.LoadReport;
import uk.meterwatch.engine.store.Store;

/**
 * A fresh store on disk for each test, and drops of one file loaded into it (register with
 * {@code @RegisterExtension final TestStore stores = new TestStore();}).
 */
public final class TestStore implements BeforeEachCallback, AfterEachCallback {
  private Path dir;
  private Store store;
  private int drops;

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("meterwatch-test");
    store = Store.open(dir.resolve("store"));
    drops = 0;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(TestStore::delete);
    }
  }

  public Store store() {
    return store;
  }

  /** Writes a drop of one file (lines joined with \n) and returns its folder. */
  public Path drop(String file, String... lines) {
    Path drop = dir.resolve("drop" + ++drops);
    Drops.write(drop, file, lines);
    return drop;
  }

  /** Loads a drop of one file (lines joined with \n) into the store. */
  public LoadReport load(String file, String... lines) {
    return new DropLoader(store).load(drop(file, lines));
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
