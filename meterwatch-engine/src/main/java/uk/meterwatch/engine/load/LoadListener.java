package uk.meterwatch.engine.load;

import java.nio.file.Path;

/** Hears how a load goes, e.g. to draw a progress bar. */
public interface LoadListener {
  LoadListener NONE = new LoadListener() {};

  /** A load of these files, of these total bytes, begins. */
  default void started(int files, long totalBytes) {}

  /** A file begins. */
  default void fileStarted(Path file, long bytes) {}

  /** Progress within the current file, 0 to 1, when the engine can tell. */
  default void fileProgress(double fraction) {}

  /** A file is done. */
  default void fileFinished(FileLoad result, long bytes) {}
}
