package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BrokerMessageTest {

  @Test
  void builtAttributesBehaveAsAnUnmodifiableMap() {
    BrokerMessage m =
        BrokerMessage.builder(new byte[0])
            .attribute("id", "e-1")
            .attribute("type", "orders.placed")
            .attribute("type", "orders.shipped")
            .attribute(new String("subject"), "o-1")
            .build();
    Map<String, String> expected = new HashMap<>();
    expected.put("id", "e-1");
    expected.put("type", "orders.shipped");
    expected.put("subject", "o-1");

    assertThat(m.attributes()).isEqualTo(expected).hasSize(3);
    assertThat(m.attributes().get("subject")).isEqualTo("o-1");
    assertThat(m.attributes().getOrDefault("time", "none")).isEqualTo("none");
    assertThat(m.attributes().containsKey("time")).isFalse();
    assertThat(m.attributes().hashCode()).isEqualTo(expected.hashCode());
    assertThatThrownBy(() -> m.attributes().put("time", "now"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.attributes().entrySet().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void manyAttributesGrowTheMap() {
    BrokerMessage.Builder b = BrokerMessage.builder(new byte[0]);
    for (int i = 0; i < 40; i++) {
      b.attribute("x" + i, Integer.toString(i));
    }
    BrokerMessage m = b.build();
    assertThat(m.attributes()).hasSize(40).containsEntry("x39", "39").containsEntry("x0", "0");
  }

  private static final byte[] BODY = {1, 2, 3};

  @Test
  void builderKeepsWhatItWasGivenAndSkipsNullValues() {
    BrokerMessage m =
        BrokerMessage.builder(BODY)
            .key("k")
            .attribute("id", "e-1")
            .attribute("subject", null)
            .header("eventbus-attempt", "2")
            .header("absent", null)
            .build();

    assertThat(m.key()).isEqualTo("k");
    assertThat(m.id()).isEqualTo("e-1");
    assertThat(m.attributes()).containsExactly(Map.entry("id", "e-1"));
    assertThat(m.headers()).containsExactly(Map.entry("eventbus-attempt", "2"));
    assertThat(m.body()).isSameAs(BODY);
  }

  @Test
  void builtMessageIsImmutableAndTheBuilderSingleUse() {
    BrokerMessage.Builder b = BrokerMessage.builder(BODY).attribute("id", "e-1");
    BrokerMessage m = b.build();

    assertThatThrownBy(() -> m.attributes().put("id", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> m.headers().put("h", "v"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> b.attribute("type", "t")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    assertThat(m.attributes()).containsOnlyKeys("id");
  }

  @Test
  void ofCopiesTheMapsItIsGiven() {
    Map<String, String> attributes = new HashMap<>(Map.of("id", "e-1"));
    BrokerMessage m = BrokerMessage.of(null, attributes, Map.of(), BODY);
    attributes.put("id", "changed");

    assertThat(m.id()).isEqualTo("e-1");
  }

  @Test
  void approximateSizeCountsUtf8BytesOfEveryName() {
    String[] samples = {
      "", "ascii", "é", "€uro", "😀 emoji", "lone \uD800 high", "lone \uDC00 low", "end \uD83D"
    };
    for (String s : samples) {
      BrokerMessage m = BrokerMessage.builder(BODY).key(s).attribute("id", s).header(s, s).build();
      long expected = BODY.length + 4L * s.getBytes(StandardCharsets.UTF_8).length + "id".length();
      assertThat(m.approximateSize()).as("size with %s", s).isEqualTo(expected);
    }
  }

  @Test
  void fitsWithinAgreesWithTheSizeAtTheLimit() {
    BrokerMessage m = BrokerMessage.builder(BODY).key("ключ").attribute("id", "€1").build();
    long size = m.approximateSize();
    BrokerMessage fresh = BrokerMessage.builder(BODY).key("ключ").attribute("id", "€1").build();

    assertThat(fresh.fitsWithin(size)).isTrue();
    assertThat(fresh.fitsWithin(size - 1)).isFalse();
    assertThat(m.fitsWithin(size - 1)).isFalse();
    assertThat(m.fitsWithin(size * 3)).isTrue();
  }
}
