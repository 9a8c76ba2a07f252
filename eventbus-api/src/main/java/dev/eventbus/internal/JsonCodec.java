package dev.eventbus.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.eventbus.EventBusException;
import dev.eventbus.EventDecodingException;
import dev.eventbus.spi.Codec;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** JSON with Jackson; see {@link Codec#json()}. */
public final class JsonCodec implements Codec {
  private final ObjectMapper mapper;
  private final ConcurrentHashMap<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

  /**
   * Creates the codec.
   *
   * @param mapper the mapper
   */
  public JsonCodec(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /**
   * The default mapper: java.time as ISO strings, unknown properties ignored.
   *
   * @return a new mapper
   */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public String contentType() {
    return "application/json";
  }

  @Override
  public byte[] encode(Object payload) {
    try {
      return mapper.writeValueAsBytes(payload);
    } catch (JsonProcessingException e) {
      throw new EventBusException(
          "Cannot encode payload of " + payload.getClass().getName() + " as JSON", e);
    }
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type) {
    try {
      ObjectReader reader = readers.get(type);
      if (reader == null) {
        reader = readers.computeIfAbsent(type, mapper::readerFor);
      }
      T value = reader.readValue(data);
      if (value == null) {
        throw new EventDecodingException("JSON payload for " + type.getName() + " is null");
      }
      return value;
    } catch (IOException e) {
      throw new EventDecodingException(
          "Malformed JSON payload for " + type.getName() + ": " + firstLine(e), e);
    }
  }

  @Override
  public <T> T decode(byte[] data, Class<T> type, UnaryOperator<JsonNode> upcast) {
    JsonNode tree;
    try {
      tree = mapper.readTree(data);
    } catch (IOException e) {
      throw new EventDecodingException(
          "Malformed JSON payload for " + type.getName() + ": " + firstLine(e), e);
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw new EventDecodingException("Empty JSON payload for " + type.getName());
    }
    JsonNode upcasted = upcast.apply(tree);
    try {
      return mapper.treeToValue(upcasted, type);
    } catch (IOException e) {
      throw new EventDecodingException(
          "Upcasted JSON does not bind to " + type.getName() + ": " + firstLine(e), e);
    }
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
