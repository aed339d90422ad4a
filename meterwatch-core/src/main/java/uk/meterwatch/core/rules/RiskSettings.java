package uk.meterwatch.core.rules;

import java.util.Comparator;
import java.util.List;

/**
 * How risk severities (likelihood x impact) are banded and when they go to the SEC Panel.
 *
 * @param bands bands with the lowest severity each starts at
 * @param escalationThreshold severity at or above which a risk is escalated
 */
public record RiskSettings(List<Band> bands, int escalationThreshold) {

  /** A named band starting at a severity. */
  public record Band(String name, int min) {}

  public RiskSettings {
    bands = bands.stream().sorted(Comparator.comparingInt(Band::min).reversed()).toList();
  }

  /** The band of a severity: the band with the highest start at or below it. */
  public String bandOf(int severity) {
    return bands.stream()
        .filter(b -> severity >= b.min())
        .map(Band::name)
        .findFirst()
        .orElse("Unbanded");
  }

  public boolean escalated(int severity) {
    return severity >= escalationThreshold;
  }
}
