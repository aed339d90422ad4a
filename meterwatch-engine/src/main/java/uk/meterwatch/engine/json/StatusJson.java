package uk.meterwatch.engine.json;

import java.util.LinkedHashMap;
import java.util.Map;
import uk.meterwatch.engine.store.StoreStatus;

/** The JSON of what a store holds ({@code meterwatch status --json}). */
public final class StatusJson {
  private StatusJson() {}

  /** {@code store} is the store folder as the reader should see it (absolute, or a label). */
  public static Map<String, Object> status(String store, StoreStatus status) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("store", store);
    root.put("schema_version", status.schemaVersion());
    root.put("loads", status.loads());
    root.put("rows", status.rows());
    root.put("months", status.months());
    root.put("quarantined", status.quarantined());
    return root;
  }
}
