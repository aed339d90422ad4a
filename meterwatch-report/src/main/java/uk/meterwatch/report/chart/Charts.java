package uk.meterwatch.report.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryMarker;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.WaterfallBarRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The one server-side chart path: JFreeChart drawn onto JFreeSVG, giving SVG text that the HTML
 * pack, the PDF pack and later the web app embed as is. Colours and fonts follow the pack's plain
 * GOV.UK-like style; fonts are the JVM's logical SansSerif so nothing is downloaded.
 */
public final class Charts {
  /** Line and bar colours: distinguishable, and text-labelled in legends. */
  public static final Color[] SERIES = {
    new Color(0x1d70b8),
    new Color(0xd4351c),
    new Color(0x00703c),
    new Color(0x4c2c92),
    new Color(0xf47738),
    new Color(0x28a197),
    new Color(0x505a5f)
  };

  static final Color TARGET = new Color(0x00703c);
  static final Color MINIMUM = new Color(0xd4351c);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

  /** Ids inside each SVG (clip paths) must be unique within one HTML page. */
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private Charts() {}

  /**
   * A measure month by month with its Target and Minimum Service Levels as lines. The percentage
   * axis is fitted around the data and both lines (never 0-100), so a 0.3-point move shows.
   */
  public static String trend(
      String title,
      List<String> months,
      List<? extends Number> values,
      Number target,
      Number minimum,
      int width,
      int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < months.size(); i++) {
      Number v = values.get(i);
      data.addValue(v, "Measured", months.get(i));
      if (v != null) {
        lo = Math.min(lo, v.doubleValue());
        hi = Math.max(hi, v.doubleValue());
      }
    }
    for (Number level : new Number[] {target, minimum}) {
      if (level != null) {
        lo = Math.min(lo, level.doubleValue());
        hi = Math.max(hi, level.doubleValue());
      }
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            title, "Month", "% within", data, PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = styleCategory(chart);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    r.setDefaultShapesVisible(true);
    r.setSeriesPaint(0, SERIES[0]);
    r.setSeriesStroke(0, new BasicStroke(2.2f));
    if (target != null) {
      plot.addRangeMarker(level(target.doubleValue(), TARGET, false));
    }
    if (minimum != null) {
      plot.addRangeMarker(level(minimum.doubleValue(), MINIMUM, true));
    }
    subtitle(chart, levelsNote(target, minimum));
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    percentRange(axis, lo, hi);
    tiltIfCrowded(plot.getDomainAxis(), months.size(), width);
    return svg(chart, width, height);
  }

