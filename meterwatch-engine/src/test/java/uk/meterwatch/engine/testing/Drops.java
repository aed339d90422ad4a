package uk.meterwatch.engine.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.zip.GZIPOutputStream;
import uk.meterwatch.engine.store.Store;

/** Writes small drop files for tests. */
public final class Drops {
  private Drops() {}

  /** Writes text (lines joined with \n, final newline) to folder/name. */
  public static Path write(Path folder, String name, String... lines) {
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(name);
      Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes gzip-compressed text to folder/name. */
  public static Path writeGzip(Path folder, String name, String... lines) {
    try {
      Files.createDirectories(folder);
      Path file = folder.resolve(name);
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
        out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Converts a CSV file to Parquet with DuckDB (columns as text), returning the new file. */
  public static Path csvToParquet(Path csv, Path parquet) {
    try (Store scratch = Store.inMemory();
        PreparedStatement p =
            scratch
                .connection()
                .prepareStatement(
                    "COPY (SELECT * FROM read_csv(?, all_varchar=true, header=true)) TO '"
                        + parquet.toAbsolutePath().toString().replace("'", "''")
                        + "' (FORMAT parquet)")) {
      p.setString(1, csv.toAbsolutePath().toString());
      p.execute();
      return parquet;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
