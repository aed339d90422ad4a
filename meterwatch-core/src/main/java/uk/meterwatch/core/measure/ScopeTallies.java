package uk.meterwatch.core.measure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import uk.meterwatch.core.rules.MeasureDefinition;

/**
 * Sums cells of a device calculation's cube (items of an SRV and provider, by outcome) into a
 * measure's scopes: ALL, and each provider when the measure is per provider. The measure's filters
 * (SRVs, providers, on success) apply here, so every measure of a calculation reads the same cube.
 * An item whose device is unknown (no provider) counts in ALL only, and not at all when the measure
 * is restricted to providers. A measure's {@code scopes} (regions, contracts: the provider
 * catalogue's) each sum the providers they group.
 */
public final class ScopeTallies {
  private final MeasureDefinition measure;
  private Tally all = Tally.EMPTY;
  private final Map<String, Tally> byProvider = new TreeMap<>();
  private final Map<String, Tally> byScope = new LinkedHashMap<>();

  public ScopeTallies(MeasureDefinition measure) {
    this.measure = measure;
    for (String scope : measure.scopes()) {
      byScope.put(scope, Tally.EMPTY);
    }
  }

  /** Adds {@code count} items of an SRV (null for alerts) and provider with their outcome. */
  public void add(String srv, String provider, boolean inTime, boolean success, long count) {
    boolean within = measure.onSuccess() ? success : inTime;
    add(srv, provider, new Tally(within ? count : 0, count));
  }

  /**
   * Leaves out {@code count} requests the DCC rejected, of an SRV and provider, that {@link #add}
   * counted as misses: they leave the population and are counted as rejected.
   */
  public void reject(String srv, String provider, long count) {
    add(srv, provider, new Tally(0, -count, count));
  }

  /**
   * Leaves out {@code count} items (or microseconds) of an SRV and provider, within or not, that
   * {@link #add} counted: an approved exception. They leave the population and are counted as
   * excepted.
   */
  public void except(String srv, String provider, boolean within, long count) {
    add(srv, provider, new Tally(within ? -count : 0, -count, 0, count));
  }

  /**
   * The lines of a measure an item of an SRV and provider counts in ({@code ALL} first); none when
   * the measure's filters leave it out.
   */
  public static java.util.List<String> lines(
      MeasureDefinition measure, String srv, String provider) {
    ScopeTallies one = new ScopeTallies(measure);
    one.add(srv, provider, true, true, 1);
    return one.result().entrySet().stream()
        .filter(e -> e.getValue().population() > 0)
        .map(Map.Entry::getKey)
        .toList();
  }

  private void add(String srv, String provider, Tally t) {
    if (!measure.srvs().isEmpty() && !measure.srvs().contains(srv)) {
      return;
    }
    if (!measure.providers().isEmpty()
        && (provider == null || !measure.providers().contains(provider))) {
      return;
    }
    all = all.plus(t);
    if (measure.perProvider() && provider != null) {
      byProvider.merge(provider, t, Tally::plus);
    }
    if (provider != null) {
      for (Map.Entry<String, java.util.Set<String>> scope : measure.scopeMembers().entrySet()) {
        if (scope.getValue().contains(provider)) {
          byScope.merge(scope.getKey(), t, Tally::plus);
        }
      }
    }
  }

  /**
   * ALL first, then the providers in name order, then the measure's scopes in its order (each
   * present, empty when none of its providers had an item).
   */
  public Map<String, Tally> result() {
    Map<String, Tally> out = new LinkedHashMap<>();
    out.put(ALL, all);
    out.putAll(byProvider);
    out.putAll(byScope);
    return out;
  }

  /** The scope of a measure's overall line. */
  public static final String ALL = "ALL";
}
