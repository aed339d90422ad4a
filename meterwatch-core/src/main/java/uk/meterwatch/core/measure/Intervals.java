package uk.meterwatch.core.measure;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Half-open time intervals [start, end) in epoch microseconds, and their unions. */
public final class Intervals {
  /** One interval; empty when end <= start. */
  public record Span(long start, long end) {
    public long length() {
      return Math.max(0, end - start);
    }

    public Span clip(long from, long to) {
      return new Span(Math.max(start, from), Math.min(end, to));
    }
  }

  private Intervals() {}

  /** The union as disjoint spans in time order (overlapping or touching spans merged). */
  public static List<Span> union(List<Span> spans) {
    List<Span> sorted =
        spans.stream()
            .filter(s -> s.length() > 0)
            .sorted(Comparator.comparingLong(Span::start))
            .toList();
    List<Span> out = new ArrayList<>();
    for (Span s : sorted) {
      if (!out.isEmpty() && s.start() <= out.get(out.size() - 1).end()) {
        Span last = out.remove(out.size() - 1);
        out.add(new Span(last.start(), Math.max(last.end(), s.end())));
      } else {
        out.add(s);
      }
    }
    return out;
  }

  public static long length(List<Span> disjoint) {
    return disjoint.stream().mapToLong(Span::length).sum();
  }

  /** Length of the time two unions (each disjoint) have in common. */
  public static long overlap(List<Span> a, List<Span> b) {
    long total = 0;
    for (Span x : a) {
      for (Span y : b) {
        total += new Span(Math.max(x.start(), y.start()), Math.min(x.end(), y.end())).length();
      }
    }
    return total;
  }

  /** The parts of a union not covered by another union. */
  public static List<Span> minus(List<Span> a, List<Span> b) {
    List<Span> out = new ArrayList<>();
    for (Span x : a) {
      long cursor = x.start();
      for (Span y : b) {
        if (y.end() <= cursor || y.start() >= x.end()) {
          continue;
        }
        if (y.start() > cursor) {
          out.add(new Span(cursor, y.start()));
        }
        cursor = Math.max(cursor, y.end());
      }
      if (cursor < x.end()) {
        out.add(new Span(cursor, x.end()));
      }
    }
    return out;
  }
}
