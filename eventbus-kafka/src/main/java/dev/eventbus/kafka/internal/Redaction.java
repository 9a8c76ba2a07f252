package dev.eventbus.kafka.internal;

import dev.eventbus.EventBusException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the secrets of one broker's configuration out of what the adapter throws and logs.
 * kafka-clients echoes pieces of a value it cannot parse (a malformed {@code sasl.jaas.config}
 * gives {@code Invalid login module control flag '<a word of it>'}), so hiding whole values is not
 * enough: every word of a JAAS configuration but its login module class, control flags and option
 * names is hidden too. An exception whose chain shows none of them is used as it is; otherwise as
 * copies of its chain with them replaced, each copy's message starting with the original's class.
 * Immutable and thread-safe.
 */
final class Redaction {
  private static final String HIDDEN = "<redacted>";
  // A quoted string (its closing quote may be missing), a word and whether "=" follows, or ";".
  private static final Pattern JAAS_TOKEN =
      Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"?|([^\\s=;\"]+)(\\s*=)?|(;)");
  private static final Pattern CLASS_NAME =
      Pattern.compile("([A-Za-z_$][\\w$]*\\.)+[A-Za-z_$][\\w$]*");
  private static final Set<String> FLAGS =
      Set.of("required", "requisite", "sufficient", "optional");

  private final List<Pattern> secrets;

  /**
   * @param values secret values, each hidden whole
   * @param jaasConfigs JAAS configurations, whose words are hidden as well
   */
  Redaction(Collection<String> values, Collection<String> jaasConfigs) {
    List<String> texts = new ArrayList<>(values);
    jaasConfigs.forEach(jaas -> texts.addAll(secretWords(jaas)));
    this.secrets =
        texts.stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(s -> Pattern.compile("(?<![\\w$.-])" + Pattern.quote(s) + "(?![\\w$.-])"))
            .toList();
  }

  private static List<String> secretWords(String jaas) {
    List<String> words = new ArrayList<>();
    boolean entryStart = true;
    Matcher m = JAAS_TOKEN.matcher(jaas);
    while (m.find()) {
      String word = m.group(2);
      if (m.group(1) != null) {
        words.add(m.group(1));
        words.add(m.group(1).replaceAll("\\\\(.)", "$1")); // as the JAAS parser reads it
      } else if (word != null
          && m.group(3) == null
          && !FLAGS.contains(word.toLowerCase(Locale.ROOT))
          && !(entryStart && CLASS_NAME.matcher(word).matches())) {
        words.add(word);
      }
      entryStart = m.group(4) != null;
    }
    return words;
  }

  /** {@return the text with every secret replaced, null for null} */
  String redact(String text) {
    if (text == null) {
      return null;
    }
    for (Pattern secret : secrets) {
      text = secret.matcher(text).replaceAll(HIDDEN);
    }
    return text;
  }

  /** {@return the adapter's error for a client call that failed, its cause chain redacted} */
  EventBusException failure(String what, Throwable cause) {
    return new EventBusException(what + ": " + redact(cause.getMessage()), scrub(cause));
  }

  /** {@return the exception, or a redacted copy of its chain if a secret shows in it} */
  Throwable scrub(Throwable t) {
    if (t == null || !shows(t)) {
      return t;
    }
    Throwable copy = new Redacted(redact(t.toString()), scrub(t.getCause()));
    copy.setStackTrace(t.getStackTrace());
    for (Throwable s : t.getSuppressed()) {
      copy.addSuppressed(scrub(s));
    }
    return copy;
  }

  private boolean shows(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String text = c.toString();
      if (!text.equals(redact(text))) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (shows(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A redacted copy: reads as the original's class and message. */
  @SuppressWarnings("serial") // never serialized
  private static final class Redacted extends RuntimeException {
    Redacted(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
