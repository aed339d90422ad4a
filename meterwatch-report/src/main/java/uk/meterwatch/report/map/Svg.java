package uk.meterwatch.report.map;

import java.util.Locale;

/**
 * A small writer of plain SVG text: inline attributes only, no scripts, no CSS classes, no external
 * fonts, so the same drawing works in a browser, in HTML and in a PDF renderer.
 */
public final class Svg {
  static final String FONT = "Helvetica, Arial, sans-serif";

  private final StringBuilder b = new StringBuilder();
  private final double width;
  private final double height;

  public Svg(double width, double height) {
    this.width = width;
    this.height = height;
  }

  public Svg raw(String xml) {
    b.append(xml).append('\n');
    return this;
  }

  public Svg rect(
      double x,
      double y,
      double w,
      double h,
      String fill,
      String stroke,
      double strokeWidth,
      String extra) {
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"%s/>%n",
            x,
            y,
            w,
            h,
            fill,
            stroke,
            strokeWidth,
            extra == null ? "" : " " + extra));
    return this;
  }

  public Svg line(
      double x1, double y1, double x2, double y2, String stroke, double w, String extra) {
    b.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                + " stroke-width=\"%.1f\"%s/>%n",
            x1,
            y1,
            x2,
            y2,
            stroke,
            w,
            extra == null ? "" : " " + extra));
    return this;
  }

  public Svg polygon(String fill, double... xy) {
    StringBuilder pts = new StringBuilder();
    for (int i = 0; i < xy.length; i += 2) {
      pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", xy[i], xy[i + 1]));
    }
    b.append("<polygon points=\"")
        .append(pts.toString().strip())
        .append("\" fill=\"")
        .append(fill)
        .append("\"/>\n");
    return this;
  }

  /**
   * Text at a point.
   *
   * @param anchor start, middle or end
   */
  public Svg text(
      double x, double y, double size, String weight, String fill, String anchor, String text) {
    b.append(
        String.format(
            Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" font-family=\"%s\" font-size=\"%.1f\" font-weight=\"%s\""
                + " fill=\"%s\" text-anchor=\"%s\">%s</text>%n",
            x,
            y,
            FONT,
            size,
            weight,
            fill,
            anchor,
            escape(text)));
    return this;
  }

  /** The whole document. */
  public String document(String title) {
    return String.format(
            Locale.ROOT,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"%.0f\""
                + " height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\">%n<title>%s</title>%n",
            width,
            height,
            width,
            height,
            escape(title))
        + b
        + "</svg>\n";
  }

  public static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
