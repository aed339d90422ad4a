package uk.meterwatch.engine.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import uk.meterwatch.engine.load.FileLoad;
import uk.meterwatch.engine.load.LoadReport;

/** The JSON of a load's summary ({@code meterwatch load --json}, {@code POST /api/v1/loads}). */
public final class LoadJson {
  private LoadJson() {}

  public static String write(LoadReport report) {
    return Json.pretty(report(report));
  }

  public static Map<String, Object> report(LoadReport report) {
    List<Map<String, Object>> files = new ArrayList<>();
    for (FileLoad f : report.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", f.file());
      m.put("kind", f.kind());
      m.put("status", f.status().name());
      m.put("read", f.read());
      m.put("loaded", f.loaded());
      m.put("duplicates", f.duplicates());
      m.put("quarantined", f.quarantined());
      m.put("error", f.error());
      m.put("format", f.format());
      m.put("load_id", f.loadId());
      m.put("lines", f.lines() < 0 ? null : f.lines());
      m.put("lines_note", f.linesNote());
      files.add(m);
    }
    var t = report.totals();
    Map<String, Object> totals = new LinkedHashMap<>();
    totals.put("read", t.read());
    totals.put("loaded", t.loaded());
    totals.put("duplicates", t.duplicates());
    totals.put("quarantined", t.quarantined());
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("files", files);
    root.put("totals", totals);
    root.put("ignored", report.ignored());
    return root;
  }
}
