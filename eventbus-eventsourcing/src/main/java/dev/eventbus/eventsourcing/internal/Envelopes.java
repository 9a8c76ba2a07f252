package dev.eventbus.eventsourcing.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventbus.Event;
import dev.eventbus.EventSerializer;
import dev.eventbus.eventsourcing.EventStoreException;
import dev.eventbus.eventsourcing.ExpectedVersion;
import dev.eventbus.spi.BrokerMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Encodes events for storage, and argument checks shared by the stores. */
public final class Envelopes {
  /** The longest stream id a store accepts. */
  public static final int MAX_STREAM_ID_LENGTH = 200;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP =
      new TypeReference<>() {};

  private Envelopes() {}

  /**
   * Completes and encodes the events of one append. An event without a partition key gets the
   * stream id as key. Duplicate ids within the append are rejected.
   *
   * @param serializer the serializer
   * @param streamId the stream
   * @param events payloads or events
   * @return the encoded messages, in order
   */
  public static List<BrokerMessage> encodeAll(
      EventSerializer serializer, String streamId, List<?> events) {
    checkStreamId(streamId);
    Objects.requireNonNull(events, "events");
    List<BrokerMessage> messages = new ArrayList<>(events.size());
    Set<String> ids = new HashSet<>();
    for (Object item : events) {
      Event<?> event = item instanceof Event<?> e ? e : Event.of(Objects.requireNonNull(item));
      if (event.partitionKey() == null) {
        event = event.toBuilder().partitionKey(streamId).build();
      }
      BrokerMessage message = serializer.encode(serializer.complete(event));
      if (!ids.add(message.id())) {
        throw new EventStoreException(
            "Append to stream '" + streamId + "' holds event id " + message.id() + " twice");
      }
      messages.add(message);
    }
    return messages;
  }

  /**
   * Rejects a null, blank or overlong stream id.
   *
   * @param streamId the id
   */
  public static void checkStreamId(String streamId) {
    if (streamId == null || streamId.isBlank() || streamId.length() > MAX_STREAM_ID_LENGTH) {
      throw new IllegalArgumentException(
          "streamId must be a non-blank string of at most "
              + MAX_STREAM_ID_LENGTH
              + " characters, got '"
              + streamId
              + "'");
    }
  }

  /**
   * Rejects an expected version that is neither a version nor {@code ExpectedVersion.ANY}.
   *
   * @param expectedVersion the argument
   */
  public static void checkExpectedVersion(long expectedVersion) {
    if (expectedVersion < ExpectedVersion.ANY) {
      throw new IllegalArgumentException(
          "expectedVersion must be a version >= 0 or ExpectedVersion.ANY, got " + expectedVersion);
    }
  }

  /**
   * Rejects a page size below 1.
   *
   * @param max the page size
   */
  public static void checkMax(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, got " + max);
    }
  }

  /**
   * Writes a string map as a JSON object.
   *
   * @param map the map
   * @return the JSON text
   */
  public static String toJson(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new EventStoreException("Cannot write attributes as JSON", e);
    }
  }

  /**
   * Reads a JSON object of strings.
   *
   * @param json the JSON text
   * @return the map, in document order
   */
  public static Map<String, String> fromJson(String json) {
    try {
      return JSON.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new EventStoreException("Stored attributes are not a JSON object of strings", e);
    }
  }
}
