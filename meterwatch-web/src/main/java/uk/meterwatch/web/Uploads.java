package uk.meterwatch.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import uk.meterwatch.engine.load.Format;
import uk.meterwatch.engine.load.Kind;

/**
 * An uploaded drop made into a folder the loader reads: a zip of contract files (at its top, or in
 * one folder) or one contract file. Refused with a clear message, before anything is loaded: a zip
 * entry with an absolute path, a {@code ..} or a backslash; a zip that unpacks to more than {@link
 * #MAX_UNPACKED_BYTES} or more than {@link #MAX_ENTRIES} files, or an entry more than {@link
 * #MAX_RATIO} times smaller packed than unpacked (a zip bomb: counted on the bytes actually
 * written, never the sizes the zip claims); two entries with one name; and anything in which no
 * file is a contract file (docs/data-contract.md).
 */
final class Uploads {
  /** The largest request body taken: 512 MiB. */
  static final long MAX_UPLOAD_BYTES = 512L << 20;

  /** At most 4 GiB unpacked in all. */
  static final long MAX_UNPACKED_BYTES = 4L << 30;

  static final int MAX_ENTRIES = 200;

  /** Text compresses about 10 times; more than 200 times is a bomb, not a drop. */
  static final long MAX_RATIO = 200;

  private Uploads() {}

  /** Writes the upload into {@code folder} and returns the files of the drop. */
  static List<Path> unpack(String fileName, InputStream in, Path folder) throws IOException {
    String name = baseName(fileName);
    if (name.toLowerCase(java.util.Locale.ROOT).endsWith(".zip")) {
      return unzip(in, folder);
    }
    if (!isContractFile(name)) {
      throw refused(
          "'"
              + name
              + "' is not a drop: a drop is a zip of contract files, or one contract file named"
              + " after its kind with its format (service_requests.csv, alerts.jsonl.gz,"
              + " devices.parquet, ...; docs/data-contract.md)");
    }
    Path target = folder.resolve(name);
    try (OutputStream out = Files.newOutputStream(target)) {
      copy(in, out, MAX_UPLOAD_BYTES, name);
    }
    return List.of(target);
  }

  private static List<Path> unzip(InputStream in, Path folder) throws IOException {
    List<String[]> entries = new ArrayList<>(); // {path in zip, temp file}
    long total = 0;
    int count = 0;
    Path staging = Files.createDirectories(folder.resolve(".unzip"));
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String path = e.getName();
        checkPath(path);
        if (e.isDirectory()) {
          continue;
        }
        if (++count > MAX_ENTRIES) {
          throw refused("the zip holds more than " + MAX_ENTRIES + " files");
        }
        Path tmp = staging.resolve("entry-" + count);
        long written;
        try (OutputStream out = Files.newOutputStream(tmp)) {
          written = copy(zip, out, MAX_UNPACKED_BYTES - total, path);
        }
        total += written;
        long packed = e.getCompressedSize();
        if (packed > 0 && written > (1L << 20) && written / packed > MAX_RATIO) {
          throw refused(
              "'"
                  + path
                  + "' unpacks "
                  + written / packed
                  + " times larger than packed: a zip bomb?");
        }
        entries.add(new String[] {path, tmp.toString()});
      }
    } catch (ZipException bad) {
      throw refused("the upload is not a readable zip: " + bad.getMessage());
    }
    if (count == 0) {
      throw refused("the zip is empty (or not a zip)");
    }
    // One folder around everything (a zipped drop folder) is taken off.
    String prefix = commonFolder(entries);
    List<Path> files = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (String[] entry : entries) {
      String rel = entry[0].substring(prefix.length());
      if (rel.contains("/")) {
        continue; // a subfolder: not part of the drop, as for a folder
      }
      if (!names.add(rel)) {
        throw refused("the zip holds two files named '" + rel + "'");
      }
      Path target = folder.resolve(rel);
      Files.move(Path.of(entry[1]), target);
      files.add(target);
    }
    if (files.stream().noneMatch(p -> isContractFile(p.getFileName().toString()))) {
      throw refused(
          "the zip is not a drop: none of its files is a contract file (service_requests.csv,"
              + " alerts.jsonl.gz, devices.parquet, ...; docs/data-contract.md)");
    }
    return files;
  }

  static boolean isContractFile(String name) {
    return Kind.ofFileName(name).isPresent() && Format.ofFileName(name).isPresent();
  }

  private static String commonFolder(List<String[]> entries) {
    String first = entries.get(0)[0];
    int slash = first.indexOf('/');
    if (slash < 0) {
      return "";
    }
    String prefix = first.substring(0, slash + 1);
    return entries.stream().allMatch(e -> e[0].startsWith(prefix)) ? prefix : "";
  }

  /** A zip entry's path: relative, forward slashes, no parent steps (no "zip slip"). */
  static void checkPath(String path) {
    if (path.isEmpty()
        || path.startsWith("/")
        || path.contains("\\")
        || path.matches("^[A-Za-z]:.*")
        || path.contains("\0")) {
      throw refused("the zip holds an unsafe path '" + printable(path) + "'; nothing was loaded");
    }
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw refused(
            "the zip holds a path that leaves its folder ('"
                + printable(path)
                + "'); nothing was loaded");
      }
    }
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  /** The file name an upload gives, without any folder (a browser may send C:\\x\\name.csv). */
  static String baseName(String fileName) {
    if (fileName == null || fileName.isBlank()) {
      throw refused("the upload has no file name");
    }
    String n = fileName.replace('\\', '/');
    n = n.substring(n.lastIndexOf('/') + 1).strip();
    if (n.isEmpty() || n.equals(".") || n.equals("..") || n.startsWith(".")) {
      throw refused("'" + printable(fileName) + "' is not a usable file name");
    }
    return n;
  }

  private static long copy(InputStream in, OutputStream out, long limit, String what)
      throws IOException {
    byte[] buffer = new byte[1 << 16];
    long n = 0;
    int r;
    while ((r = in.read(buffer)) > 0) {
      n += r;
      if (n > limit) {
        throw refused("'" + printable(what) + "' is too large: the upload is refused");
      }
      out.write(buffer, 0, r);
    }
    return n;
  }

  static ApiError refused(String message) {
    return new ApiError(400, "UPLOAD_REFUSED", message);
  }
}
