package uk.meterwatch.engine.analysis;

import java.util.Locale;

/** Where a series is taken: the whole network, or one area, region or provider. */
public record Scope(Level level, String key) {
  public static final Scope NATIONAL = new Scope(Level.NATIONAL, "national");

  public static Scope of(Level level, String key) {
    return level == Level.NATIONAL ? NATIONAL : new Scope(level, key);
  }

  @Override
  public String toString() {
    return level == Level.NATIONAL ? "national" : level.name().toLowerCase(Locale.ROOT) + " " + key;
  }
}