  /**
   * Several series month by month (e.g. success by region), axis fitted around the data. The months
   * start at the first with data in any series, and a subtitle says so.
   */
  public static String lines(
      String title,
      String valueLabel,
      List<String> allMonths,
      Map<String, List<Double>> allSeries,
      int width,
      int height) {
    int first = firstWithData(allMonths.size(), allSeries.values());
    int from = first < allMonths.size() ? first : 0;
    List<String> months = allMonths.subList(from, allMonths.size());
    Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
    allSeries.forEach((k, v) -> series.put(k, v.subList(from, v.size())));
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Map.Entry<String, List<Double>> e : series.entrySet()) {
      for (int i = 0; i < months.size(); i++) {
        Double v = e.getValue().get(i);
        data.addValue(v, e.getKey(), months.get(i));
        if (v != null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            title, "Month", valueLabel, data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = styleCategory(chart);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    r.setDefaultShapesVisible(true);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, SERIES[i % SERIES.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    chart.getLegend().setItemFont(LABEL);
    if (from > 0) {
      TextTitle note = new TextTitle(startNote(allMonths, from), TICK);
      note.setPaint(new Color(0x505a5f));
      chart.addSubtitle(note);
    }
    percentRange((NumberAxis) plot.getRangeAxis(), lo, hi);
    tiltIfCrowded(plot.getDomainAxis(), months.size(), width);
    return svg(chart, width, height);
  }

  /**
   * Small multiples of one measure: a panel per scope (overall first, then each provider), all on
   * one shared percentage scale fitted around every panel's data and both levels, so the panels
   * compare at a glance. The months start at the first month any panel has data, and a subtitle
   * says so; a month without data inside a series is a shaded band marked "no data", never a point
   * at zero.
   *
   * @param panels scope title to values month by month (null = no data that month)
   * @param columns panels per row
   */
  public static String smallMultiples(
      String title,
      List<String> months,
      Map<String, List<? extends Number>> panels,
      Number target,
      Number minimum,
      int columns,
      int panelWidth,
      int panelHeight) {
    int first = firstWithData(months.size(), panels.values());
    List<String> shown = months.subList(Math.min(first, months.size()), months.size());
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (List<? extends Number> values : panels.values()) {
      for (Number v : values) {
        if (v != null) {
          lo = Math.min(lo, v.doubleValue());
          hi = Math.max(hi, v.doubleValue());
        }
      }
    }
    for (Number level : new Number[] {target, minimum}) {
      if (level != null) {
        lo = Math.min(lo, level.doubleValue());
        hi = Math.max(hi, level.doubleValue());
      }
    }
    int rows = (panels.size() + columns - 1) / columns;
    String levels = levelsNote(target, minimum);
    int head = 28 + (first > 0 && !shown.isEmpty() ? 18 : 0) + (levels == null ? 0 : 18);
    int width = columns * panelWidth;
    int height = head + rows * panelHeight;
    SVGGraphics2D g = canvas(width, height);
    g.setPaint(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setPaint(new Color(0x0b0c0c));
    g.setFont(TITLE);
    g.drawString(title, 6, 18);
    int line = 36;
    g.setFont(TICK);
    g.setPaint(new Color(0x505a5f));
    if (levels != null) {
      g.drawString(levels, 6, line);
      line += 18;
    }
    if (first > 0 && !shown.isEmpty()) {
      g.drawString(startNote(months, first), 6, line);
    }
    int i = 0;
    for (Map.Entry<String, List<? extends Number>> panel : panels.entrySet()) {
      List<? extends Number> values = panel.getValue();
      List<? extends Number> cut = values.subList(Math.min(first, values.size()), values.size());
      JFreeChart chart =
          trendChart(panel.getKey(), shown, cut, target, minimum, panelWidth, lo, hi);
      chart.getTitle().setFont(LABEL);
      int x = (i % columns) * panelWidth;
      int y = head + (i / columns) * panelHeight;
      chart.draw(g, new Rectangle(x, y, panelWidth, panelHeight));
      i++;
    }
    return element(g, width, height);
  }

  /** The first month index where any series has a value (the size when none has one). */
  static int firstWithData(int months, java.util.Collection<? extends List<? extends Number>> all) {
    int first = months;
    for (List<? extends Number> values : all) {
      for (int m = 0; m < values.size() && m < first; m++) {
        if (values.get(m) != null) {
          first = m;
          break;
        }
      }
    }
    return first;
  }

  /** "Data from Mar 23: none before (of the 12 months asked for)." */
  static String startNote(List<String> months, int first) {
    return "Data from "
        + months.get(first)
        + ": there is none for the "
        + first
        + (first == 1 ? " month" : " months")
        + " before it, so the axis starts there.";
  }

  /**
   * One trend panel: the measured series, its levels, and a shaded "no data" band on each month
   * without a value, on the range [lo, hi] fitted like {@link #percentRange}.
   */
  private static JFreeChart trendChart(
      String title,
      List<String> months,
      List<? extends Number> values,
      Number target,
      Number minimum,
      int width,
      double lo,
      double hi) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int m = 0; m < months.size(); m++) {
      data.addValue(values.get(m), "Measured", months.get(m));
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            title, null, "%", data, PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = styleCategory(chart);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    r.setDefaultShapesVisible(true);
    r.setSeriesPaint(0, SERIES[0]);
    r.setSeriesStroke(0, new BasicStroke(2f));
    if (target != null) {
      plot.addRangeMarker(level(target.doubleValue(), TARGET, false));
    }
    if (minimum != null) {
      plot.addRangeMarker(level(minimum.doubleValue(), MINIMUM, true));
    }
    for (int m = 0; m < months.size(); m++) {
      if (values.get(m) == null) {
        plot.addDomainMarker(noData(months.get(m)));
      }
    }
    percentRange((NumberAxis) plot.getRangeAxis(), lo, hi);
    tiltIfCrowded(plot.getDomainAxis(), months.size(), width);
    return chart;
  }

  /** A grey band over a month without data, labelled so: never a point at zero. */
  private static CategoryMarker noData(String month) {
    CategoryMarker m = new CategoryMarker(month, new Color(0xdedede), new BasicStroke(1f));
    m.setDrawAsLine(false);
    m.setAlpha(0.8f);
    m.setLabel("no data");
    m.setLabelFont(new Font(Font.SANS_SERIF, Font.ITALIC, 10));
    m.setLabelPaint(new Color(0x505a5f));
    m.setLabelAnchor(RectangleAnchor.BOTTOM);
    m.setLabelTextAnchor(TextAnchor.BOTTOM_CENTER);
    return m;
  }

  /**
   * Counts month by month stacked by series (e.g. incidents by category): a bar per month, its
   * segments labelled in the legend, the total above each bar; a month with none is an empty slot
   * at zero (counts of nothing are zero).
   */
  public static String stackedBars(
      String title,
      String valueLabel,
      List<String> months,
      Map<String, List<Long>> series,
      int width,
      int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (Map.Entry<String, List<Long>> e : series.entrySet()) {
      for (int m = 0; m < months.size(); m++) {
        data.addValue(e.getValue().get(m), e.getKey(), months.get(m));
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            title, null, valueLabel, data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = styleCategory(chart);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, SERIES[i % SERIES.length]);
    }
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    chart.getLegend().setItemFont(LABEL);
    tiltIfCrowded(plot.getDomainAxis(), months.size(), width);
    return svg(chart, width, height);
  }

  /**
   * One panel of small multiples (e.g. one area's success month by month): the panels of one figure
   * share the range [lo, hi] so they compare at a glance; a highlighted panel (an area an event
   * reached) is drawn in the second colour, with a dashed line at its event's month.
   */
  public static String panel(
      String title,
      List<String> months,
      List<Double> values,
      double lo,
      double hi,
      String eventMonth,
      int width,
      int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (int i = 0; i < months.size(); i++) {
      data.addValue(values.get(i), "Success", months.get(i));
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            title, null, null, data, PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = styleCategory(chart);
    chart.getTitle().setFont(LABEL);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    r.setDefaultShapesVisible(true);
    r.setSeriesPaint(0, eventMonth == null ? SERIES[0] : SERIES[1]);
    r.setSeriesStroke(0, new BasicStroke(1.8f));
    if (eventMonth != null && months.contains(eventMonth)) {
      org.jfree.chart.plot.CategoryMarker m = new org.jfree.chart.plot.CategoryMarker(eventMonth);
      m.setPaint(SERIES[1]);
      m.setStroke(
          new BasicStroke(
              1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 3f}, 0f));
      m.setDrawAsLine(true);
      plot.addDomainMarker(m);
    }
    tiltIfCrowded(plot.getDomainAxis(), months.size(), width);
    percentRange((NumberAxis) plot.getRangeAxis(), lo, hi);
    return svg(chart, width, height);
  }

  /**
   * A glidepath: the actual rates, the fitted line with its prediction interval (dashed), and the
   * target as a level line.
   */
  public static String glidepath(
      String title,
      List<String> months,
      List<Double> actual,
      List<Double> expected,
      List<Double> lower,
      List<Double> upper,
      double target,
      int width,
      int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double lo = target;
    double hi = target;
    for (int i = 0; i < months.size(); i++) {
      data.addValue(actual.get(i), "Actual", months.get(i));
      data.addValue(expected.get(i), "Glidepath", months.get(i));
      data.addValue(lower.get(i), "95 % interval", months.get(i));
      data.addValue(upper.get(i), "95 % interval (upper)", months.get(i));
      for (Double v : new Double[] {actual.get(i), lower.get(i), upper.get(i)}) {
        if (v != null) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    JFreeChart chart =
        ChartFactory.createLineChart(
            title, "Month", "% success", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = styleCategory(chart);
    LineAndShapeRenderer r = (LineAndShapeRenderer) plot.getRenderer();
    BasicStroke dashed =
        new BasicStroke(
            1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f);
    r.setSeriesPaint(0, SERIES[0]);
    r.setSeriesStroke(0, new BasicStroke(2.2f));
    r.setSeriesShapesVisible(0, true);
    r.setSeriesPaint(1, SERIES[6]);
    r.setSeriesStroke(1, new BasicStroke(1.6f));
    r.setSeriesShapesVisible(1, false);
    for (int i = 2; i <= 3; i++) {
      r.setSeriesPaint(i, SERIES[6]);
      r.setSeriesStroke(i, dashed);
      r.setSeriesShapesVisible(i, false);
    }
    r.setSeriesVisibleInLegend(3, false);
    plot.addRangeMarker(level(target, TARGET, false));
    subtitle(chart, levelsNote(target, null));
    chart.getLegend().setItemFont(LABEL);
    percentRange((NumberAxis) plot.getRangeAxis(), lo, hi);
    tiltIfCrowded(plot.getDomainAxis(), months.size(), width);
    return svg(chart, width, height);
  }

  /**
   * The success waterfall, lying down so each bucket's name reads on one line: each bucket a
   * floating bar starting where the previous ended, the last bar the total, so the reader sees the
   * buckets add up. Every bar is labelled with its count and share of the total, and drawn at least
   * a few units long: a bucket of 17 on a scale of 7,000 is still seen and read.
   */
  public static String waterfall(String title, Map<String, Long> buckets, int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    long total = 0;
    for (Map.Entry<String, Long> e : buckets.entrySet()) {
      data.addValue(e.getValue(), "Transactions", e.getKey());
      total += e.getValue();
    }
    data.addValue(total, "Transactions", "Total");
    JFreeChart chart =
        ChartFactory.createWaterfallChart(
            title, null, "Transactions", data, PlotOrientation.HORIZONTAL, false, false, false);
    CategoryPlot plot = styleCategory(chart);
    WaterfallBarRenderer r = (WaterfallBarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setFirstBarPaint(SERIES[2]);
    r.setPositiveBarPaint(SERIES[0]);
    r.setNegativeBarPaint(SERIES[1]);
    r.setLastBarPaint(new Color(0x505a5f));
    r.setMinimumBarLength(3);
    r.setDefaultItemLabelGenerator(new CountAndShare(total));
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(TICK);
    ItemLabelPosition right =
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT);
    r.setDefaultPositiveItemLabelPosition(right);
    r.setDefaultNegativeItemLabelPosition(right);
    r.setPositiveItemLabelPositionFallback(right);
    r.setNegativeItemLabelPositionFallback(right);
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    // Room on the right of the longest bar for its label.
    axis.setUpperMargin(0.22);
    axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.3f);
    return svg(chart, width, height);
  }

  /** "157 (2.4 %)": a bar's count and its share of the total. */
  static final class CountAndShare
      implements org.jfree.chart.labels.CategoryItemLabelGenerator, java.io.Serializable {
    private final long total;

    CountAndShare(long total) {
      this.total = total;
    }

    @Override
    public String generateRowLabel(org.jfree.data.category.CategoryDataset d, int row) {
      return d.getRowKey(row).toString();
    }

    @Override
    public String generateColumnLabel(org.jfree.data.category.CategoryDataset d, int column) {
      return d.getColumnKey(column).toString();
    }

    @Override
    public String generateLabel(org.jfree.data.category.CategoryDataset d, int row, int column) {
      Number v = d.getValue(row, column);
      if (v == null) {
        return null;
      }
      return total == 0
          ? String.format(java.util.Locale.UK, "%,d", v.longValue())
          : String.format(
              java.util.Locale.UK, "%,d (%.1f %%)", v.longValue(), 100.0 * v.longValue() / total);
    }
  }

  /** Plain bars (counts), one series. */
  public static String bars(
      String title,
      String categoryLabel,
      String valueLabel,
      Map<String, ? extends Number> values,
      int width,
      int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((k, v) -> data.addValue(v, valueLabel, k));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, categoryLabel, valueLabel, data, PlotOrientation.VERTICAL, false, false, false);
    CategoryPlot plot = styleCategory(chart);
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, SERIES[0]);
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(TICK);
    r.setMaximumBarWidth(0.15);
    // Room above the tallest bar for its label (it was clipped at the top: "6,274").
    ((NumberAxis) plot.getRangeAxis()).setUpperMargin(0.15);
    return svg(chart, width, height);
  }

  /**
   * Percentages side by side (e.g. naive versus transaction success) as bars from 0 to 100 %, each
   * labelled with its rate inside its end (outside a bar too short to hold it).
   */
  public static String percentBars(
      String title, String valueLabel, Map<String, Double> values, int width, int height) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    values.forEach((k, v) -> data.addValue(v, valueLabel, k));
    JFreeChart chart =
        ChartFactory.createBarChart(
            title, null, valueLabel, data, PlotOrientation.HORIZONTAL, false, false, false);
    CategoryPlot plot = styleCategory(chart);
    ItemLabelPosition inside =
        new ItemLabelPosition(ItemLabelAnchor.INSIDE3, TextAnchor.CENTER_RIGHT);
    ItemLabelPosition outside =
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT);
    BarRenderer r =
        new BarRenderer() {
          private boolean fits(int row, int column) {
            Number v = data.getValue(row, column);
            return v != null && v.doubleValue() >= 25;
          }

          @Override
          public ItemLabelPosition getPositiveItemLabelPosition(int row, int column) {
            return fits(row, column) ? inside : outside;
          }

          @Override
          public java.awt.Paint getItemLabelPaint(int row, int column) {
            return fits(row, column) ? Color.WHITE : new Color(0x0b0c0c);
          }
        };
    plot.setRenderer(r);
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setSeriesPaint(0, SERIES[0]);
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2} %", percent()));
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
    NumberAxis axis = (NumberAxis) plot.getRangeAxis();
    // A bar's length is its value, from 0 to 100 %: an axis starting at 84 drew 88 % as half of
    // 91.6 %. The labels carry the exact rates.
    axis.setRange(0, 100);
    axis.setNumberFormatOverride(java.text.NumberFormat.getIntegerInstance(java.util.Locale.UK));
    return svg(chart, width, height);
  }

