package uk.meterwatch.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.load.DropLoader;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.LoadListener;
import uk.meterwatch.engine.load.LoadReport;

/**
 * Uploaded drops being loaded, one at a time in the background, so the page can show progress (it
 * reloads itself every two seconds, no script) and then the load's summary.
 */
final class LoadJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadJobs.class);
  private final StoreAccess access;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "meterwatch-load");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();

  /** A load: who started it, how far it got, and its report or error when done. */
  static final class Job implements LoadListener {
    final String id;
    final String account;
    final String upload;
    volatile long totalBytes = 1;
    volatile long doneBytes;
    volatile long currentBytes;
    volatile double fileFraction;
    volatile String currentFile = "";
    volatile LoadReport report;
    volatile String error;

    Job(String id, String account, String upload) {
      this.id = id;
      this.account = account;
      this.upload = upload;
    }

    boolean finished() {
      return report != null || error != null;
    }

    /** Percentage of the drop's bytes loaded. */
    int percent() {
      if (report != null) {
        return 100;
      }
      return (int) Math.min(99, 100.0 * (doneBytes + fileFraction * currentBytes) / totalBytes);
    }

    @Override
    public void started(int files, long bytes) {
      totalBytes = Math.max(1, bytes);
    }

    @Override
    public void fileStarted(Path file, long bytes) {
      currentFile = file.getFileName().toString();
      currentBytes = bytes;
      fileFraction = 0;
    }

    @Override
    public void fileProgress(double fraction) {
      fileFraction = fraction;
    }

    @Override
    public void fileFinished(FileLoad result, long bytes) {
      doneBytes += bytes;
      fileFraction = 0;
      currentBytes = 0;
    }
  }

  LoadJobs(StoreAccess access) {
    this.access = access;
  }

  Job get(String id) {
    return jobs.get(id);
  }

  /** Loads a folder made by {@link Uploads} in the background; the folder is deleted after. */
  Job start(String account, String upload, Path folder) {
    Job job = new Job(uk.meterwatch.web.auth.Secrets.token().substring(0, 16), account, upload);
    jobs.put(job.id, job);
    worker.submit(
        () -> {
          try {
            job.report = load(folder, job);
          } catch (MeterwatchException e) {
            job.error = e.getMessage();
          } catch (RuntimeException e) {
            LOG.error("loading {} failed", upload, e);
            job.error = "the load failed unexpectedly; the server's log says why";
          } finally {
            delete(folder);
          }
        });
    return job;
  }

  /** Loads a folder now (the API's upload). */
  LoadReport load(Path folder, LoadListener listener) {
    LoadReport[] report = new LoadReport[1];
    access.write(store -> report[0] = new DropLoader(store).listener(listener).load(folder));
    return report[0];
  }

  static void delete(Path folder) {
    try (Stream<Path> all = Files.walk(folder)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // left for the next server start to tidy
                }
              });
    } catch (IOException e) {
      // nothing there
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
