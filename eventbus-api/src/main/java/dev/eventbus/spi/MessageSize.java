package dev.eventbus.spi;

import java.util.Map;

/**
 * How {@link BrokerMessage} counts its size: the body, plus the UTF-8 length of the key and of
 * every attribute and header name and value, counted without encoding them. Stateless. Adapters
 * whose broker counts sizes its own way use {@link #utf8Length(String)} for the strings it counts.
 */
public final class MessageSize {
  private MessageSize() {}

  /** The number of chars of the key and every name and value: a bound for the cheap check. */
  static long chars(String key, Map<String, String> attributes, Map<String, String> headers) {
    return (key == null ? 0 : key.length()) + chars(attributes) + chars(headers);
  }

  private static long chars(Map<String, String> map) {
    long[] chars = {0};
    // forEach, not entrySet(): an unmodifiable map's entry iterator wraps every entry
    map.forEach((name, value) -> chars[0] += name.length() + value.length());
    return chars[0];
  }

  /** The approximate wire size. */
  static long bytes(
      int bodyLength, String key, Map<String, String> attributes, Map<String, String> headers) {
    long size = bodyLength + utf8Length(key);
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      size += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      size += utf8Length(e.getKey()) + utf8Length(e.getValue());
    }
    return size;
  }

  /**
   * {@return the UTF-8 length of a string, counted without encoding it} A lone surrogate counts as
   * one byte, the {@code '?'} the JDK's encoder writes for it.
   *
   * @param s the string, or null (length 0)
   */
  public static long utf8Length(String s) {
    if (s == null) {
      return 0;
    }
    int n = s.length();
    long bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1; // two bytes
      } else if (!Character.isSurrogate(c)) {
        bytes += 2; // three bytes
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2; // four bytes for the pair's two chars
        i++;
      } // a lone surrogate is encoded as '?', one byte
    }
    return bytes;
  }
}
