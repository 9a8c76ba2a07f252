package dev.eventbus.eventbridge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.spi.BrokerMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class EventEnvelopeTest {
  private final EventEnvelope envelope = new EventEnvelope();

  private static BrokerMessage message(String body, String contentType) {
    Map<String, String> a = new LinkedHashMap<>();
    a.put("id", "e-1");
    a.put("source", "urn:shop");
    a.put("type", "shop.OrderPlaced");
    a.put("specversion", "1.0");
    a.put("time", "2025-03-04T05:06:07.123456789Z");
    a.put("datacontenttype", contentType);
    a.put("partitionkey", "customer-7");
    return BrokerMessage.of(
        "customer-7",
        a,
        Map.of("tenant", "acme", "eventbus-attempt", "2"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** What EventBridge would put in the SQS message for an entry. */
  private String delivered(PutEventsRequestEntry e) {
    return "{\"version\":\"0\",\"id\":\"eb-1\",\"detail-type\":\""
        + e.detailType()
        + "\",\"source\":\""
        + e.source()
        + "\",\"account\":\"1\",\"time\":\"2025-03-04T05:06:07Z\",\"region\":\"eu-west-1\","
        + "\"resources\":[],\"detail\":"
        + e.detail()
        + "}";
  }

  @Test
  void attributesKeyHeadersAndTheExactPayloadSurviveTheRoundTrip() {
    String body = "{ \"amount\" : 1.50e2, \"name\":\"caf\\u00e9\" }";
    BrokerMessage sent = message(body, "application/json");

    PutEventsRequestEntry entry = envelope.entry("bus", "orders", sent);
    BrokerMessage back = envelope.read(delivered(entry), Map.of());

    assertThat(entry.detailType()).isEqualTo("shop.OrderPlaced");
    assertThat(entry.time()).isEqualTo(Instant.parse("2025-03-04T05:06:07Z"));
    assertThat(entry.detail()).contains("\"data\":" + body);
    assertThat(back.attributes()).isEqualTo(sent.attributes());
    assertThat(back.headers()).isEqualTo(sent.headers());
    assertThat(back.key()).isEqualTo("customer-7");
    assertThat(back.body()).isEqualTo(sent.body());
  }

  @Test
  void aPayloadThatIsNotJsonTravelsAsBase64Unchanged() {
    BrokerMessage sent = message("\u0000not json{", "application/json");

    PutEventsRequestEntry entry = envelope.entry("bus", "orders", sent);

    assertThat(entry.detail()).contains("\"data_base64\":");
    assertThat(envelope.read(delivered(entry), Map.of()).body()).isEqualTo(sent.body());
  }

  @Test
  void anEventOfAnotherProducerGetsItsAttributesFromTheEnvelope() {
    String body =
        "{\"version\":\"0\",\"id\":\"eb-9\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\","
            + "\"account\":\"1\",\"time\":\"2025-01-02T03:04:05Z\",\"region\":\"eu-west-1\","
            + "\"resources\":[\"arn:aws:s3:::b\"],\"detail\":{\"bucket\": {\"name\":\"b\"}}}";

    BrokerMessage m = envelope.read(body, Map.of());

    assertThat(m.attributes())
        .containsEntry("id", "eb-9")
        .containsEntry("type", "Object Created")
        .containsEntry("source", "aws.s3")
        .containsEntry("specversion", "1.0")
        .containsEntry("datacontenttype", "application/json")
        .containsEntry("time", "2025-01-02T03:04:05Z");
    assertThat(new String(m.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"bucket\": {\"name\":\"b\"}}");
  }

  @Test
  void aCloudEventInTheJsonFormatComesBackWithItsAttributesAndKey() {
    BrokerMessage m =
        envelope.read(
            "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"/elsewhere\","
                + "\"type\":\"shop.OrderPlaced\",\"partitionkey\":\"customer-7\","
                + "\"data\":{\"orderId\":\"o-1\"}}",
            Map.of("x", "y"));

    assertThat(m.attributes())
        .containsEntry("id", "s-1")
        .containsEntry("type", "shop.OrderPlaced")
        .containsEntry("source", "/elsewhere");
    assertThat(m.key()).isEqualTo("customer-7");
    assertThat(m.headers()).containsEntry("x", "y");
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\"}");
  }

  @Test
  void aJsonObjectThatIsNeitherAnEventNorACloudEventComesBackRaw() {
    BrokerMessage m = envelope.read("{\"orderId\":\"o-1\"}", Map.of());

    assertThat(m.attributes()).isEmpty();
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("{\"orderId\":\"o-1\"}");
  }

  @Test
  void aBodyThatIsNotAnEventComesBackRawWithoutAttributes() {
    BrokerMessage m = envelope.read("[1,2,3]", Map.of("x", "y"));

    assertThat(m.attributes()).isEmpty();
    assertThat(m.headers()).containsEntry("x", "y");
    assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("[1,2,3]");
  }

  @Test
  void entrySizeCountsAsEventBridgeDoes() {
    PutEventsRequestEntry entry =
        PutEventsRequestEntry.builder()
            .source("src")
            .detailType("tÿpe")
            .detail("{\"€\":1}")
            .resources("r1", "r22")
            .time(Instant.EPOCH)
            .build();

    // 14 for Time + 3 + 5 ("ÿ" is 2 bytes) + 9 ("€" is 3 bytes) + 2 + 3
    assertThat(EventEnvelope.entrySize(entry)).isEqualTo(14 + 3 + 5 + 9 + 2 + 3);
    assertThat(EventEnvelope.entrySize(entry.toBuilder().time(null).build())).isEqualTo(22);
  }
}
