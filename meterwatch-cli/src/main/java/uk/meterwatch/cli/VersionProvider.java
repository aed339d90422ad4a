package uk.meterwatch.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest when there is one. */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"meterwatch " + (v == null ? "development build" : v)};
  }
}
