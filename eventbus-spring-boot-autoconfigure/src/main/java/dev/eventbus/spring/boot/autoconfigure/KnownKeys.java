package dev.eventbus.spring.boot.autoconfigure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every {@code eventbus.*} key without a placeholder that this class path knows: those of the
 * configuration metadata (generated from the bus's, the groups' and the adapters' rows) and of the
 * broker providers found by {@link ServiceLoader}. {@link EventBusProperties} asks the {@code
 * Environment} for each, so that a value only a source that cannot list its names holds (an
 * environment variable such as {@code EVENTBUS_KAFKA_BOOTSTRAP_SERVERS}) is found too.
 */
final class KnownKeys {
  private static final String METADATA = "META-INF/spring-configuration-metadata.json";
  private static volatile Set<String> names;

  private KnownKeys() {}

  /** {@return the keys, read once per class loader of this class} */
  static Set<String> names() {
    Set<String> known = names;
    if (known == null) {
      known = read();
      names = known;
    }
    return known;
  }

  private static Set<String> read() {
    Set<String> known = new TreeSet<>();
    ClassLoader loader = KnownKeys.class.getClassLoader();
    try {
      Enumeration<URL> files = loader.getResources(METADATA);
      ObjectMapper json = new ObjectMapper();
      while (files.hasMoreElements()) {
        try (InputStream in = files.nextElement().openStream()) {
          for (JsonNode p : json.readTree(in).path("properties")) {
            add(known, p.path("name").asText());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + METADATA, e);
    }
    for (BrokerProvider provider : ServiceLoader.load(BrokerProvider.class, loader)) {
      addAll(known, provider.settings());
    }
    addAll(known, StarterSettings.TABLE);
    return Set.copyOf(known);
  }

  private static void addAll(Set<String> known, SettingTable table) {
    for (Setting<?> s : table.settings()) {
      add(known, table.qualified(s.name()));
    }
  }

  private static void add(Set<String> known, String name) {
    if (name.startsWith("eventbus.") && name.indexOf('<') < 0) {
      known.add(name);
    }
  }
}
