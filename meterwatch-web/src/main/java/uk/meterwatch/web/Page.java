package uk.meterwatch.web;

import java.util.ArrayList;
import java.util.List;

/**
 * What a page shows, as plain blocks that one template ({@code page.jte}) lays out in the GOV.UK
 * style: every value is escaped there, so a handler never writes HTML. Charts are the report
 * module's SVG (drawn from our own numbers), the one piece written out as it is.
 */
public final class Page {
  private final String title;
  private final String active;
  private final List<Block> blocks = new ArrayList<>();
  private Viewer viewer;
  private String csrf;
  private int refreshSeconds;

  /** A part of a page. */
  public sealed interface Block
      permits Heading, Para, Table, Chart, Gallery, Grid, Form, Notice, Links {}

  public record Heading(String text, int level) implements Block {}

  public record Para(String text) implements Block {}

  /** A status or message panel; {@code kind} is "success", "error" or "info". */
  public record Notice(String kind, String title, List<String> lines) implements Block {}

  /** A caption, column headings and rows of cells. */
  public record Table(String caption, List<String> headers, List<List<Cell>> rows)
      implements Block {}

  /**
   * A cell: text, an optional link, an optional tag colour ("green", "red", "yellow", "grey") and
   * whether it is a number (right-aligned).
   */
  public record Cell(String text, String href, String tag, boolean numeric) {
    public static Cell of(Object text) {
      return new Cell(text == null ? "" : text.toString(), null, null, false);
    }

    public static Cell num(Object text) {
      return new Cell(text == null ? "-" : text.toString(), null, null, true);
    }

    public static Cell link(String text, String href) {
      return new Cell(text, href, null, false);
    }

    public static Cell tag(String text, String colour) {
      return new Cell(text, null, colour, false);
    }

    /** A small chart in a cell (a sparkline): SVG drawn by our code. */
    public static Cell svg(String svg) {
      return new Cell(svg, null, "svg", false);
    }
  }

  /** An SVG chart with its text alternative. */
  public record Chart(String svg, String alt) implements Block {}

  /** Smaller charts side by side (e.g. one per provider), each with its text alternative. */
  public record Gallery(List<Chart> charts) implements Block {
    public Gallery {
      charts = List.copyOf(charts);
    }
  }

  /**
   * A two-way table of counts, such as the risk heat map: a heading per column, and per row a
   * heading and its cells. A plain table, so a screen reader reads each cell with its headings.
   */
  public record Grid(String caption, String corner, List<String> columns, List<GridRow> rows)
      implements Block {}

  /** A row of a {@link Grid}. */
  public record GridRow(String header, List<GridCell> cells) {}

  /**
   * A cell of a {@link Grid}: a note (e.g. its severity), its text (e.g. a count), links to what it
   * counts, a shade (0 the strongest, 3 the lightest) and whether it is marked (a bold border).
   */
  public record GridCell(String note, String text, List<Cell> links, int shade, boolean marked) {}

  /** A form posted to {@code action}; GET forms (filters) carry no CSRF token. */
  public record Form(String action, String method, String submit, List<Field> fields)
      implements Block {}

  /**
   * A form field: type is text, number, date, password, select, textarea, file or hidden; for a
   * select, {@code options} are its values.
   */
  public record Field(
      String name, String label, String type, String value, List<String> options, String hint) {
    public static Field text(String name, String label, String value) {
      return new Field(name, label, "text", value, List.of(), null);
    }

    public static Field select(String name, String label, String value, List<String> options) {
      return new Field(name, label, "select", value, options, null);
    }
  }

  /** A list of links (e.g. downloads). */
  public record Links(List<Cell> links) implements Block {}

  public Page(String title, String active) {
    this.title = title;
    this.active = active;
  }

  /** A new page with the same title, menu item, refresh and blocks (a cached page's copy). */
  public Page copy() {
    Page p = new Page(title, active);
    p.blocks.addAll(blocks);
    p.refreshSeconds = refreshSeconds;
    return p;
  }

  public Page add(Block b) {
    blocks.add(b);
    return this;
  }

  public Page h2(String text) {
    return add(new Heading(text, 2));
  }

  public Page p(String text) {
    return add(new Para(text));
  }

  Page by(Viewer viewer, String csrf) {
    this.viewer = viewer;
    this.csrf = csrf;
    return this;
  }

  public String title() {
    return title;
  }

  public String active() {
    return active;
  }

  public List<Block> blocks() {
    return blocks;
  }

  public Viewer viewer() {
    return viewer;
  }

  public String csrf() {
    return csrf;
  }

  /** Reloads itself after this many seconds (0: never): progress without a script. */
  public Page refreshSeconds(int seconds) {
    this.refreshSeconds = seconds;
    return this;
  }

  public int refreshSeconds() {
    return refreshSeconds;
  }

  /** The navigation: label and path, shown to the viewer's role. */
  public List<String[]> nav() {
    List<String[]> n = new ArrayList<>();
    n.add(new String[] {"Overview", "/"});
    n.add(new String[] {"BPIs", "/bpi"});
    n.add(new String[] {"Incidents", "/incidents"});
    n.add(new String[] {"Incident map", "/map"});
    n.add(new String[] {"Risks", "/risks"});
    n.add(new String[] {"Actions", "/actions"});
    n.add(new String[] {"Exceptions", "/exceptions"});
    n.add(new String[] {"Loads", "/loads"});
    if (viewer != null && viewer.writes()) {
      n.add(new String[] {"Upload", "/upload"});
    }
    n.add(new String[] {"Pack", "/pack"});
    n.add(new String[] {"Audit", "/audit"});
    if (viewer != null && viewer.admin()) {
      n.add(new String[] {"Accounts", "/accounts"});
    }
    return n;
  }
}
