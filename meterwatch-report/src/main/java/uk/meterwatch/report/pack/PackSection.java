package uk.meterwatch.report.pack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;

/**
 * A section of the pack: the id that names it in the order setting, its title, and how it is
 * written. A new section is a class implementing this, listed in {@link #BUILT_IN}; its data is a
 * field of {@link Pack}.
 */
public interface PackSection {
  /** The id in the order setting, e.g. {@code pmr}. */
  String id();

  /** The heading a reader sees. */
  String title(Pack pack);

  /** Writes the section's body (after its heading) in XHTML. */
  void write(Pack pack, PackDocument out);

  /**
   * The operations group's agenda (OPSG 105): actions outstanding, the SEC Panel's reports, the
   * PMR, the BPIs (with the regional view: the 3G sunsetting item), risks, major incident reviews,
   * then the appendix.
   */
  List<String> OPSG_AGENDA =
      List.of("actions", "reports", "pmr", "bpi", "regional", "risks", "reviews", "appendix");

  /** Every section Meterwatch writes, by id. */
  Map<String, PackSection> BUILT_IN = builtIn();

  private static Map<String, PackSection> builtIn() {
    Map<String, PackSection> all = new LinkedHashMap<>();
    for (PackSection s : PackSections.all()) {
      all.put(s.id(), s);
    }
    return java.util.Collections.unmodifiableMap(all);
  }

  /**
   * The sections named in a setting ("actions,reports,pmr"), in that order: each known, none twice;
   * a section may be left out.
   */
  static List<String> order(String setting) {
    List<String> out = new ArrayList<>();
    for (String part : setting.split(",")) {
      String id = part.strip().toLowerCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      if (!BUILT_IN.containsKey(id)) {
        throw new MeterwatchException(
            ErrorCode.USAGE,
            "no pack section '"
                + part.strip()
                + "' (sections: "
                + String.join(", ", BUILT_IN.keySet())
                + ")");
      }
      if (out.contains(id)) {
        throw new MeterwatchException(ErrorCode.USAGE, "pack section '" + id + "' given twice");
      }
      out.add(id);
    }
    if (out.isEmpty()) {
      throw new MeterwatchException(ErrorCode.USAGE, "the pack needs at least one section");
    }
    return List.copyOf(out);
  }
}
