package uk.meterwatch.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * Files on any filesystem Spark reads (local, HDFS, S3 through the user's own Hadoop
 * configuration), by the session's Hadoop configuration.
 */
final class HadoopFiles {
  private HadoopFiles() {}

  static boolean isDirectory(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf(spark));
      return fs.exists(p) && fs.getFileStatus(p).isDirectory();
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  /** The files (not folders) of a folder, or the file itself; sorted by name. */
  static List<FileStatus> list(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileSystem fs = p.getFileSystem(conf(spark));
      if (!fs.exists(p)) {
        throw new MeterwatchException(ErrorCode.NOT_FOUND, "no such drop: " + path);
      }
      List<FileStatus> out = new ArrayList<>();
      if (fs.getFileStatus(p).isDirectory()) {
        for (FileStatus s : fs.listStatus(p)) {
          if (!s.isDirectory()) {
            out.add(s);
          }
        }
      } else {
        out.add(fs.getFileStatus(p));
      }
      out.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
      return out;
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  static Configuration conf(SparkSession spark) {
    return spark.sparkContext().hadoopConfiguration();
  }

  private static MeterwatchException unreadable(String path, IOException e) {
    return new MeterwatchException(
        ErrorCode.INPUT_UNREADABLE, "cannot read " + path + ": " + e.getMessage(), e);
  }
}