  private static java.text.NumberFormat percent() {
    java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(java.util.Locale.UK);
    f.setMaximumFractionDigits(2);
    f.setMinimumFractionDigits(2);
    return f;
  }

  /**
   * Fits a percentage axis around [lo, hi] with a margin, clipped to 0-100, with ticks fine enough
   * that a 0.3-point move is visible: the span is never more than needed by the data and levels.
   */
  static void percentRange(NumberAxis axis, double lo, double hi) {
    if (lo > hi) {
      axis.setRange(0, 100);
      return;
    }
    double span = Math.max(hi - lo, 1.0);
    double low = Math.max(0, lo - span * 0.15);
    double high = Math.min(100, hi + span * 0.15);
    if (high - low < 1.0) {
      low = Math.max(0, high - 1.0);
    }
    axis.setAutoRangeIncludesZero(false);
    axis.setRange(low, high + (high >= 100 ? 0.001 : 0));
    axis.setNumberFormatOverride(percent());
  }

  /**
   * A service level as a line across the plot, unlabelled: a label inside the plot was clipped at
   * its top and hid the other level's when the two were close (Target 99 under Minimum 96); the
   * levels are written in the chart's subtitle instead ({@link #levelsNote}).
   */
  private static ValueMarker level(double value, Color colour, boolean dashed) {
    ValueMarker m = new ValueMarker(value);
    m.setPaint(colour);
    m.setStroke(
        dashed
            ? new BasicStroke(
                1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
            : new BasicStroke(1.6f));
    return m;
  }

  /** "Target 99 % (solid green line), Minimum 96 % (dashed red line)"; null with neither. */
  public static String levelsNote(Number target, Number minimum) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    if (target != null) {
      parts.add("Target " + plain(target) + " % (solid green line)");
    }
    if (minimum != null) {
      parts.add("Minimum " + plain(minimum) + " % (dashed red line)");
    }
    return parts.isEmpty() ? null : String.join(", ", parts);
  }

