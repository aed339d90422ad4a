package uk.meterwatch.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.meterwatch.core.srv.Srv;
import uk.meterwatch.core.srv.SrvCatalogue;
import uk.meterwatch.engine.json.Json;

/** {@code meterwatch srv}: the SRV catalogue. */
@Command(
    name = "srv",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the SRVs of DUIS, from the DCC's request matrix.",
      "Each with its name and whether it is critical, on demand, non-device, future dated."
    })
public final class SrvCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var catalogue = SrvCatalogue.standard();
    if (json) {
      out.println(Json.pretty(catalogue.all()));
      return 0;
    }
    out.printf("%-8s %-4s %-4s %-4s %-12s %s%n", "SRV", "CRIT", "OND", "NDEV", "FUTURE", "NAME");
    for (Srv srv : catalogue.all()) {
      out.printf(
          "%-8s %-4s %-4s %-4s %-12s %s%n",
          srv.variant(),
          srv.critical() ? "yes" : "",
          srv.onDemand() ? "yes" : "",
          srv.nonDevice() ? "yes" : "",
          srv.futureDated(),
          srv.name());
    }
    out.printf("%d SRVs%n", catalogue.size());
    return 0;
  }
}
