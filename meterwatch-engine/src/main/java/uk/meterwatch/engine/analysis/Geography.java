package uk.meterwatch.engine.analysis;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.store.Store;

/**
 * Which region each area belongs to. The devices file gives each device an area and a provider, not
 * a region; a SMETS2 device's CSP serves one region (CSP-N North, CSP-C Central, CSP-S South), so
 * an area's region is that of the CSP serving most of its devices (ties: the CSP first by id).
 * SMETS1 devices (S1SP providers) of an area count in its region; an area with no CSP device, and
 * devices with no area, are in the region {@link #UNKNOWN}.
 */
public final class Geography {
  /** The label of an absent area, region or provider. */
  public static final String UNKNOWN = "(unknown)";

  private static final Map<String, String> CSP_REGIONS =
      Map.of("CSP-N", "North", "CSP-C", "Central", "CSP-S", "South");

  private final Map<String, String> regionOfArea;

  Geography(Map<String, String> regionOfArea) {
    this.regionOfArea = Map.copyOf(regionOfArea);
  }

  /** The region of an area (any label, {@link #UNKNOWN} included). */
  public String region(String area) {
    return regionOfArea.getOrDefault(area, UNKNOWN);
  }

  /** Every area with a region, sorted. */
  public Map<String, String> regions() {
    return new TreeMap<>(regionOfArea);
  }

  /** The region a CSP serves; null for a provider that is not a CSP. */
  public static String regionOfProvider(String provider) {
    if (provider == null) {
      return null;
    }
    String known = CSP_REGIONS.get(provider);
    return known != null ? known : provider.startsWith("CSP-") ? provider : null;
  }

  /** The areas' regions from the store's devices (each device's row loaded last). */
  public static Geography read(Store store) {
    String sql =
        "SELECT area, provider, count(*) FROM (SELECT arg_max(area, (load_id, line)) AS area,"
            + " arg_max(provider, (load_id, line)) AS provider FROM devices GROUP BY device_id)"
            + " WHERE area IS NOT NULL GROUP BY ALL ORDER BY area, provider";
    Map<String, String> best = new HashMap<>();
    Map<String, Long> bestCount = new HashMap<>();
    Connection c = store.connection();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        String area = rs.getString(1);
        String region = regionOfProvider(rs.getString(2));
        long n = rs.getLong(3);
        if (region != null && n > bestCount.getOrDefault(area, 0L)) {
          best.put(area, region);
          bestCount.put(area, n);
        }
      }
    } catch (SQLException e) {
      throw new MeterwatchException(
          ErrorCode.STORE, "cannot read the devices' areas: " + e.getMessage(), e);
    }
    return new Geography(best);
  }
}
