package uk.meterwatch.engine.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import uk.meterwatch.core.error.ErrorCode;
import uk.meterwatch.core.error.MeterwatchException;
import uk.meterwatch.core.rules.RuleBook;
import uk.meterwatch.core.scope.ProviderCatalogue;

/**
 * Reads the rule sets a user keeps in files: the store's {@code rules/} folder and a folder given
 * with {@code --rules}. Sources are added in that order after the built-in default, so on the same
 * effective date the later source wins (see docs/rules.md). A {@code providers.yaml} in either
 * folder is not a rule set but the user's provider catalogue (docs/providers.md), added to the
 * shipped one in the same order.
 */
public final class RuleFiles {
  /** The folder of a store that holds its rule sets. */
  public static final String STORE_RULES = "rules";

  private RuleFiles() {}

  /**
   * The rule book of the built-in default plus every {@code *.yaml}/{@code *.yml} file of the
   * store's rules folder (when it exists) and of {@code rulesDir} (which must exist when given).
   *
   * @param storeFolder the store folder, or null
   * @param rulesDir a folder given by the user, or null
   */
  public static RuleBook load(Path storeFolder, Path rulesDir) {
    RuleBook.Builder builder = RuleBook.withDefaults();
    builder.catalogue(catalogue(storeFolder, rulesDir));
    if (storeFolder != null) {
      Path own = storeFolder.resolve(STORE_RULES);
      if (Files.isDirectory(own)) {
        addFolder(builder, own);
      }
    }
    if (rulesDir != null) {
      if (!Files.isDirectory(rulesDir)) {
        throw new MeterwatchException(
            ErrorCode.NOT_FOUND,
            Files.exists(rulesDir)
                ? rulesDir + " is a file: --rules names a folder of rule set files (*.yaml)"
                : "the rules folder " + rulesDir + " does not exist");
      }
      addFolder(builder, rulesDir);
    }
    return builder.build();
  }

  /**
   * The provider catalogue: the shipped one, then {@code providers.yaml} of the store's rules
   * folder and of {@code rulesDir} when they exist. The loader reads the store's only.
   *
   * @param storeFolder the store folder, or null
   * @param rulesDir a folder given by the user, or null
   */
  public static ProviderCatalogue catalogue(Path storeFolder, Path rulesDir) {
    ProviderCatalogue.Builder builder = ProviderCatalogue.builder();
    boolean added = false;
    for (Path folder :
        java.util.Arrays.asList(
            storeFolder == null ? null : storeFolder.resolve(STORE_RULES), rulesDir)) {
      if (folder == null) {
        continue;
      }
      Path file = folder.resolve(ProviderCatalogue.FILE);
      if (Files.isRegularFile(file)) {
        try {
          builder.add(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
          added = true;
        } catch (IOException e) {
          throw new MeterwatchException(
              ErrorCode.INPUT_UNREADABLE,
              "cannot read the provider catalogue " + file + ": " + e,
              e);
        }
      }
    }
    return added ? builder.build() : ProviderCatalogue.standard();
  }

  private static void addFolder(RuleBook.Builder builder, Path folder) {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(folder)) {
      list.filter(Files::isRegularFile)
          .filter(
              p ->
                  p.getFileName().toString().endsWith(".yaml")
                      || p.getFileName().toString().endsWith(".yml"))
          .filter(p -> !p.getFileName().toString().equals(ProviderCatalogue.FILE))
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new MeterwatchException(
          ErrorCode.INPUT_UNREADABLE, "cannot list the rules folder " + folder + ": " + e, e);
    }
    for (Path file : files) {
      try {
        builder.add(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new MeterwatchException(
            ErrorCode.INPUT_UNREADABLE, "cannot read the rule set " + file + ": " + e, e);
      }
    }
  }
}
