package uk.meterwatch.cli;

import java.nio.file.Files;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * Opens the store a command works on (the top command's --store, inherited by every subcommand).
 */
final class StoreOptions {
  private StoreOptions() {}

  static Store open(MeterwatchCommand top) {
    Store store = Store.open(top.storePath());
    try {
      store.requireWritable();
    } catch (MeterwatchException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /** The store of a command that only reads it: never created at a mistyped --store. */
  static Store openExisting(MeterwatchCommand top) {
    Store.requireFolder(top.storePath());
    if (!Files.exists(top.storePath().resolve(Store.DATABASE_FILE))) {
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND,
          "no store at " + top.storePath() + " (load a drop first, or give --store)");
    }
    return Store.open(top.storePath());
  }
}
