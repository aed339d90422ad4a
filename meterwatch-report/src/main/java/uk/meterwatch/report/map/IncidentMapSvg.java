package uk.meterwatch.report.map;

import java.time.format.DateTimeFormatter;
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
 * outage minutes split by cause class (a patterned bar and one labelled line per class), links as
 * arrows, groups as frames, then a legend and a summary of architecture against operational causes.
 */
public final class IncidentMapSvg {
  static final double MARGIN = 24;
  static final double TOP = 96;
  static final double COLUMN = 262;
  static final double ROW = 170;
  static final double BOX_W = 214;
  static final double BOX_H = 152;
  private static final String INK = "#1a1a1a";
  private static final String MUTED = "#6b6b6b";
  private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.UK);

  private IncidentMapSvg() {}

  public static String render(IncidentMap map) {
    ArchitectureModel model = map.model();
    int columns = model.components().stream().mapToInt(Component::column).max().orElse(0) + 1;
    double rows = model.components().stream().mapToDouble(Component::row).max().orElse(0) + 1;
    double width = Math.max(2 * MARGIN + columns * COLUMN, 980);
    double gridBottom = TOP + (rows - 1) * ROW + BOX_H + 18;
    int unplacedLines = map.unplaced().isEmpty() ? 0 : 1;
    double height = gridBottom + 168 + LEGEND_ROW + unplacedLines * 18;
    Svg svg = new Svg(width, height);
    String period = period(map.from(), map.to());

    svg.rect(0, 0, width, height, "#ffffff", "none", 0, null);
    StringBuilder defs = new StringBuilder("<defs>");
    for (CauseStyle s : CauseStyle.values()) {
      defs.append(s.pattern());
    }
    svg.raw(defs.append("</defs>").toString());

    svg.text(
        MARGIN,
        34,
        22,
        "bold",
        INK,
        "start",
        "Where incidents occurred: " + model.title() + ", " + period);
    svg.text(
        MARGIN,
        58,
        13,
        "normal",
        MUTED,
        "start",
        "Each box: incidents open in the period that touched the component, and their minutes of"
            + " unplanned outage, split by cause class.");
    svg.text(
        MARGIN,
        76,
        13,
        "normal",
        MUTED,
        "start",
        "An incident counts on every component it touched. Bold outline = at least one incident or"
            + " outage; grey = none.");

    Map<String, double[]> boxes = new HashMap<>();
    for (Component c : model.components()) {
      boxes.put(c.id().toUpperCase(Locale.ROOT), new double[] {x(c), y(c)});
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
      drawBox(svg, c, map.tally(c.id()));
    }
    drawLegend(svg, MARGIN, gridBottom + 8, width - MARGIN);
    drawSummary(svg, map, MARGIN, gridBottom + 78 + LEGEND_ROW, period);
    return svg.document("Where incidents occurred, " + period);
  }

  static String period(ReportingMonth from, ReportingMonth to) {
    String a = MONTH.format(from.month());
    return from.equals(to) ? a : a + " to " + MONTH.format(to.month());
  }

  private static double x(Component c) {
    return MARGIN + c.column() * COLUMN;
  }

  private static double y(Component c) {
    return TOP + c.row() * ROW;
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
    double pad = 10;
    svg.rect(
        minX - pad,
        minY - pad - 16,
        maxX - minX + 2 * pad,
        maxY - minY + 2 * pad + 16,
        "#f2f5f9",
        "#8a9bb0",
        1.2,
        "stroke-dasharray=\"6 4\" rx=\"8\"");
    svg.text(minX, minY - 11, 12, "bold", "#3d5068", "start", g.name());
  }

  private static void drawLink(Svg svg, double[] from, double[] to, boolean dashed) {
    double x1;
    double y1;
    double x2;
    double y2;
    if (to[0] > from[0]) {
      x1 = from[0] + BOX_W;
      y1 = from[1] + BOX_H / 2;
      x2 = to[0];
      y2 = to[1] + BOX_H / 2;
    } else if (to[0] < from[0]) {
      x1 = from[0];
      y1 = from[1] + BOX_H / 2;
      x2 = to[0] + BOX_W;
      y2 = to[1] + BOX_H / 2;
    } else {
      x1 = from[0] + BOX_W / 2;
      x2 = x1;
      boolean down = to[1] > from[1];
      y1 = down ? from[1] + BOX_H : from[1];
      y2 = down ? to[1] : to[1] + BOX_H;
    }
    double len = Math.hypot(x2 - x1, y2 - y1);
    double ux = (x2 - x1) / len;
    double uy = (y2 - y1) / len;
    double head = 10;
    double bx = x2 - ux * head;
    double by = y2 - uy * head;
    svg.line(x1, y1, bx, by, "#4a4a4a", 1.8, dashed ? "stroke-dasharray=\"5 4\"" : null);
    svg.polygon("#4a4a4a", x2, y2, bx - uy * 5, by + ux * 5, bx + uy * 5, by - ux * 5);
  }

  private static void drawBox(Svg svg, Component c, ComponentTally t) {
    double x = x(c);
    double y = y(c);
    boolean hit = !t.isEmpty();
    svg.rect(
        x,
        y,
        BOX_W,
        BOX_H,
        hit ? "#ffffff" : "#f4f4f4",
        hit ? INK : "#b5b5b5",
        hit ? 2.2 : 1,
        "rx=\"6\"");
    svg.text(x + 10, y + 20, 14, "bold", hit ? INK : MUTED, "start", fit(c.name(), 26));
    if (!hit) {
      svg.text(x + 10, y + 42, 12, "normal", MUTED, "start", "no incidents");
      return;
    }
    long n = t.incidentCount();
    svg.text(
        x + 10,
        y + 40,
        12,
        "bold",
        INK,
        "start",
        plural(n, "incident") + ", " + t.minutes() + " min outage");
    // The bar: shares of incidents by cause (of minutes when only loose outages hit it).
    double bx = x + 10;
    double bw = BOX_W - 20;
    double total = n > 0 ? n : t.minutes();
    double cursor = bx;
    for (CauseClass cc : CauseClass.values()) {
      double part = n > 0 ? t.incidents(cc) : t.minutes(cc);
      if (part <= 0) {
        continue;
      }
      double w = bw * part / total;
      svg.rect(cursor, y + 48, w, 14, CauseStyle.of(cc).fill(), "#ffffff", 1, null);
      cursor += w;
    }
    svg.rect(bx, y + 48, bw, 14, "none", INK, 1, null);
    double ly = y + 80;
    for (CauseClass cc : CauseClass.values()) {
      if (t.incidents(cc) == 0 && t.minutes(cc) == 0) {
        continue;
      }
      svg.rect(x + 10, ly - 10, 12, 12, CauseStyle.of(cc).fill(), INK, 0.8, null);
      svg.text(x + 28, ly, 12, "normal", INK, "start", cc.label());
      svg.text(x + 142, ly, 12, "normal", INK, "end", t.incidents(cc) + " inc");
      svg.text(x + BOX_W - 10, ly, 12, "normal", INK, "end", t.minutes(cc) + " min");
      ly += 14.5;
    }
  }

  /** The legend's second row of swatches, when one row is too narrow for them all. */
  static final double LEGEND_ROW = 24;

  private static void drawLegend(Svg svg, double x, double y, double right) {
    svg.text(x, y + 14, 14, "bold", INK, "start", "Cause class");
    double cx = x;
    double row = 0;
    for (CauseStyle s : CauseStyle.values()) {
      String label =
          s.cause.label() + (s.cause == CauseClass.HUMAN_ERROR ? " (counted as operational)" : "");
      double w = 32 + label.length() * 7.2 + 26;
      if (cx > x && cx + w - 26 > right) {
        cx = x;
        row += LEGEND_ROW;
      }
      svg.rect(cx, y + 24 + row, 26, 18, s.fill(), INK, 1, null);
      svg.text(cx + 32, y + 38 + row, 13, "normal", INK, "start", label);
      cx += w;
    }
    svg.text(
        x,
        y + 62 + LEGEND_ROW,
        12,
        "normal",
        MUTED,
        "start",
        "Patterns: Architecture solid, Operational diagonal stripes, Human error cross-hatch,"
            + " Third party horizontal stripes, Unknown dots, Not yet established vertical"
            + " stripes. Arrows: the path of a Service Request.");
  }

  private static void drawSummary(Svg svg, IncidentMap map, double x, double y, String period) {
    ComponentTally t = map.totals();
    long arch = t.incidents(CauseClass.ARCHITECTURE);
    long archMin = t.minutes(CauseClass.ARCHITECTURE);
    long op = t.incidents(CauseClass.OPERATIONAL) + t.incidents(CauseClass.HUMAN_ERROR);
    long opMin = t.minutes(CauseClass.OPERATIONAL) + t.minutes(CauseClass.HUMAN_ERROR);
    svg.text(
        x,
        y + 14,
        14,
        "bold",
        INK,
        "start",
        "Summary, "
            + period
            + ": "
            + plural(t.incidentCount(), "incident")
            + " (each counted once), "
            + t.minutes()
            + " min of unplanned outage");
    List<String> parts = new ArrayList<>();
    parts.add("Architecture: " + plural(arch, "incident") + ", " + archMin + " min");
    parts.add("Operational incl. human error: " + plural(op, "incident") + ", " + opMin + " min");
    parts.add(
        "Third party: "
            + plural(t.incidents(CauseClass.THIRD_PARTY), "incident")
            + ", "
            + t.minutes(CauseClass.THIRD_PARTY)
            + " min");
    parts.add(
        "Unknown: "
            + plural(t.incidents(CauseClass.UNKNOWN), "incident")
            + ", "
            + t.minutes(CauseClass.UNKNOWN)
            + " min");
    if (t.incidents(CauseClass.NOT_YET_ESTABLISHED) > 0) {
      parts.add(
          "Not yet established: "
              + plural(t.incidents(CauseClass.NOT_YET_ESTABLISHED), "incident")
              + ", "
              + t.minutes(CauseClass.NOT_YET_ESTABLISHED)
              + " min");
    }
    // Two lines: one would run past the right edge.
    svg.text(x, y + 34, 13, "normal", INK, "start", String.join("   |   ", parts.subList(0, 2)));
    svg.text(
        x,
        y + 52,
        13,
        "normal",
        INK,
        "start",
        String.join("   |   ", parts.subList(2, parts.size())));
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
                          + tally.minutes()
                          + " min)"));
      svg.text(
          x,
          y + 70,
          12.5,
          "normal",
          "#8a1c1c",
          "start",
          "Not on the map (unknown to the architecture model): " + String.join(", ", names));
    }
  }

  static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  private static String fit(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "\u2026";
  }
}
