package uk.meterwatch.report.map;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.meterwatch.core.architecture.ArchitectureModel;
import uk.meterwatch.core.architecture.ArchitectureModel.Component;
import uk.meterwatch.core.architecture.CauseClass;
import uk.meterwatch.core.architecture.ComponentTally;
import uk.meterwatch.core.architecture.IncidentMap;
import uk.meterwatch.core.time.ReportingMonth;

/**
 * Draws the architecture incident map (action 105/01): each component a box with its incidents and
 * outage minutes and a bar patterned by cause class, links as arrows, groups as frames, then a
 * legend and a summary of architecture against operational causes.
 *
 * <p>The model's grid is drawn turned a quarter (its columns top to bottom, its rows left to
 * right), so the path of a Service Request runs down the page, and at a size where a page's width
 * prints every text at 7 pt or more: drawn across (1,882 units wide) the printed map's text was 3
 * to 5 pt. So each box carries few words (its name, incidents, minutes); the causes per component
 * are in the box's tooltip and, in the pack, the problem-areas table under the map.
 */
public final class IncidentMapSvg {
  static final double MARGIN = 16;

  /** Horizontal pitch of the boxes (one model row) and their width. */
  static final double COLUMN = 136;

  static final double BOX_W = 120;

  /** Vertical pitch of the boxes (one model column) and their height. */
  static final double ROW = 118;

  static final double BOX_H = 92;

  /** The smallest text, in SVG units: at the map's width it prints at 7 pt or more on A4. */
  static final double SMALL = 12;

  private static final String INK = "#1a1a1a";
  private static final String MUTED = "#505050";

  /** Written out: the JDK's UK abbreviation of September changed to "Sept" with CLDR 38. */
  private static final String[] MONTHS = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private IncidentMapSvg() {}

  public static String render(IncidentMap map) {
    ArchitectureModel model = map.model();
    double across = model.components().stream().mapToDouble(Component::row).max().orElse(0) + 1;
    int down = model.components().stream().mapToInt(Component::column).max().orElse(0) + 1;
    double width = Math.max(2 * MARGIN + across * COLUMN - (COLUMN - BOX_W), 640);
    String period = period(map.from(), map.to());
    double textWidth = width - 2 * MARGIN;

    List<String> intro =
        new ArrayList<>(
            wrap(
                "Each box: the incidents open in the period that touched the component (an"
                    + " incident counts on each it touched) and their minutes of unplanned outage,"
                    + " its bar split by cause class; grey: none.",
                SMALL,
                textWidth));
    double top = 34 + intro.size() * 16 + 34;
    double gridBottom = top + (down - 1) * ROW + BOX_H + 14;
    List<String> patterns = wrap(PATTERNS, SMALL, textWidth);
    Summary summary = summary(map, period, textWidth);
    double legendHeight = legendHeight(textWidth) + patterns.size() * 16 + 8;
    double height = gridBottom + legendHeight + 12 + summary.height();
    Svg svg = new Svg(width, height);

    svg.rect(0, 0, width, height, "#ffffff", "none", 0, null);
    StringBuilder defs = new StringBuilder("<defs>");
    for (CauseStyle s : CauseStyle.values()) {
      defs.append(s.pattern());
    }
    svg.raw(defs.append("</defs>").toString());

    svg.text(MARGIN, 24, 18, "bold", INK, "start", "Where incidents occurred, " + period);
    double y = 24;
    for (String line : intro) {
      y += 16;
      svg.text(MARGIN, y, SMALL, "normal", MUTED, "start", line);
    }
    svg.text(MARGIN, y + 18, SMALL, "normal", MUTED, "start", model.title());

    Map<String, double[]> boxes = new HashMap<>();
    for (Component c : model.components()) {
      boxes.put(c.id().toUpperCase(Locale.ROOT), new double[] {x(c), y(c, top)});
    }
    for (ArchitectureModel.Group g : model.groups()) {
      drawGroup(svg, g, boxes);
    }
    for (ArchitectureModel.Link l : model.links()) {
      drawLink(
          svg,
          boxes.get(l.from().toUpperCase(Locale.ROOT)),
          boxes.get(l.to().toUpperCase(Locale.ROOT)),
          l.dashed());
    }
    for (Component c : model.components()) {
      drawBox(svg, c, map.tally(c.id()), top);
    }
    double legendBottom = drawLegend(svg, MARGIN, gridBottom, width - MARGIN);
    for (String line : patterns) {
      legendBottom += 16;
      svg.text(MARGIN, legendBottom, SMALL, "normal", MUTED, "start", line);
    }
    double sy = legendBottom + 12;
    for (Summary.Line line : summary.lines()) {
      sy += line.size() + 5;
      svg.text(MARGIN, sy, line.size(), line.weight(), line.colour(), "start", line.text());
    }
    return svg.document("Where incidents occurred, " + period);
  }

