package uk.meterwatch.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import uk.meterwatch.engine.bpi.BpiReport;
import uk.meterwatch.report.pack.Anonymiser;
import uk.meterwatch.web.auth.Account;
import uk.meterwatch.web.auth.Role;

/**
 * Who is asking, and what they may see: an ANALYST or ADMIN sees every user id; a MEMBER sees every
 * User as "User A", "User B", ... as in a CLEAR pack; a SERVICE_USER sees its own user ids and
 * every other User so named. Letters follow user_id order over every id the store knows, so one
 * User has one letter on every page and in every API answer.
 *
 * <p>Every text shown or answered passes through {@link #text} or {@link #json}: free text
 * (incident titles, action text) is covered as well as id fields.
 */
public final class Viewer {
  private final Account account;
  private final Anonymiser anonymiser;

  Viewer(Account account, Anonymiser anonymiser) {
    this.account = account;
    this.anonymiser = anonymiser;
  }

  /** How an account's viewer renames Users, given every user id the store knows. */
  static Anonymiser anonymiser(Account account, Collection<String> knownUsers) {
    if (account.role().seesAllUsers()) {
      return Anonymiser.none();
    }
    Set<String> own = Set.copyOf(account.role() == Role.SERVICE_USER ? account.orgs() : List.of());
    List<String> others = knownUsers.stream().filter(id -> !own.contains(id)).toList();
    return Anonymiser.of(List.of(), others);
  }

  public Account account() {
    return account;
  }

  public String name() {
    return account.name();
  }

  public Role role() {
    return account.role();
  }

  /**
   * What this viewer's anonymisation depends on: viewers with one key read every text alike, so an
   * answer made for one may be kept for the others (per version of the store).
   */
  public String key() {
    return key(account);
  }

  static String key(Account account) {
    return switch (account.role()) {
      case SERVICE_USER -> "SU:" + String.join(",", new java.util.TreeSet<>(account.orgs()));
      default -> account.role().seesAllUsers() ? "ALL" : "ANON";
    };
  }

  public boolean writes() {
    return account.role().writes();
  }

  public boolean admin() {
    return account.role() == Role.ADMIN;
  }

  /** A text as this viewer may read it. */
  public String text(String s) {
    return anonymiser.apply(s);
  }

  /** A user id as this viewer may read it. */
  public String user(String id) {
    return anonymiser.alias(id);
  }

  public BpiReport bpi(BpiReport report) {
    return report.renamingUsers(anonymiser::alias);
  }

  /** A JSON answer with every string value and field name as this viewer may read it. */
  public JsonNode json(JsonNode node) {
    if (anonymiser.aliases().isEmpty()) {
      return node;
    }
    return walk(node.deepCopy());
  }

  private JsonNode walk(JsonNode node) {
    if (node.isTextual()) {
      return TextNode.valueOf(anonymiser.apply(node.asText()));
    }
    if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, walk(a.get(i)));
      }
      return a;
    }
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(o.properties());
      o.removeAll();
      for (Map.Entry<String, JsonNode> f : fields) {
        o.set(anonymiser.apply(f.getKey()), walk(f.getValue()));
      }
      return o;
    }
    return node;
  }
}
