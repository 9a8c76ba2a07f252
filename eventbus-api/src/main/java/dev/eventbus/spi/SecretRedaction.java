package dev.eventbus.spi;

import dev.eventbus.EventBusException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Keeps the secrets of one broker's configuration out of what its adapter throws and logs. Client
 * libraries put configuration values into their exception messages (a credential they could not
 * use, a piece of a value they could not parse), and a chain of causes carries them on, so
 * redacting {@code toString()} and configuration errors is not enough.
 *
 * <p>Each secret is replaced by {@value #HIDDEN} wherever it shows as a whole word, that is not
 * inside a longer name or value; longer secrets first. {@link #scrub} returns an exception whose
 * chain (causes and suppressed exceptions) shows no secret as it is; otherwise it returns copies of
 * its chain with the secrets replaced, each copy reading as the original's class and message and
 * keeping its stack trace.
 *
 * <pre>{@code
 * SecretRedaction redaction = SecretRedaction.of(values, List.of());
 * try {
 *   client = createClient(values);
 * } catch (RuntimeException e) {
 *   throw redaction.failure("Cannot create the client", e);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SecretRedaction {
  /** What shows in place of a secret. */
  public static final String HIDDEN = "<redacted>";

  private final List<Pattern> secrets;

  /**
   * A redaction of the given secrets; blank ones are ignored, each is stripped.
   *
   * @param secrets the values to hide
   */
  public SecretRedaction(Collection<String> secrets) {
    this.secrets =
        secrets.stream()
            .map(String::strip)
            .filter(s -> !s.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(s -> Pattern.compile("(?<![\\w$.-])" + Pattern.quote(s) + "(?![\\w$.-])"))
            .toList();
  }

  /**
   * A redaction of every value that the rows of a table hide ({@link Setting#secret()} rows, and
   * the names of a pattern row that hold secrets), and of more values the adapter knows to be
   * secret.
   *
   * @param values a broker's values
   * @param more further secrets, such as the words of a credential a value holds
   * @return the redaction
   */
  public static SecretRedaction of(SettingValues values, Collection<String> more) {
    List<String> secrets = new ArrayList<>(more);
    for (Setting<?> row : values.table().settings()) {
      addHidden(row, values, secrets);
    }
    return new SecretRedaction(secrets);
  }

  // A value is hidden exactly when its row shows it otherwise than its type writes it.
  private static <T> void addHidden(Setting<T> row, SettingValues values, List<String> into) {
    if (row.isPattern()) {
      values
          .getAll(row)
          .forEach(
              (name, value) -> {
                if (value != null && !row.shown(name, value).equals(row.type().format(value))) {
                  into.add(row.type().format(value));
                }
              });
      return;
    }
    T value = values.get(row);
    if (value != null && !Objects.equals(row.shown(value), row.type().format(value))) {
      into.add(row.type().format(value));
    }
  }

  /**
   * A text with every secret replaced.
   *
   * @param text the text, or null
   * @return the text without secrets, null for null
   */
  public String redact(String text) {
    if (text == null) {
      return null;
    }
    for (Pattern secret : secrets) {
      text = secret.matcher(text).replaceAll(HIDDEN);
    }
    return text;
  }

  /**
   * An exception safe to log and to throw on: the exception itself if no secret shows in its chain,
   * else a redacted copy of the chain.
   *
   * @param t the exception, or null
   * @return the exception or its copy, null for null
   */
  public Throwable scrub(Throwable t) {
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

  /**
   * The adapter's error for a client call that failed: {@code what: <the cause's message>}, both
   * the message and the cause's chain redacted.
   *
   * @param what what failed, such as {@code Cannot create Kafka clients}
   * @param cause the client's exception
   * @return the exception to throw
   */
  public EventBusException failure(String what, Throwable cause) {
    return new EventBusException(what + ": " + redact(cause.getMessage()), scrub(cause));
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
