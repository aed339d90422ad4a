package uk.meterwatch.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * A read-only copy of a store as last committed, so a long-running reader (the web server) keeps
 * answering while another process writes the store: DuckDB lets one process at a time write a
 * database file, and a writer excludes readers. The copy is taken while holding the store read-only
 * (no writer can be in then), of the database file and its write-ahead log, so it holds exactly
 * what the last writer committed. docs/architecture.md, "One store, two ways in".
 */
public final class StoreSnapshot implements AutoCloseable {
  private final Store store;
  private final Path copy;
  private final Stamp source;

  private StoreSnapshot(Store store, Path copy, Stamp source) {
    this.store = store;
    this.copy = copy;
    this.source = source;
  }

  /** What identifies a version of the store's files: size and modification time of both. */
  public record Stamp(long size, FileTime modified, long walSize, FileTime walModified) {
    public static Stamp of(Path folder) {
      try {
        Path db = folder.resolve(Store.DATABASE_FILE);
        Path wal = folder.resolve(Store.DATABASE_FILE + ".wal");
        boolean hasWal = Files.exists(wal);
        return new Stamp(
            Files.size(db),
            Files.getLastModifiedTime(db),
            hasWal ? Files.size(wal) : -1,
            hasWal ? Files.getLastModifiedTime(wal) : null);
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.STORE, "cannot read the store at " + folder + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Copies the store in {@code folder} to {@code copy} (and its log beside it) and opens the copy
   * read-only. Waits up to {@code waitMillis} for a writer to finish; fails with a STORE error if
   * the store stays in use.
   */
  public static StoreSnapshot take(Path folder, Path copy, long waitMillis) {
    Stamp stamp;
    try (Store held = Store.openExistingReadOnly(folder, waitMillis)) {
      Objects.requireNonNull(held);
      stamp = Stamp.of(folder);
      Files.createDirectories(copy.getParent());
      Files.copy(folder.resolve(Store.DATABASE_FILE), copy, StandardCopyOption.REPLACE_EXISTING);
      Path wal = folder.resolve(Store.DATABASE_FILE + ".wal");
      Path copyWal = copy.resolveSibling(copy.getFileName() + ".wal");
      if (Files.exists(wal)) {
        Files.copy(wal, copyWal, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.deleteIfExists(copyWal);
      }
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot copy the store at " + folder + ": " + e.getMessage(), e);
    }
    return new StoreSnapshot(Store.openReadOnly(copy, folder), copy, stamp);
  }

  /** The copy, open read-only; its folder() is the store's own folder. */
  public Store store() {
    return store;
  }

  /** Whether the store has changed since this copy was taken. */
  public boolean stale(Path folder) {
    return !Stamp.of(folder).equals(source);
  }

  /** Closes the copy and deletes its files. */
  @Override
  public void close() {
    store.close();
    try {
      Files.deleteIfExists(copy);
      Files.deleteIfExists(copy.resolveSibling(copy.getFileName() + ".wal"));
    } catch (IOException e) {
      // A leftover copy is harmless: the next server start replaces it.
    }
  }
}
