package dev.eventbus.outbox.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.EventBusException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The attributes and headers of a row, stored as JSON objects of strings. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP =
      new TypeReference<>() {};

  private Json() {}

  static String write(Map<String, String> map) {
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new EventBusException("Cannot write an outbox row's attributes as JSON", e);
    }
  }

  static Map<String, String> read(String json) {
    try {
      return MAPPER.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new EventBusException("An outbox row's attributes are not a JSON object of strings", e);
    }
  }
}
