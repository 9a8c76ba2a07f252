package dev.eventbus.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Spring's configuration metadata ({@code META-INF/spring-configuration-metadata.json}) is
 * generated from the key tables, as the docs' tables are: the bus's and the per-group keys (read
 * from the core's tables by name: they are the core's own, not an API), the starter's, and those of
 * every broker provider on this build's class path (memory, Kafka, RabbitMQ, EventBridge). The file
 * is kept in the sources; this test fails when it differs from the rows. {@code
 * -Deventbus.metadata.write=true} writes it again.
 */
class ConfigurationMetadataTest {
  private static final Path MODULE = Path.of("..", "eventbus-spring-boot-autoconfigure");
  private static final Path FILE =
      MODULE.resolve("src/main/resources/META-INF/spring-configuration-metadata.json");
  private static final Map<String, String> JAVA_TYPES =
      Map.of(
          "int", "java.lang.Integer",
          "long", "java.lang.Long",
          "boolean", "java.lang.Boolean",
          "double", "java.lang.Double",
          "duration", "java.time.Duration",
          "URI", "java.net.URI",
          "string", "java.lang.String");

  @Test
  void theMetadataFileIsTheOneGeneratedFromTheKeyTables() throws Exception {
    String generated = generate();
    if (Boolean.getBoolean("eventbus.metadata.write")) {
      Files.writeString(FILE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
        .as("%s is stale: run this test with -Deventbus.metadata.write=true", FILE)
        .isEqualTo(generated);
  }

  @Test
  void theStarterKeysInTheDocsAreTheGeneratedOnes() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "spring-boot.md"));

    assertThat(doc).contains(StarterSettings.TABLE.describe().strip());
  }

  @Test
  void everyKeyOfEveryTableIsInTheMetadata() throws Exception {
    String generated = generate();
    for (SettingTable table : tables().values()) {
      for (Setting<?> s : table.settings()) {
        assertThat(generated).contains("\"name\" : \"" + table.qualified(s.name()) + "\"");
      }
    }
  }

  static Map<String, SettingTable> tables() throws ReflectiveOperationException {
    Map<String, SettingTable> tables = new LinkedHashMap<>();
    tables.put("eventbus", coreTable("dev.eventbus.internal.BusSettings"));
    tables.put("eventbus.groups", coreTable("dev.eventbus.internal.GroupSettings"));
    tables.put("eventbus (Spring Boot)", StarterSettings.TABLE);
    List<BrokerProvider> providers = new ArrayList<>();
    ServiceLoader.load(BrokerProvider.class).forEach(providers::add);
    providers.sort(Comparator.comparing(BrokerProvider::name));
    for (BrokerProvider p : providers) {
      tables.put("eventbus." + p.name(), p.settings());
    }
    return tables;
  }

  private static SettingTable coreTable(String className) throws ReflectiveOperationException {
    Field table = Class.forName(className).getDeclaredField("TABLE");
    table.setAccessible(true);
    return (SettingTable) table.get(null);
  }

  static String generate() throws Exception {
    List<Map<String, Object>> groups = new ArrayList<>();
    List<Map<String, Object>> properties = new ArrayList<>();
    List<Map<String, Object>> hints = new ArrayList<>();
    for (Map.Entry<String, SettingTable> t : tables().entrySet()) {
      Map<String, Object> group = new LinkedHashMap<>();
      group.put("name", t.getKey().replace(" (Spring Boot)", ""));
      group.put("description", "eventbus keys: " + t.getKey());
      if (groups.stream().noneMatch(g -> g.get("name").equals(group.get("name")))) {
        groups.add(group);
      }
      for (Setting<?> s : t.getValue().settings()) {
        properties.add(property(t.getValue(), s));
        List<String> values = enumValues(s);
        if (!values.isEmpty()) {
          Map<String, Object> hint = new LinkedHashMap<>();
          hint.put("name", t.getValue().qualified(s.name()));
          hint.put("values", values.stream().map(v -> Map.of("value", v)).toList()); // one entry
          hints.add(hint);
        }
      }
    }
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("groups", groups);
    metadata.put("properties", properties);
    metadata.put("hints", hints);
    return new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsString(metadata)
        + "\n";
  }

  private static Map<String, Object> property(SettingTable table, Setting<?> s) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("name", table.qualified(s.name()));
    p.put("type", JAVA_TYPES.getOrDefault(s.type().name(), "java.lang.String"));
    String allowed = s.allowedText();
    String placeholder =
        s.isPattern()
            ? " Replace "
                + s.name().substring(s.name().indexOf('<'), s.name().indexOf('>') + 1)
                + " with a name."
            : "";
    p.put(
        "description",
        s.doc() + (allowed.isEmpty() ? "" : " Allowed: " + allowed + ".") + placeholder);
    if (s.defaultValue() != null && !s.secret()) {
      p.put("defaultValue", defaultValue(s));
    }
    if (s.deprecation() != null) {
      Map<String, Object> deprecation = new LinkedHashMap<>(); // in a stable order, unlike Map.of
      deprecation.put("level", "warning");
      deprecation.put("reason", s.deprecation());
      p.put("deprecation", deprecation);
    }
    return p;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object defaultValue(Setting s) {
    Object value = s.defaultValue();
    if (value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return s.type().format(value);
  }

  /** An enum row's constants, from its type's name ({@code EARLIEST or LATEST}). */
  private static List<String> enumValues(Setting<?> s) {
    String name = s.type().name();
    if (!name.contains(" or ")) {
      return List.of();
    }
    return Arrays.asList(name.split(" or "));
  }
}
