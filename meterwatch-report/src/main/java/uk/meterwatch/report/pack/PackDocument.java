package uk.meterwatch.report.pack;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;

/**
 * The pack's XHTML as it is written: every value from data goes through {@link #esc} (the document
 * must stay well-formed for the PDF renderer), and the few shapes the sections share (a heading, a
 * table row, a status label, a chart) are written one way.
 */
public final class PackDocument {
  /**
   * Month abbreviations written out: the JDK's for Locale.UK changed ("Sep" to "Sept" with CLDR
   * 38), and the pack must read the same whichever JDK makes it.
   */
  private static final String[] ABBREVIATED = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
  };

  private final StringBuilder h = new StringBuilder(1 << 20);

  /** Appends markup as it is (only from this code, never from data). */
  public PackDocument raw(String markup) {
    h.append(markup);
    return this;
  }

  /** Appends text from data, escaped. */
  public PackDocument text(String text) {
    h.append(esc(text));
    return this;
  }

  /** A paragraph of text (escaped), with an optional class. */
  public PackDocument p(String cssClass, String text) {
    h.append(cssClass == null ? "<p>" : "<p class=\"" + cssClass + "\">")
        .append(esc(text))
        .append("</p>\n");
    return this;
  }

  /** A sub-heading. */
  public PackDocument h3(String text) {
    h.append("<h3>").append(esc(text)).append("</h3>\n");
    return this;
  }

  /** A table's header row; a heading ending in " #" is a number column (right-aligned). */
  public PackDocument head(String... headings) {
    h.append("<tr>");
    for (String heading : headings) {
      boolean number = heading.endsWith(" #");
      String label = number ? heading.substring(0, heading.length() - 2) : heading;
      h.append(number ? "<th class=\"n\">" : "<th>").append(esc(label)).append("</th>");
    }
    h.append("</tr>\n");
    return this;
  }

  /** A row of a two-column key/value table. */
  public PackDocument row(String key, String value) {
    h.append("<tr><th>")
        .append(esc(key))
        .append("</th><td>")
        .append(esc(value == null ? "" : value))
        .append("</td></tr>\n");
    return this;
  }

  /** A text cell. */
  public PackDocument td(String text) {
    h.append("<td>").append(esc(text == null ? "" : text)).append("</td>");
    return this;
  }

  /** A number cell (thousands separated). */
  public PackDocument td(long n) {
    h.append("<td class=\"n\">").append(String.format(Locale.UK, "%,d", n)).append("</td>");
    return this;
  }

  /** A right-aligned cell of text already formatted (a rate, a change). */
  public PackDocument tdn(String text) {
    h.append("<td class=\"n\">").append(esc(text)).append("</td>");
    return this;
  }

  /** A chart's SVG inside its frame. */
  public PackDocument chart(String svg) {
    h.append("<div class=\"chart\">").append(inline(svg)).append("</div>\n");
    return this;
  }

  @Override
  public String toString() {
    return h.toString();
  }

  // ---- formats ---------------------------------------------------------------------------------

  /** A status as a coloured label with its word (never colour alone). */
  static String status(Pack.Status s) {
    return label(s.word(), s.colour());
  }

  static String label(String word, String colour) {
    return "<span class=\"status\" style=\"background:" + colour + "\">" + esc(word) + "</span>";
  }

  /** Change between two values in percentage points, signed; "n/a" without both. */
  static String change(BigDecimal now, BigDecimal before) {
    if (now == null || before == null) {
      return "n/a";
    }
    BigDecimal d = now.subtract(before).setScale(2, RoundingMode.HALF_UP);
    return (d.signum() > 0 ? "+" : "") + d.toPlainString();
  }

  /** Percentage points, signed, 2 decimals; "n/a" for null. */
  static String points(Double d) {
    return d == null ? "n/a" : String.format(Locale.UK, "%+.2f", d);
  }

  /** A service level: whole when whole, else 2 decimals. */
  static String num(BigDecimal v) {
    return v == null
        ? "n/a"
        : v.stripTrailingZeros().scale() <= 0
            ? v.setScale(0, RoundingMode.UNNECESSARY).toPlainString()
            : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** A measured value: always 2 decimals, as the PMR gives it. */
  static String pct(BigDecimal v) {
    return v == null ? "n/a" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String count(BigDecimal v) {
    if (v == null) {
      return "";
    }
    return v.scale() <= 0 || v.stripTrailingZeros().scale() <= 0
        ? String.format(Locale.UK, "%,d", v.longValue())
        : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** Half-up to 2 decimals, as the analysis commands' JSON and table round. */
  static String two(double v) {
    return BigDecimal.valueOf(v).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  /** A level as written: whole when whole ("97.5", "99"). */
  static String plain(double v) {
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  static String rate(Double v) {
    return v == null ? "n/a" : String.format(Locale.UK, "%.2f", v);
  }

  static String seconds(Double s) {
    if (s == null) {
      return "n/a";
    }
    if (s < 120) {
      return String.format(Locale.UK, "%.0f s", s);
    }
    if (s < 7200) {
      return String.format(Locale.UK, "%.1f min", s / 60);
    }
    return String.format(Locale.UK, "%.1f h", s / 3600);
  }

  /** "Aug 23": fits under a 12-month axis without wrapping. */
  public static String shortMonth(String yyyyMm) {
    YearMonth ym = YearMonth.parse(yyyyMm);
    return ABBREVIATED[ym.getMonthValue() - 1]
        + " "
        + String.format(Locale.UK, "%02d", ym.getYear() % 100);
  }

  /** "August 2023". */
  public static String monthName(String yyyyMm) {
    YearMonth ym = YearMonth.parse(yyyyMm);
    return ym.getMonth().getDisplayName(TextStyle.FULL, Locale.UK) + " " + ym.getYear();
  }

  private static final java.util.regex.Pattern STAMP =
      java.util.regex.Pattern.compile(
          "(?<![\\d-])(\\d{4})-(\\d{2})(?:-(\\d{2})(?:T(\\d{2}:\\d{2})(?::\\d{2})?"
              + "(?:\\+0[01]:00)?)?)?(?![\\d-])");

  /**
   * A sentence from an engine with its ISO months, days and UK times as a member reads them:
   * "2023-08" is "Aug 2023", "2023-08-09" is "9 Aug 2023", "2023-08-20T06:10+01:00" is "20 Aug 2023
   * 06:10" (the pack's times are UK time).
   */
  static String readable(String text) {
    if (text == null) {
      return null;
    }
    java.util.regex.Matcher m = STAMP.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      int month = Integer.parseInt(m.group(2));
      String words;
      if (month < 1 || month > 12) {
        words = m.group();
      } else if (m.group(3) == null) {
        words = ABBREVIATED[month - 1] + " " + m.group(1);
      } else {
        words =
            Integer.parseInt(m.group(3))
                + " "
                + ABBREVIATED[month - 1]
                + " "
                + m.group(1)
                + (m.group(4) == null ? "" : " " + m.group(4));
      }
      m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(words));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** "20 Oct 2023". */
  public static String day(LocalDate d) {
    return d == null
        ? ""
        : d.getDayOfMonth() + " " + ABBREVIATED[d.getMonthValue() - 1] + " " + d.getYear();
  }

  /** A date as text "2023-10-20" shown as "20 Oct 2023"; empty stays empty. */
  static String day(String isoDate) {
    return isoDate == null || isoDate.isEmpty() ? "" : day(LocalDate.parse(isoDate));
  }

  static String list(List<String> items) {
    return String.join(", ", items);
  }

  /** An SVG document as an element inside XHTML: no XML declaration, no doctype. */
  static String inline(String svg) {
    String s = svg.strip();
    if (s.startsWith("<?xml")) {
      s = s.substring(s.indexOf("?>") + 2).strip();
    }
    if (s.startsWith("<!DOCTYPE")) {
      s = s.substring(s.indexOf('>') + 1).strip();
    }
    return s;
  }

  /** XML escaping: the document must stay well-formed XHTML for the PDF renderer. */
  public static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
            out.append(' ');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
