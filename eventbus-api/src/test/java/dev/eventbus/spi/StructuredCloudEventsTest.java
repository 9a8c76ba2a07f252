package dev.eventbus.spi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CloudEvents JSON format, both ways, as every broker's structured content mode uses it. */
class StructuredCloudEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Charset UTF8 = StandardCharsets.UTF_8;

  private static Map<String, String> attributes(Map<String, String> extra, String contentType) {
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("id", "0190a9b8-2f1e-7000-8000-000000000001");
    attributes.put("source", "/orders");
    attributes.put("type", "com.example.OrderPlaced");
    attributes.put("specversion", "1.0");
    attributes.put("time", "2026-12-02T03:04:05.123456789Z");
    attributes.put("datacontenttype", contentType);
    attributes.putAll(extra);
    return attributes;
  }

  private static BrokerMessage read(byte[] document) {
    return StructuredCloudEvents.read(
        document, () -> BrokerMessage.builder(new byte[0]).header("plain", "kept"));
  }

  private static BrokerMessage read(String document) {
    return read(document.getBytes(UTF8));
  }

  @Test
  void aJsonPayloadIsEmbeddedAsDataAndTheDocumentIsValidJson() throws Exception {
    byte[] body = "{\"orderId\":\"o-1\",\"lines\":[{\"sku\":\"a\",\"n\":2}]}".getBytes(UTF8);
    Map<String, String> attributes = attributes(Map.of(), "application/json");

    byte[] document = StructuredCloudEvents.write(attributes, body);

    JsonNode doc = JSON.readTree(document);
    assertThat(doc.get("type").asText()).isEqualTo("com.example.OrderPlaced");
    assertThat(doc.get("data").get("lines").get(0).get("n").asInt()).isEqualTo(2);
    BrokerMessage back = read(document);
    assertThat(back.attributes()).isEqualTo(attributes);
    assertThat(back.headers()).containsExactly(Map.entry("plain", "kept"));
    assertThat(JSON.readTree(back.body())).isEqualTo(JSON.readTree(body));
  }

  @Test
  void escapesAndCharactersBeyondAsciiRoundTrip() throws Exception {
    String awkward = "quote \" backslash \\ tab \t newline \n ctrl \u0001 é 中 \uD83D\uDE00";
    Map<String, String> attributes =
        attributes(Map.of("subject", awkward, "tenant", "ünïcode"), "application/json");

    byte[] document = StructuredCloudEvents.write(attributes, "[1]".getBytes(UTF8));

    assertThat(JSON.readTree(document).get("subject").asText()).isEqualTo(awkward);
    BrokerMessage back = read(document);
    assertThat(back.attributes()).isEqualTo(attributes);
    assertThat(new String(back.body(), UTF8)).isEqualTo("[1]");
  }

  @Test
  void repeatedWritesOfTheSameAttributesGiveTheSameDocument() {
    Map<String, String> attributes = attributes(Map.of(), "application/json");
    byte[] first = StructuredCloudEvents.write(attributes, "{}".getBytes(UTF8));
    byte[] again = StructuredCloudEvents.write(attributes, "{}".getBytes(UTF8));
    Map<String, String> otherType = new LinkedHashMap<>(attributes);
    otherType.put("type", "com.example.OrderShipped");

    assertThat(again).isEqualTo(first);
    assertThat(read(StructuredCloudEvents.write(otherType, "{}".getBytes(UTF8))).attributes())
        .containsEntry("type", "com.example.OrderShipped");
    assertThat(read(first).attributes()).containsEntry("type", "com.example.OrderPlaced");
  }

  @Test
  void thePartitionKeyAttributeIsTheKeyUnlessTheBrokerGaveOne() {
    byte[] document =
        StructuredCloudEvents.write(
            attributes(Map.of("partitionkey", "customer-7"), "application/json"),
            "{}".getBytes(UTF8));

    assertThat(read(document).key()).isEqualTo("customer-7");
    assertThat(
            StructuredCloudEvents.read(
                    document, () -> BrokerMessage.builder(new byte[0]).key("record-key"))
                .key())
        .isEqualTo("record-key");
  }

  @Test
  void anyOtherPayloadTravelsAsDataBase64() throws Exception {
    byte[] body = {0, 1, 2, (byte) 0xff, '"', '{'};

    byte[] document =
        StructuredCloudEvents.write(attributes(Map.of(), "application/octet-stream"), body);

    assertThat(JSON.readTree(document).get("data_base64").asText())
        .isEqualTo(Base64.getEncoder().encodeToString(body));
    assertThat(read(document).body()).isEqualTo(body);
  }

  @Test
  void anEmptyPayloadHasNoDataMember() throws Exception {
    Map<String, String> attributes = attributes(Map.of(), "application/json");

    byte[] document = StructuredCloudEvents.write(attributes, new byte[0]);

    assertThat(JSON.readTree(document).has("data")).isFalse();
    BrokerMessage back = read(document);
    assertThat(back.body()).isEmpty();
    assertThat(back.attributes()).isEqualTo(attributes);
  }

  @Test
  void documentsOfOtherWritersAreReadWhateverTheirLayout() {
    // data first, whitespace, an escaped attribute, a number attribute, a JSON string as data
    BrokerMessage a =
        read(
            "{ \"data\" : {\"a\" : \"}\"} ,\n \"specversion\":\"1.0\", \"id\":\"x\\\"1\","
                + " \"type\":\"T\", \"source\":\"/s\", \"sequence\": 42 }");
    assertThat(a.attributes())
        .containsEntry("id", "x\"1")
        .containsEntry("type", "T")
        .containsEntry("sequence", "42");
    assertThat(new String(a.body(), UTF8)).isEqualTo("{\"a\" : \"}\"}");

    BrokerMessage text =
        read(
            "{\"specversion\":\"1.0\",\"id\":\"2\",\"type\":\"T\",\"source\":\"/s\","
                + "\"datacontenttype\":\"text/plain\",\"data\":\"hello \\u00e9\"}");
    assertThat(new String(text.body(), UTF8)).isEqualTo("hello é");

    BrokerMessage jsonString =
        read("{\"specversion\":\"1.0\",\"id\":\"3\",\"type\":\"T\",\"data\":\"hi\"}");
    assertThat(new String(jsonString.body(), UTF8)).isEqualTo("\"hi\"");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[1,2]", "{\"id\":\"1\"", "{\"id\":\"1\"} trailing", ""})
  void aDocumentThatIsNotTheFormatItClaimsKeepsItsBytesAndNoAttributes(String value) {
    BrokerMessage back = read(value);

    assertThat(back.attributes()).isEmpty();
    assertThat(back.body()).isEqualTo(value.getBytes(UTF8));
    assertThat(back.headers()).containsEntry("plain", "kept");
  }

  @Test
  void theMediaTypeIsMatchedWithoutCaseAndWithParameters() {
    for (String yes :
        new String[] {
          "application/cloudevents+json",
          "Application/CloudEvents+JSON; charset=utf-8",
          StructuredCloudEvents.CONTENT_TYPE
        }) {
      assertThat(StructuredCloudEvents.isStructured(yes)).as(yes).isTrue();
      assertThat(StructuredCloudEvents.isStructured(yes.getBytes(UTF8))).as(yes).isTrue();
    }
    for (String no :
        new String[] {"application/cloudevents+jsonx", "application/cloudevents-batch+json", ""}) {
      assertThat(StructuredCloudEvents.isStructured(no)).as(no).isFalse();
      assertThat(StructuredCloudEvents.isStructured(no.getBytes(UTF8))).as(no).isFalse();
    }
    assertThat(StructuredCloudEvents.isStructured((String) null)).isFalse();
    assertThat(StructuredCloudEvents.isStructured((byte[]) null)).isFalse();
  }
}
