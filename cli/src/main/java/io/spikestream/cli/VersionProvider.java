package io.spikestream.cli;

import picocli.CommandLine;

/** Reports the version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = SpikestreamCommand.class.getPackage().getImplementationVersion();
    return new String[] {"spikestream " + (v == null ? "dev" : v)};
  }
}
