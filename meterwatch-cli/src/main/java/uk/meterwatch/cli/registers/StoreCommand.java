package uk.meterwatch.cli.registers;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import uk.meterwatch.cli.Main;
import uk.meterwatch.cli.MeterwatchCommand;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.engine.registers.Registers;
import uk.meterwatch.engine.rules.RuleFiles;
import uk.meterwatch.engine.store.Store;

/** A subcommand working on the registers of the store: opens it, runs, closes it. */
abstract class StoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--user",
      paramLabel = "NAME",
      description =
          "Who makes the change, for the audit trail (default: $METERWATCH_USER, else"
              + " the operating system user).")
  String user;

  @Override
  public final Integer call() throws Exception {
    MeterwatchCommand top = (MeterwatchCommand) spec.root().userObject();
    // A command that only reads never creates a store at a mistyped --store.
    Store.requireFolder(top.storePath());
    if (!writes() && !Files.exists(top.storePath().resolve(Store.DATABASE_FILE))) {
      throw new MeterwatchException(
          ErrorCode.NOT_FOUND,
          "no store at " + top.storePath() + " (load a drop first, or give --store)");
    }
    try (Store store = Store.open(top.storePath())) {
      if (writes()) {
        store.requireWritable();
      }
      // Bands, thresholds and resolution times come from the rule sets the store holds.
      Registers registers =
          new Registers(store, RuleFiles.load(top.storePath(), null), Clock.systemUTC());
      PrintWriter out = spec.commandLine().getOut();
      int code = run(registers, store, out);
      out.flush();
      return code;
    }
  }

  abstract int run(Registers registers, Store store, PrintWriter out) throws Exception;

  /** Whether the command changes the registers (and so may create the store). */
  boolean writes() {
    return false;
  }

  /** The user named by --user, else $METERWATCH_USER, else the operating system's user name. */
  String who() {
    if (user != null && !user.isBlank()) {
      return user.strip();
    }
    String env = Main.environment().get("METERWATCH_USER");
    if (env != null && !env.isBlank()) {
      return env.strip();
    }
    String os = System.getProperty("user.name");
    return os == null || os.isBlank() ? "unknown" : os;
  }
}