  static String period(ReportingMonth from, ReportingMonth to) {
    String a = month(from);
    return from.equals(to) ? a : a + " to " + month(to);
  }

  private static String month(ReportingMonth m) {
    return MONTHS[m.month().getMonthValue() - 1] + " " + m.month().getYear();
  }

  /** "2,760 min". */
  static String minutes(long n) {
    return String.format(Locale.UK, "%,d min", n);
  }

  /** The model's row across the page. */
  private static double x(Component c) {
    return MARGIN + c.row() * COLUMN;
  }

  /** The model's column down the page. */
  private static double y(Component c, double top) {
    return top + c.column() * ROW;
  }

  private static void drawGroup(Svg svg, ArchitectureModel.Group g, Map<String, double[]> boxes) {
    double minX = Double.MAX_VALUE;
    double minY = Double.MAX_VALUE;
    double maxX = 0;
    double maxY = 0;
    for (String m : g.members()) {
      double[] p = boxes.get(m.toUpperCase(Locale.ROOT));
      minX = Math.min(minX, p[0]);
      minY = Math.min(minY, p[1]);
      maxX = Math.max(maxX, p[0] + BOX_W);
      maxY = Math.max(maxY, p[1] + BOX_H);
    }
    double pad = 6;
    svg.rect(
        minX - pad,
        minY - pad - 16,
        maxX - minX + 2 * pad,
        maxY - minY + 2 * pad + 16,
        "#f2f5f9",
        "#8a9bb0",
        1.2,
        "stroke-dasharray=\"6 4\" rx=\"8\"");
    svg.text(minX, minY - 9, SMALL, "bold", "#3d5068", "start", g.name());
  }

  /**
   * An arrow between two boxes: side to side within a row, else from the bottom of the upper box to
   * the top of the lower one.
   */
  private static void drawLink(Svg svg, double[] from, double[] to, boolean dashed) {
    double x1;
    double y1;
    double x2;
    double y2;
    if (Math.abs(to[1] - from[1]) < 1) {
      boolean right = to[0] > from[0];
      x1 = right ? from[0] + BOX_W : from[0];
      x2 = right ? to[0] : to[0] + BOX_W;
      y1 = from[1] + BOX_H / 2;
      y2 = y1;
    } else {
      boolean down = to[1] > from[1];
      x1 = from[0] + BOX_W / 2;
      x2 = to[0] + BOX_W / 2;
      y1 = down ? from[1] + BOX_H : from[1];
      y2 = down ? to[1] : to[1] + BOX_H;
    }
    double len = Math.hypot(x2 - x1, y2 - y1);
    double ux = (x2 - x1) / len;
    double uy = (y2 - y1) / len;
    double head = 9;
    double bx = x2 - ux * head;
    double by = y2 - uy * head;
    svg.line(x1, y1, bx, by, "#4a4a4a", 1.6, dashed ? "stroke-dasharray=\"5 4\"" : null);
    svg.polygon("#4a4a4a", x2, y2, bx - uy * 4.5, by + ux * 4.5, bx + uy * 4.5, by - ux * 4.5);
  }

