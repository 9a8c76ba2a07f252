package dev.eventbus.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every broker provider on the class path hands out its configuration rows the same way, under its
 * own prefix: what a tool describing configuration (IDE metadata, the reference tables) reads.
 */
class ProviderSettingsTest {
  @Test
  void everyProviderHandsOutItsRowsUnderItsOwnPrefix() {
    Set<String> names = new TreeSet<>();
    for (BrokerProvider provider : ServiceLoader.load(BrokerProvider.class)) {
      names.add(provider.name());
      SettingTable table = provider.settings();
      assertEquals("eventbus." + provider.name() + ".", table.prefix(), provider.name());
      assertFalse(table.settings().isEmpty(), provider.name() + " has rows");
      for (Setting<?> row : table.settings()) {
        assertTrue(table.knows(row.name()), provider.name() + " knows " + row.name());
        assertFalse(row.doc().isBlank(), provider.name() + "." + row.name() + " is documented");
      }
    }
    assertEquals(Set.of("eventbridge", "kafka", "memory", "rabbitmq"), names);
  }
}
