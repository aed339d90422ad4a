package uk.meterwatch.cli;

import uk.meterwatch.engine.store.Store;

/**
 * Opens the store a command works on (the top command's --store, inherited by every subcommand).
 */
final class StoreOptions {
  private StoreOptions() {}

  static Store open(MeterwatchCommand top) {
    return Store.open(top.storePath());
  }
}
