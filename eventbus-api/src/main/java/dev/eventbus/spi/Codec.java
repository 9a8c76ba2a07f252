package dev.eventbus.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.UnaryOperator;

/**
 * Turns payloads into bytes and back. The default is JSON with Jackson. Thread-safe.
 *
 * <p>Failures throw {@code dev.eventbus.EventDecodingException} on decode (the event is
 * dead-lettered) and {@code dev.eventbus.EventBusException} on encode (the publish fails).
 */
public interface Codec {
  /**
   * The default codec: JSON with a Jackson {@code ObjectMapper} that writes {@code java.time} types
   * as ISO-8601 strings and ignores unknown properties (so that adding a field is compatible).
   *
   * @return a JSON codec
   */
  static Codec json() {
    return new dev.eventbus.internal.JsonCodec(dev.eventbus.internal.JsonCodec.defaultMapper());
  }

  /**
   * A JSON codec with an application's own mapper.
   *
   * @param mapper the mapper; must not be reconfigured after this call
   * @return a JSON codec
   */
  static Codec json(com.fasterxml.jackson.databind.ObjectMapper mapper) {
    return new dev.eventbus.internal.JsonCodec(mapper);
  }

  /**
   * The media type written to {@code datacontenttype}.
   *
   * @return for example {@code application/json}
   */
  String contentType();

  /**
   * Encodes a payload.
   *
   * @param payload the payload
   * @return the bytes
   */
  byte[] encode(Object payload);

  /**
   * Decodes bytes into a payload of a class.
   *
   * @param data the bytes
   * @param type the class
   * @param <T> the payload type
   * @return the payload
   */
  <T> T decode(byte[] data, Class<T> type);

  /**
   * Decodes bytes, transforming the document first: this is how upcasters run. Codecs that have no
   * document model do not support upcasting.
   *
   * @param data the bytes
   * @param type the class
   * @param upcast applied to the document before it is bound to {@code type}
   * @param <T> the payload type
   * @return the payload
   */
  default <T> T decode(byte[] data, Class<T> type, UnaryOperator<JsonNode> upcast) {
    throw new UnsupportedOperationException(
        "codec " + contentType() + " cannot upcast; register a codec with a document model");
  }
}
