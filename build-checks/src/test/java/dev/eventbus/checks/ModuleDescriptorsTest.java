package dev.eventbus.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.spi.BrokerProvider;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module descriptors of the published modules, read from their jars as built: each has the name
 * users {@code requires}, exports its public packages and no {@code .internal} one, and the modules
 * resolve and find each other's brokers on a module path made of their real dependencies.
 *
 * <p>The Kafka adapter is the exception: kafka-clients has no module name of its own (neither a
 * descriptor nor an {@code Automatic-Module-Name}), and a module that requires a name derived from
 * a jar's file name should not be published. The adapter therefore names itself in its manifest and
 * stays an automatic module; {@link ModuleBoundariesTest} keeps it out of the core's internals.
 */
class ModuleDescriptorsTest {
  /** A class of each published module, and the module's name. */
  private static final Map<String, String> MODULES = new LinkedHashMap<>();

  static {
    MODULES.put("dev.eventbus.EventBus", "dev.eventbus");
    MODULES.put("dev.eventbus.testkit.EventBusHarness", "dev.eventbus.testkit");
    MODULES.put("dev.eventbus.eventsourcing.EventStore", "dev.eventbus.eventsourcing");
    MODULES.put("dev.eventbus.rabbitmq.RabbitMqBroker", "dev.eventbus.rabbitmq");
    MODULES.put("dev.eventbus.eventbridge.EventBridgeBroker", "dev.eventbus.eventbridge");
    MODULES.put("dev.eventbus.kafka.KafkaBroker", "dev.eventbus.kafka");
    MODULES.put("dev.eventbus.outbox.Outbox", "dev.eventbus.outbox");
  }

  private static final String AUTOMATIC = "dev.eventbus.kafka";

  @Test
  void eachPublishedModuleHasItsNameAndExportsOnlyItsPublicPackages() throws Exception {
    for (Map.Entry<String, String> m : MODULES.entrySet()) {
      ModuleDescriptor d = descriptor(m.getKey());
      assertEquals(m.getValue(), d.name(), m.getKey());
      if (d.name().equals(AUTOMATIC)) {
        assertTrue(d.isAutomatic(), d.name() + " names itself in its manifest");
        continue;
      }
      assertFalse(d.isAutomatic(), d.name() + " has a module-info");
      Set<String> exported = new TreeSet<>();
      for (ModuleDescriptor.Exports e : d.exports()) {
        assertFalse(e.isQualified(), d.name() + " exports " + e.source() + " to everyone or not");
        assertFalse(e.source().contains(".internal"), d.name() + " exports " + e.source());
        exported.add(e.source());
      }
      Set<String> publicPackages =
          d.packages().stream()
              .filter(p -> !p.contains(".internal"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(publicPackages, exported, d.name() + " exports every public package");
    }
  }

  @Test
  void theModulesResolveOnAModulePathAndFindEveryBroker() throws Exception {
    List<Path> path = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry);
      // Only jars: the test classes of this module are not a module.
      if (Files.isRegularFile(p) && p.toString().endsWith(".jar")) {
        path.add(p);
      }
    }
    ModuleFinder finder = ModuleFinder.of(path.toArray(Path[]::new));
    Set<String> roots = Set.copyOf(MODULES.values());
    Configuration config =
        ModuleLayer.boot().configuration().resolveAndBind(finder, ModuleFinder.of(), roots);
    ModuleLayer layer =
        ModuleLayer.boot().defineModulesWithOneLoader(config, ClassLoader.getSystemClassLoader());

    Set<String> providers = new TreeSet<>();
    Class<?> spi = layer.findLoader("dev.eventbus").loadClass(BrokerProvider.class.getName());
    for (Object provider : ServiceLoader.load(layer, spi)) {
      providers.add(
          provider.getClass().getModule().getName() + "/" + provider.getClass().getName());
    }
    assertEquals(
        Set.of(
            "dev.eventbus/dev.eventbus.memory.MemoryBrokerProvider",
            "dev.eventbus.kafka/dev.eventbus.kafka.KafkaBrokerProvider",
            "dev.eventbus.rabbitmq/dev.eventbus.rabbitmq.RabbitMqBrokerProvider",
            "dev.eventbus.eventbridge/dev.eventbus.eventbridge.EventBridgeBrokerProvider"),
        providers);
  }

  private static ModuleDescriptor descriptor(String className) throws Exception {
    Path location = location(Class.forName(className));
    assertTrue(
        Files.isRegularFile(location),
        className + " comes from a jar (run the build to the package phase): " + location);
    Set<ModuleReference> found = ModuleFinder.of(location).findAll();
    assertEquals(1, found.size(), location.toString());
    return found.iterator().next().descriptor();
  }

  private static Path location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}