  private static String plain(Number n) {
    return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
  }

  private static void subtitle(JFreeChart chart, String text) {
    if (text != null) {
      TextTitle note = new TextTitle(text, TICK);
      note.setPaint(new Color(0x505a5f));
      chart.addSubtitle(note);
    }
  }

  private static CategoryPlot styleCategory(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    // Room on the right for a tick label centred on the axis's end ("2,800" was cut in half).
    chart.setPadding(new org.jfree.chart.ui.RectangleInsets(4, 4, 4, 22));
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    TextTitle t = chart.getTitle();
    if (t != null) {
      t.setFont(TITLE);
      t.setPaint(new Color(0x0b0c0c));
    }
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setOutlineVisible(false);
    plot.setRangeGridlinePaint(new Color(0xb1b4b6));
    plot.setRangeGridlineStroke(new BasicStroke(0.6f));
    CategoryAxis domain = plot.getDomainAxis();
    domain.setLabelFont(LABEL);
    domain.setTickLabelFont(TICK);
    domain.setTickLabelPaint(new Color(0x0b0c0c));
    domain.setMaximumCategoryLabelLines(2);
    plot.getRangeAxis().setLabelFont(LABEL);
    plot.getRangeAxis().setTickLabelFont(TICK);
    plot.getRangeAxis().setTickLabelPaint(new Color(0x0b0c0c));
    return plot;
  }

