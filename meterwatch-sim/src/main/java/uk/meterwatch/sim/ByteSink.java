package uk.meterwatch.sim;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * A buffered byte writer for generated text: ASCII written without encoders, timestamps formatted
 * digit by digit (no String.format, no java.time on the hot path). Not thread-safe.
 */
final class ByteSink implements Closeable {
  private static final int SIZE = 1 << 16;
  private static final long DAY_MS = 86_400_000L;

  private final OutputStream out;
  private final byte[] buffer = new byte[SIZE];
  private int used;
  private long written;
  private long cachedDay = Long.MIN_VALUE;
  private final byte[] datePrefix = new byte[11];

  ByteSink(OutputStream out) {
    this.out = out;
  }

  void write(byte b) {
    if (used == SIZE) {
      flushBuffer();
    }
    buffer[used++] = b;
  }

  void write(byte[] bytes) {
    if (bytes.length > SIZE - used) {
      flushBuffer();
      if (bytes.length > SIZE) {
        writeThrough(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, used, bytes.length);
    used += bytes.length;
  }

  /** Writes a string; ASCII directly, anything else as UTF-8. */
  void write(String s) {
    int n = s.length();
    if (n > SIZE - used) {
      flushBuffer();
    }
    if (n <= SIZE - used) {
      int start = used;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80) {
          used = start;
          write(s.getBytes(StandardCharsets.UTF_8));
          return;
        }
        buffer[used++] = (byte) c;
      }
    } else {
      write(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  void writeLong(long v) {
    if (v < 0) {
      write((byte) '-');
      v = -v;
    }
    if (v < 10) {
      write((byte) ('0' + v));
      return;
    }
    byte[] digits = new byte[20];
    int i = digits.length;
    while (v > 0) {
      digits[--i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    for (; i < digits.length; i++) {
      write(digits[i]);
    }
  }

  /** Writes an instant as ISO-8601 UTC with milliseconds, e.g. 2023-08-20T05:10:00.000Z. */
  void writeInstant(long epochMillis) {
    long day = Math.floorDiv(epochMillis, DAY_MS);
    if (day != cachedDay) {
      String date = LocalDate.ofEpochDay(day).toString();
      for (int i = 0; i < 10; i++) {
        datePrefix[i] = (byte) date.charAt(i);
      }
      datePrefix[10] = 'T';
      cachedDay = day;
    }
    if (SIZE - used < 24) {
      flushBuffer();
    }
    System.arraycopy(datePrefix, 0, buffer, used, 11);
    used += 11;
    int ms = (int) (epochMillis - day * DAY_MS);
    int h = ms / 3_600_000;
    int m = ms / 60_000 % 60;
    int s = ms / 1000 % 60;
    int f = ms % 1000;
    byte[] b = buffer;
    int u = used;
    b[u++] = (byte) ('0' + h / 10);
    b[u++] = (byte) ('0' + h % 10);
    b[u++] = ':';
    b[u++] = (byte) ('0' + m / 10);
    b[u++] = (byte) ('0' + m % 10);
    b[u++] = ':';
    b[u++] = (byte) ('0' + s / 10);
    b[u++] = (byte) ('0' + s % 10);
    b[u++] = '.';
    b[u++] = (byte) ('0' + f / 100);
    b[u++] = (byte) ('0' + f / 10 % 10);
    b[u++] = (byte) ('0' + f % 10);
    b[u++] = 'Z';
    used = u;
  }

  long bytesWritten() {
    return written + used;
  }

  private void flushBuffer() {
    writeThrough(buffer, used);
    used = 0;
  }

  private void writeThrough(byte[] bytes) {
    writeThrough(bytes, bytes.length);
  }

  private void writeThrough(byte[] bytes, int length) {
    try {
      out.write(bytes, 0, length);
      written += length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flushBuffer();
    } finally {
      out.close();
    }
  }
}
