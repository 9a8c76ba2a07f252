package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KnownAttributeTest {
  @Test
  void aRepeatingValueEncodesToTheSameBytesOnceCached() {
    KnownAttribute type = KnownAttribute.named(CloudEventAttributes.TYPE);
    String value = "order.placed";

    byte[] first = type.encode(value);
    byte[] again = type.encode(new String(value)); // equal, not the same String

    assertThat(first).isEqualTo(value.getBytes(StandardCharsets.UTF_8));
    assertThat(again).isSameAs(first);
    assertThat(type.encode("order.paid")).isEqualTo("order.paid".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aValueThatDoesNotRepeatIsEncodedAfreshInUtf8() {
    KnownAttribute id = KnownAttribute.named(CloudEventAttributes.ID);

    byte[] first = id.encode("é-1");

    assertThat(first).isEqualTo("é-1".getBytes(StandardCharsets.UTF_8));
    assertThat(id.encode("é-1")).isNotSameAs(first).isEqualTo(first);
  }
}