  private static void tiltIfCrowded(CategoryAxis axis, int categories, int width) {
    if (categories * 56 > width * 0.9) {
      axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
    }
  }

  /** Draws the chart onto an SVG canvas; the SVG scales with its container (viewBox). */
  /** A number rounded to so many decimals, written plainly (no exponent, no trailing zeros). */
  static String decimals(double d, int digits) {
    if (!Double.isFinite(d)) {
      return "0";
    }
    java.math.BigDecimal b =
        java.math.BigDecimal.valueOf(Math.round(d * Math.pow(10, digits)))
            .movePointLeft(digits)
            .stripTrailingZeros();
    return b.signum() == 0 ? "0" : b.toPlainString();
  }

  public static String svg(JFreeChart chart, int width, int height) {
    SVGGraphics2D g = canvas(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return element(g, width, height);
  }

  /**
   * A canvas with ids unique in the page and coordinates to a hundredth of a pixel, finer than any
   * screen or printer shows: written at full precision, a chart with tilted month labels was 120
   * KB, most of it digits.
   */
  private static SVGGraphics2D canvas(int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    g.setDefsKeyPrefix("c" + SEQUENCE.incrementAndGet() + "-");
    g.setGeomDoubleConverter(d -> decimals(d, 2));
    g.setTransformDoubleConverter(d -> decimals(d, 4));
    return g;
  }

  /**
   * The SVG root with a viewBox of whole numbers ("0 0 720 234"): openhtmltopdf reads the size of
   * an SVG from its viewBox only when the numbers are integers, and otherwise boxed the figure 400
   * units high whatever its shape, so a wide figure came out with blank bands above and below it
   * and a tall one shrunk.
   */
  private static String element(SVGGraphics2D g, int width, int height) {
    return g.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null);
  }
}
