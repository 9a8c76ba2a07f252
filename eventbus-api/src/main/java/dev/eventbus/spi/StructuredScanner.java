package dev.eventbus.spi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the documents {@link StructuredCloudEvents} writes, and any like them: members whose values
 * are strings without escapes, and a {@code data} object or array. It gives up on anything else
 * (escapes, numbers, a string or base64 payload), and the JSON parser reads the document instead.
 * It saves the parser's per-document setup and its name lookups (the attribute names of the design
 * come back as constants) on the handler thread, for every event. One per document; not
 * thread-safe.
 */
final class StructuredScanner {
  private final byte[] b;
  private int i;

  StructuredScanner(byte[] b) {
    this.b = b;
  }

  /**
   * Reads the document into a message.
   *
   * @param message the message being built
   * @return false if the document has another shape; the message may then hold some attributes
   */
  boolean read(BrokerMessage.Builder message) {
    int dataFrom = -1;
    int dataTo = -1;
    if (!skipTo('{')) {
      return false;
    }
    i++;
    whitespace();
    if (i < b.length && b[i] == '}') {
      i++;
      return end(message, -1, -1);
    }
    while (true) {
      if (!skipTo('"')) {
        return false;
      }
      int nameFrom = ++i;
      if (!plainString()) {
        return false;
      }
      int nameTo = i++;
      if (!skipTo(':')) {
        return false;
      }
      i++;
      whitespace();
      if (i >= b.length) {
        return false;
      }
      if (isData(nameFrom, nameTo)) {
        if (b[i] != '{' && b[i] != '[') {
          return false; // a scalar payload: its meaning depends on the content type
        }
        dataFrom = i;
        if (!skipValue()) {
          return false;
        }
        dataTo = i;
      } else {
        if (b[i] != '"') {
          return false;
        }
        int valueFrom = ++i;
        if (!plainString()) {
          return false;
        }
        KnownAttribute known = KnownAttribute.named(b, nameFrom, nameTo);
        if (known != null) {
          message.attribute(known.name(), known.decode(b, valueFrom, i));
        } else {
          if (nameTo - nameFrom == 11 && startsWith(nameFrom, "data_base64")) {
            return false;
          }
          message.attribute(
              new String(b, nameFrom, nameTo - nameFrom, StandardCharsets.UTF_8),
              new String(b, valueFrom, i - valueFrom, StandardCharsets.UTF_8));
        }
        i++;
      }
      whitespace();
      if (i >= b.length) {
        return false;
      }
      if (b[i] == '}') {
        i++;
        return end(message, dataFrom, dataTo);
      }
      if (b[i] != ',') {
        return false;
      }
      i++;
    }
  }

  private boolean end(BrokerMessage.Builder message, int dataFrom, int dataTo) {
    whitespace();
    if (i != b.length) {
      return false; // trailing bytes: let the parser say what they are
    }
    message.body(dataFrom < 0 ? new byte[0] : Arrays.copyOfRange(b, dataFrom, dataTo));
    return true;
  }

  private boolean isData(int from, int to) {
    return to - from == 4 && startsWith(from, "data");
  }

  private boolean startsWith(int from, String ascii) {
    for (int k = 0; k < ascii.length(); k++) {
      if (b[from + k] != ascii.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private void whitespace() {
    while (i < b.length && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t')) {
      i++;
    }
  }

  /** Skips whitespace; true if the next byte is {@code c}. */
  private boolean skipTo(char c) {
    whitespace();
    return i < b.length && b[i] == c;
  }

  /** From inside a string to its closing quote; false at an escape, a control byte or the end. */
  private boolean plainString() {
    while (i < b.length) {
      byte c = b[i];
      if (c == '"') {
        return true;
      }
      if (c == '\\' || (c >= 0 && c < 0x20)) {
        return false;
      }
      i++;
    }
    return false;
  }

  /** From an opening '{' or '[' to just past its match, stepping over strings. */
  private boolean skipValue() {
    int depth = 0;
    while (i < b.length) {
      byte c = b[i++];
      if (c == '"') {
        while (i < b.length && b[i] != '"') {
          i += b[i] == '\\' ? 2 : 1;
        }
        if (i >= b.length) {
          return false;
        }
        i++;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) {
          return true;
        }
      }
    }
    return false;
  }
}
