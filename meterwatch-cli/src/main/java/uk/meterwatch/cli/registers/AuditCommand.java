package uk.meterwatch.cli.registers;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import uk.meterwatch.cli.TextTable;
import uk.meterwatch.engine.json.Json;
import uk.meterwatch.engine.json.RegisterJson;
import uk.meterwatch.engine.registers.AuditEntry;
import uk.meterwatch.engine.registers.ExchangeFormat;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.store.Store;

/** {@code meterwatch audit}: every change to any register. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Lists every change to any register: who, when, what changed.")
public final class AuditCommand extends StoreCommand {
  @Option(names = "--register", description = "incidents, reviews, risks, actions or exceptions.")
  String register;

  @Option(names = "--key", description = "One record: incident id, INCIDENT#VERSION, risk id, ref.")
  String key;

  @Option(names = "--full", description = "Print the whole record before and after each change.")
  boolean full;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Option(names = "--out", paramLabel = "FILE", description = "Export the whole trail to a file.")
  Path file;

  @Option(names = "--format", paramLabel = "csv|json", description = "Export format.")
  String format;

  @Override
  int run(Registers r, Store store, PrintWriter out) throws Exception {
    if (file != null) {
      r.audit().exportTo(file, ExchangeFormat.of(format, file));
      out.printf("wrote %s%n", file);
      return 0;
    }
    List<AuditEntry> entries = r.audit().list(register, key);
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (AuditEntry e : entries) {
        list.add(RegisterJson.audit(e));
      }
      out.println(Json.register(list));
      return 0;
    }
    String[] headers = {
      "ID", "AT (UK)", "WHO", "REGISTER", "KEY", "CHANGE", "SOURCE", "WHAT CHANGED"
    };
    if (full) {
      // Each change is followed by its records, so each gets its own table and header.
      for (AuditEntry e : entries) {
        row(TextTable.of(headers).rightAligned(0), e).print(out, "");
        out.printf(
            "  before: %s%n  after:  %s%n%n", Text.or(e.beforeJson()), Text.or(e.afterJson()));
      }
    } else {
      TextTable table = TextTable.of(headers).rightAligned(0);
      for (AuditEntry e : entries) {
        row(table, e);
      }
      table.print(out, "");
    }
    out.printf("%d change%s%n", entries.size(), entries.size() == 1 ? "" : "s");
    return 0;
  }

  private static TextTable row(TextTable table, AuditEntry e) throws Exception {
    return table.row(
        e.id(),
        Text.uk(e.at()),
        e.who(),
        e.register(),
        e.key(),
        e.operation(),
        e.source(),
        changes(e));
  }

  /** The fields that differ, as name: before -> after; "new record" for an addition. */
  static String changes(AuditEntry e) throws Exception {
    if (e.beforeJson() == null) {
      return "new record";
    }
    JsonNode before = Json.MAPPER.readTree(e.beforeJson());
    JsonNode after = Json.MAPPER.readTree(e.afterJson());
    TreeSet<String> names = new TreeSet<>();
    before.fieldNames().forEachRemaining(names::add);
    after.fieldNames().forEachRemaining(names::add);
    List<String> parts = new ArrayList<>();
    for (Iterator<String> it = names.iterator(); it.hasNext(); ) {
      String n = it.next();
      JsonNode b = before.path(n);
      JsonNode a = after.path(n);
      if (!b.equals(a)) {
        parts.add(n + ": " + shortText(b) + " -> " + shortText(a));
      }
    }
    return parts.isEmpty() ? "no field changed" : String.join("; ", parts);
  }

  private static String shortText(JsonNode n) {
    String s = n.isMissingNode() || n.isNull() ? "null" : n.isTextual() ? n.asText() : n.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
