package uk.meterwatch.report.map;

import uk.meterwatch.core.architecture.CauseClass;

/**
 * How each cause class is drawn: a colour from the Okabe-Ito palette (readable by most colour-blind
 * readers) and a distinct pattern, and always its name beside it, so colour is never the only cue.
 */
enum CauseStyle {
  ARCHITECTURE(CauseClass.ARCHITECTURE, "#D55E00", "solid"),
  OPERATIONAL(CauseClass.OPERATIONAL, "#0072B2", "diagonal stripes"),
  HUMAN_ERROR(CauseClass.HUMAN_ERROR, "#E69F00", "cross-hatch"),
  THIRD_PARTY(CauseClass.THIRD_PARTY, "#009E73", "horizontal stripes"),
  UNKNOWN(CauseClass.UNKNOWN, "#999999", "dots"),
  NOT_YET_ESTABLISHED(CauseClass.NOT_YET_ESTABLISHED, "#CC79A7", "vertical stripes");

  final CauseClass cause;
  final String colour;
  final String patternName;

  CauseStyle(CauseClass cause, String colour, String patternName) {
    this.cause = cause;
    this.colour = colour;
    this.patternName = patternName;
  }

  static CauseStyle of(CauseClass c) {
    return valueOf(c.name());
  }

  /** The fill attribute value: the pattern, or the plain colour for solid. */
  String fill() {
    return this == ARCHITECTURE
        ? colour
        : "url(#cause-" + name().toLowerCase(java.util.Locale.ROOT) + ")";
  }

  /** The pattern definition (none for solid). */
  String pattern() {
    String id = "cause-" + name().toLowerCase(java.util.Locale.ROOT);
    String head =
        "<pattern id=\""
            + id
            + "\" patternUnits=\"userSpaceOnUse\" width=\"8\" height=\"8\">"
            + "<rect x=\"0\" y=\"0\" width=\"8\" height=\"8\" fill=\""
            + colour
            + "\"/>";
    return switch (this) {
      case ARCHITECTURE -> "";
      case OPERATIONAL ->
          head
              + "<path d=\"M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4\" stroke=\"#ffffff\""
              + " stroke-width=\"2\"/></pattern>";
      case HUMAN_ERROR ->
          head
              + "<path d=\"M0,0 l8,8 M8,0 l-8,8\" stroke=\"#5c3d00\" stroke-width=\"1.2\"/>"
              + "</pattern>";
      case THIRD_PARTY ->
          head + "<rect x=\"0\" y=\"3\" width=\"8\" height=\"2.5\" fill=\"#ffffff\"/></pattern>";
      case UNKNOWN -> head + "<circle cx=\"4\" cy=\"4\" r=\"1.6\" fill=\"#222222\"/></pattern>";
      case NOT_YET_ESTABLISHED ->
          head + "<rect x=\"3\" y=\"0\" width=\"2.5\" height=\"8\" fill=\"#ffffff\"/></pattern>";
    };
  }
}
