package uk.meterwatch.report.chart;

import java.util.List;
import java.util.Locale;

/**
 * A word-sized chart of a series (a measure's last 12 months): a line with its points, and the
 * target as a dotted line, in plain SVG with a title for screen readers. Null values are gaps.
 */
public final class Sparkline {
  private Sparkline() {}

  public static String svg(List<? extends Number> values, Number target, String title) {
    int w = 120;
    int h = 30;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Number v : values) {
      if (v != null) {
        lo = Math.min(lo, v.doubleValue());
        hi = Math.max(hi, v.doubleValue());
      }
    }
    if (target != null) {
      lo = Math.min(lo, target.doubleValue());
      hi = Math.max(hi, target.doubleValue());
    }
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(w)
        .append(' ')
        .append(h)
        .append("\" width=\"")
        .append(w)
        .append("\" height=\"")
        .append(h)
        .append("\" role=\"img\" class=\"mw-spark\"><title>")
        .append(escape(title))
        .append("</title>");
    if (lo == Double.POSITIVE_INFINITY) {
      return s.append("</svg>").toString();
    }
    double span = hi - lo == 0 ? 1 : hi - lo;
    int n = values.size();
    double step = n <= 1 ? 0 : (w - 6.0) / (n - 1);
    if (target != null) {
      double y = y(target.doubleValue(), lo, span, h);
      s.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"0\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#00703c\""
                  + " stroke-dasharray=\"2 2\"/>",
              y,
              w,
              y));
    }
    StringBuilder path = new StringBuilder();
    boolean pen = false;
    for (int i = 0; i < n; i++) {
      Number v = values.get(i);
      if (v == null) {
        pen = false;
        continue;
      }
      double x = 3 + i * step;
      double y = y(v.doubleValue(), lo, span, h);
      path.append(String.format(Locale.ROOT, "%s%.1f %.1f ", pen ? "L" : "M", x, y));
      pen = true;
      s.append(
          String.format(
              Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.6\" fill=\"#1d70b8\"/>", x, y));
    }
    if (path.length() > 0) {
      s.append("<path d=\"")
          .append(path.toString().strip())
          .append("\" fill=\"none\" stroke=\"#1d70b8\" stroke-width=\"1.5\"/>");
    }
    return s.append("</svg>").toString();
  }

  private static double y(double v, double lo, double span, int h) {
    return h - 3 - (v - lo) / span * (h - 6);
  }

  private static String escape(String t) {
    return t.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
