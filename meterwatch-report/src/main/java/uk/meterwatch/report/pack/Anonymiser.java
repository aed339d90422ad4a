package uk.meterwatch.report.pack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import uk.meterwatch.core.publish.UserAliases;

/**
 * Replaces every known user_id by "User A", "User B", ... A CLEAR pack never names a User, so the
 * whole document passes through here, free text (incident titles, action text) included.
 */
public final class Anonymiser {
  private final Map<String, String> alias;
  private final Pattern pattern;

  /** Every form an id takes in the document (as written, and escaped for HTML or SVG). */
  private final Map<String, String> forms = new LinkedHashMap<>();

  private Anonymiser(Map<String, String> alias) {
    this.alias = alias;
    // The document is HTML: an id holding & < > " or ' appears there escaped (it was left named).
    alias.forEach(
        (id, a) -> {
          forms.put(id.toUpperCase(java.util.Locale.ROOT), a);
          String html = PackDocument.esc(id);
          forms.put(html.toUpperCase(java.util.Locale.ROOT), a);
          forms.put(html.replace("&#39;", "&apos;").toUpperCase(java.util.Locale.ROOT), a);
        });
    List<String> ids = new ArrayList<>(forms.keySet());
    // Longest first, so an id that is a prefix of another never wins.
    ids.sort(Comparator.comparingInt(String::length).reversed());
    if (ids.isEmpty()) {
      this.pattern = null;
    } else {
      StringBuilder p = new StringBuilder("(?<![0-9A-Za-z_-])(?:");
      for (int i = 0; i < ids.size(); i++) {
        p.append(i == 0 ? "" : "|").append(Pattern.quote(ids.get(i)));
      }
      p.append(")(?![0-9A-Za-z_-])");
      this.pattern = Pattern.compile(p.toString(), Pattern.CASE_INSENSITIVE);
    }
  }

  /**
   * Aliases in the order given: {@code first} (e.g. the BPI report's users sorted by user_id, so
   * the letters match {@code meterwatch bpi --publish}) then every other known id, sorted.
   */
  public static Anonymiser of(List<String> first, Collection<String> others) {
    Map<String, String> alias = new LinkedHashMap<>();
    int i = 0;
    for (String id : first) {
      if (!alias.containsKey(id)) {
        alias.put(id, UserAliases.alias(i++));
      }
    }
    for (String id : others.stream().sorted().toList()) {
      if (id != null && !id.isBlank() && !alias.containsKey(id)) {
        alias.put(id, UserAliases.alias(i++));
      }
    }
    return new Anonymiser(alias);
  }

  /** Leaves everything as it is (for a pack that may name Users). */
  public static Anonymiser none() {
    return new Anonymiser(Map.of());
  }

  public String alias(String userId) {
    return alias.getOrDefault(userId, userId);
  }

  public Map<String, String> aliases() {
    return Map.copyOf(alias);
  }

  public String apply(String text) {
    if (pattern == null || text == null) {
      return text;
    }
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(
          out, Matcher.quoteReplacement(forms.get(m.group().toUpperCase(java.util.Locale.ROOT))));
    }
    m.appendTail(out);
    return out.toString();
  }
}