  private static void drawBox(Svg svg, Component c, ComponentTally t, double top) {
    double x = x(c);
    double y = y(c, top);
    boolean hit = !t.isEmpty();
    svg.raw("<g>");
    svg.raw("<title>" + Svg.escape(tooltip(c, t)) + "</title>");
    svg.rect(
        x,
        y,
        BOX_W,
        BOX_H,
        hit ? "#ffffff" : "#f4f4f4",
        hit ? INK : "#b5b5b5",
        hit ? 2.2 : 1,
        "rx=\"6\"");
    List<String> name = wrap(c.name(), SMALL, BOX_W - 8);
    double ly = y + 16;
    for (String line : name.subList(0, Math.min(2, name.size()))) {
      svg.text(x + 6, ly, SMALL, "bold", hit ? INK : MUTED, "start", line);
      ly += 14;
    }
    if (!hit) {
      svg.text(x + 6, y + 50, SMALL, "normal", MUTED, "start", "no incidents");
      svg.raw("</g>");
      return;
    }
    long n = t.incidentCount();
    svg.text(x + 6, y + 50, SMALL, "bold", INK, "start", plural(n, "incident"));
    svg.text(x + 6, y + 65, SMALL, "normal", INK, "start", minutes(t.minutes()) + " outage");
    // The bar: shares of incidents by cause (of minutes when only loose outages hit it).
    double bx = x + 6;
    double bw = BOX_W - 12;
    double total = n > 0 ? n : t.minutes();
    double cursor = bx;
    for (CauseClass cc : CauseClass.values()) {
      double part = n > 0 ? t.incidents(cc) : t.minutes(cc);
      if (part <= 0) {
        continue;
      }
      double w = bw * part / total;
      svg.rect(cursor, y + 72, w, 12, CauseStyle.of(cc).fill(), "#ffffff", 1, null);
      cursor += w;
    }
    svg.rect(bx, y + 72, bw, 12, "none", INK, 1, null);
    svg.raw("</g>");
  }

  /** "DUIS interface: 2 incidents, 560 min outage. Architecture 1 (170 min); ...". */
  static String tooltip(Component c, ComponentTally t) {
    if (t.isEmpty()) {
      return c.name() + ": no incidents";
    }
    List<String> parts = new ArrayList<>();
    for (CauseClass cc : CauseClass.values()) {
      if (t.incidents(cc) > 0 || t.minutes(cc) > 0) {
        parts.add(cc.label() + " " + t.incidents(cc) + " (" + minutes(t.minutes(cc)) + ")");
      }
    }
    return c.name()
        + ": "
        + plural(t.incidentCount(), "incident")
        + ", "
        + minutes(t.minutes())
        + " outage. "
        + String.join("; ", parts);
  }

  private static final String PATTERNS =
      "Patterns: Architecture solid, Operational diagonal stripes, Human error cross-hatch, Third"
          + " party horizontal stripes, Unknown dots, Not yet established vertical stripes. Arrows:"
          + " the path of a Service Request.";

