package dev.eventbus.spi;

/**
 * JSON strings written by hand into arrays of their exact size, as UTF-8. A lone surrogate is
 * written {@code ?}, as {@link String#getBytes(java.nio.charset.Charset)} writes it. Stateless.
 */
final class JsonText {
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private JsonText() {}

  /** The member {@code "name":"value"}, JSON-escaped UTF-8. */
  static byte[] member(String name, String value) {
    byte[] out = new byte[length(name) + length(value) + 5];
    int pos = string(name, out, 0);
    out[pos++] = ':';
    string(value, out, pos);
    return out;
  }

  /** The JSON string {@code "s"}. */
  static byte[] quoted(String s) {
    byte[] out = new byte[length(s) + 2];
    string(s, out, 0);
    return out;
  }

  /** Writes {@code s} as a JSON string at {@code pos}; returns the position after it. */
  static int string(String s, byte[] out, int pos) {
    out[pos++] = '"';
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        out[pos++] = (byte) c;
      } else if (c < 0x80) {
        pos = escape(c, out, pos);
      } else if (c < 0x800) {
        out[pos++] = (byte) (0xC0 | (c >> 6));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[pos++] = (byte) (0xF0 | (cp >> 18));
        out[pos++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[pos++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[pos++] = '?';
      } else {
        out[pos++] = (byte) (0xE0 | (c >> 12));
        out[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[pos++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    out[pos++] = '"';
    return pos;
  }

  private static int escape(char c, byte[] out, int pos) {
    out[pos++] = '\\';
    switch (c) {
      case '"' -> out[pos++] = '"';
      case '\\' -> out[pos++] = '\\';
      case '\n' -> out[pos++] = 'n';
      case '\r' -> out[pos++] = 'r';
      case '\t' -> out[pos++] = 't';
      default -> {
        out[pos++] = 'u';
        out[pos++] = '0';
        out[pos++] = '0';
        out[pos++] = HEX[c >> 4];
        out[pos++] = HEX[c & 0xF];
      }
    }
    return pos;
  }

  /** The length of a string as {@link #string} writes it, without its quotes. */
  static int length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
        n++;
      } else if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        n += 2;
      } else if (c < 0x20) {
        n += 6;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }
}
