package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpcastingTest {
  @EventType(value = "PriceChanged", version = 3)
  record PriceChanged(String sku, String price, String currency) {}

  private static BrokerMessage message(int version, String json) {
    return BrokerMessage.of(
        null,
        Map.of(
            "id", "e-" + version,
            "type", "PriceChanged",
            "specversion", "1.0",
            "source", "test",
            "eventversion", Integer.toString(version),
            "datacontenttype", "application/json"),
        Map.of(),
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static EventBus.Builder withUpcasters() {
    return EventBus.builder()
        .registerType(PriceChanged.class)
        .upcaster(
            "PriceChanged",
            1,
            node -> {
              ObjectNode o = (ObjectNode) node;
              o.put("price", String.valueOf(o.remove("cents").asLong() / 100.0));
              return o;
            })
        .upcaster("PriceChanged", 2, node -> ((ObjectNode) node).put("currency", "EUR"));
  }

  @Test
  void oldVersionsAreUpcastToTheCurrentOne() {
    try (EventBus bus = withUpcasters().build()) {
      Event<?> v1 = bus.serializer().decode(message(1, "{\"sku\":\"a\",\"cents\":1250}"));
      assertThat(v1.payload()).isEqualTo(new PriceChanged("a", "12.5", "EUR"));
      assertThat(v1.eventVersion()).isEqualTo(3);
      Event<?> v3 =
          bus.serializer()
              .decode(message(3, "{\"sku\":\"b\",\"price\":\"1\",\"currency\":\"USD\"}"));
      assertThat(v3.payload()).isEqualTo(new PriceChanged("b", "1", "USD"));
    }
  }

  @Test
  void aVersionWithoutPathIsUndecodableAndNamesTypeAndVersions() {
    try (EventBus bus =
        EventBus.builder()
            .registerType(PriceChanged.class)
            .upcaster("PriceChanged", 2, node -> node)
            .build()) {
      assertThatThrownBy(() -> bus.serializer().decode(message(1, "{\"sku\":\"a\"}")))
          .isInstanceOf(EventDecodingException.class)
          .hasMessageContaining("'PriceChanged' version 1")
          .hasMessageContaining("no upcaster from version 1 to 2");
      assertThatThrownBy(() -> bus.serializer().decode(message(4, "{}")))
          .isInstanceOf(EventDecodingException.class)
          .hasMessageContaining("version 4 is newer than the current version 3");
    }
  }

  @Test
  void missingAttributesWrongContentTypeAndUnknownTypesAreUndecodable() {
    try (EventBus bus = withUpcasters().build()) {
      BrokerMessage noType =
          BrokerMessage.of(null, Map.of("id", "x", "specversion", "1.0"), Map.of(), new byte[0]);
      assertThatThrownBy(() -> bus.serializer().decode(noType))
          .isInstanceOf(EventDecodingException.class)
          .hasMessageContaining("'type'");
      BrokerMessage xml =
          BrokerMessage.of(
              null,
              Map.of(
                  "id",
                  "x",
                  "type",
                  "PriceChanged",
                  "specversion",
                  "1.0",
                  "source",
                  "s",
                  "datacontenttype",
                  "application/xml"),
              Map.of(),
              "<a/>".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> bus.serializer().decode(xml))
          .isInstanceOf(EventDecodingException.class)
          .hasMessageContaining("application/xml");
      BrokerMessage unknown =
          BrokerMessage.of(
              null,
              Map.of("id", "x", "type", "Nope", "specversion", "1.0", "source", "s"),
              Map.of(),
              "{}".getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> bus.serializer().decode(unknown))
          .isInstanceOf(EventDecodingException.class)
          .hasMessageContaining("unknown type 'Nope'");
    }
  }

  @Test
  void oneClassPerTypeName() {
    record Other(String sku) {}
    assertThatThrownBy(
            () ->
                EventBus.builder()
                    .registerType(PriceChanged.class)
                    .registerType("PriceChanged", 1, Other.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("already registered");
  }
}