  /**
   * Text in lines no wider than {@code width} at {@code size}, by words, estimating a character at
   * 0.6 of the size (DejaVu Sans, the PDF's font, is about that wide; Arial narrower).
   */
  static List<String> wrap(String text, double size, double width) {
    int max = Math.max(1, (int) Math.floor(width / (size * 0.6)));
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > max) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? " " : "").append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  /** The legend's rows of swatches, each this high. */
  static final double LEGEND_ROW = 24;

  private static String legendLabel(CauseStyle s) {
    return s.cause.label() + (s.cause == CauseClass.HUMAN_ERROR ? " (counted as operational)" : "");
  }

  private static double swatchWidth(String label) {
    return 30 + label.length() * 13 * 0.6 + 20;
  }

  /** The legend's height: its heading and as many rows of swatches as the width needs. */
  private static double legendHeight(double width) {
    return 24 + legendRows(width) * LEGEND_ROW;
  }

  private static int legendRows(double width) {
    int rows = 1;
    double cx = 0;
    for (CauseStyle s : CauseStyle.values()) {
      double w = swatchWidth(legendLabel(s));
      if (cx > 0 && cx + w - 20 > width) {
        cx = 0;
        rows++;
      }
      cx += w;
    }
    return rows;
  }

  /** Draws the legend from y; returns the y of its last row's baseline. */
  private static double drawLegend(Svg svg, double x, double y, double right) {
    svg.text(x, y + 16, 14, "bold", INK, "start", "Cause class");
    double cx = x;
    double row = 0;
    for (CauseStyle s : CauseStyle.values()) {
      String label = legendLabel(s);
      double w = swatchWidth(label);
      if (cx > x && cx + w - 20 > right) {
        cx = x;
        row += LEGEND_ROW;
      }
      svg.rect(cx, y + 26 + row, 24, 16, s.fill(), INK, 1, null);
      svg.text(cx + 30, y + 39 + row, 13, "normal", INK, "start", label);
      cx += w;
    }
    return y + 39 + row;
  }

  /** The summary's lines, wrapped to the map's width. */
  record Summary(List<Line> lines) {
    record Line(String text, double size, String weight, String colour) {}

    double height() {
      return lines.stream().mapToDouble(l -> l.size() + 5).sum() + 8;
    }
  }

  private static Summary summary(IncidentMap map, String period, double width) {
    ComponentTally t = map.totals();
    long arch = t.incidents(CauseClass.ARCHITECTURE);
    long archMin = t.minutes(CauseClass.ARCHITECTURE);
    long op = t.incidents(CauseClass.OPERATIONAL) + t.incidents(CauseClass.HUMAN_ERROR);
    long opMin = t.minutes(CauseClass.OPERATIONAL) + t.minutes(CauseClass.HUMAN_ERROR);
    List<Summary.Line> lines = new ArrayList<>();
    for (String line :
        wrap(
            "Summary: "
                + plural(t.incidentCount(), "incident")
                + " (each counted once), "
                + minutes(t.minutes())
                + " of unplanned outage",
            14 * 1.08,
            width)) {
      lines.add(new Summary.Line(line, 14, "bold", INK));
    }
    List<String> parts = new ArrayList<>();
    parts.add("Architecture: " + plural(arch, "incident") + ", " + minutes(archMin));
    parts.add("Operational incl. human error: " + plural(op, "incident") + ", " + minutes(opMin));
    for (CauseClass cc :
        List.of(CauseClass.THIRD_PARTY, CauseClass.UNKNOWN, CauseClass.NOT_YET_ESTABLISHED)) {
      if (cc != CauseClass.NOT_YET_ESTABLISHED || t.incidents(cc) > 0) {
        parts.add(
            cc.label()
                + ": "
                + plural(t.incidents(cc), "incident")
                + ", "
                + minutes(t.minutes(cc)));
      }
    }
    // As many causes a line as fit: all on one line ran past the right edge.
    for (String text : joined(parts, "   |   ", 13, width)) {
      lines.add(new Summary.Line(text, 13, "normal", INK));
    }
    if (!map.unplaced().isEmpty()) {
      List<String> names = new ArrayList<>();
      map.unplaced()
          .forEach(
              (name, tally) ->
                  names.add(
                      name
                          + " ("
                          + plural(tally.incidentCount(), "incident")
                          + ", "
                          + minutes(tally.minutes())
                          + ")"));
      names.set(0, "Not on the map (unknown to the architecture model): " + names.get(0));
      for (String text : joined(names, ", ", 13, width)) {
        lines.add(new Summary.Line(text, 13, "normal", "#8a1c1c"));
      }
    }
    return new Summary(lines);
  }

  /** Parts joined by a separator, as many a line as fit the width; a part is never split. */
  static List<String> joined(List<String> parts, String separator, double size, double width) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String part : parts) {
      if (line.length() > 0
          && (line.length() + separator.length() + part.length()) * size * 0.6 > width) {
        lines.add(line.append(separator.startsWith(",") ? "," : "").toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? separator : "").append(part);
    }
    lines.add(line.toString());
    return lines;
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }
}
