package dev.eventbus.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One of {@link CloudEventAttributes#ALL}, for adapters that read attribute names and values from
 * bytes (headers, JSON documents) for every message. Its name comes back as a constant (its hash
 * cached for the message's map). Where values repeat from event to event ({@link
 * CloudEventAttributes#REPEATING}), the last few decodings, encodings (and JSON members) are kept,
 * in slots chosen by hash; a slot is an immutable pair, read and replaced without locks by any
 * thread (a lost update only costs a later miss). Thread-safe.
 */
public final class KnownAttribute {
  private static final int SLOTS = 8; // a power of two

  private static final Map<String, KnownAttribute> BY_NAME =
      CloudEventAttributes.ALL.stream()
          .map(a -> new KnownAttribute(a, CloudEventAttributes.REPEATING.contains(a)))
          .collect(Collectors.toUnmodifiableMap(k -> k.name, Function.identity()));

  // Grouped by the length of the name, [length][i]: found by length and comparison, since hashing
  // a freshly cut name cost more.
  private static final KnownAttribute[][] BY_LENGTH = byLength();

  private final String name;
  private final byte[] nameBytes;
  private final Slot[] members;
  private final Slot[] decoded;
  private final Slot[] encoded;

  private KnownAttribute(String name, boolean repeats) {
    this.name = name;
    this.nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    this.members = repeats ? new Slot[SLOTS] : null;
    this.decoded = repeats ? new Slot[SLOTS] : null;
    this.encoded = repeats ? new Slot[SLOTS] : null;
  }

  /**
   * The attribute of this name.
   *
   * @param name an attribute name
   * @return the attribute, or null for a name that is not one of {@link CloudEventAttributes#ALL}
   */
  public static KnownAttribute named(String name) {
    return BY_NAME.get(name);
  }

  /**
   * The attribute whose name is {@code b[from, to)} in UTF-8.
   *
   * @param b bytes holding the name
   * @param from its first byte
   * @param to the end of the name, exclusive
   * @return the attribute, or null for a name that is not one of {@link CloudEventAttributes#ALL}
   */
  public static KnownAttribute named(byte[] b, int from, int to) {
    int length = to - from;
    if (length < BY_LENGTH.length) {
      for (KnownAttribute known : BY_LENGTH[length]) {
        if (Arrays.equals(known.nameBytes, 0, known.nameBytes.length, b, from, to)) {
          return known;
        }
      }
    }
    return null;
  }

  /**
   * The attribute's name, a constant.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /** The member {@code "name":"value"}, JSON-escaped UTF-8. */
  byte[] member(String value) {
    if (members == null) {
      return JsonText.member(name, value);
    }
    int slot = value.hashCode() & (SLOTS - 1);
    Slot s = members[slot];
    if (s != null && (s.value == value || s.value.equals(value))) {
      return s.bytes;
    }
    byte[] b = JsonText.member(name, value);
    members[slot] = new Slot(value, b);
    return b;
  }

  /**
   * A value of this attribute from its UTF-8 bytes; for a repeating attribute, the same String as
   * last time when the bytes are the same.
   *
   * @param b bytes holding the value
   * @param from its first byte
   * @param to the end of the value, exclusive
   * @return the text
   */
  public String decode(byte[] b, int from, int to) {
    int length = to - from;
    if (decoded == null || length == 0) {
      return new String(b, from, length, StandardCharsets.UTF_8);
    }
    int slot = (length * 31 + b[to - 1]) & (SLOTS - 1);
    Slot s = decoded[slot];
    if (s != null && Arrays.equals(s.bytes, 0, s.bytes.length, b, from, to)) {
      return s.value;
    }
    String value = new String(b, from, length, StandardCharsets.UTF_8);
    decoded[slot] = new Slot(value, Arrays.copyOfRange(b, from, to));
    return value;
  }

  /**
   * A value of this attribute in UTF-8, for a header; for a repeating attribute, the same array as
   * last time when the value is the same, so callers must not change it (Kafka's producer never
   * writes header values).
   *
   * @param value the value
   * @return its UTF-8 bytes
   */
  public byte[] encode(String value) {
    if (encoded == null) {
      return value.getBytes(StandardCharsets.UTF_8);
    }
    int slot = value.hashCode() & (SLOTS - 1);
    Slot s = encoded[slot];
    if (s != null && (s.value == value || s.value.equals(value))) {
      return s.bytes;
    }
    byte[] b = value.getBytes(StandardCharsets.UTF_8);
    encoded[slot] = new Slot(value, b);
    return b;
  }

  private static KnownAttribute[][] byLength() {
    int max = BY_NAME.keySet().stream().mapToInt(String::length).max().orElse(0);
    KnownAttribute[][] table = new KnownAttribute[max + 1][0];
    for (KnownAttribute k : BY_NAME.values()) {
      int length = k.name.length();
      KnownAttribute[] same = Arrays.copyOf(table[length], table[length].length + 1);
      same[same.length - 1] = k;
      table[length] = same;
    }
    return table;
  }

  private record Slot(String value, byte[] bytes) {}
}
