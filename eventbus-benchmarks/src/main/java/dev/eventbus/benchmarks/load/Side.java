package dev.eventbus.benchmarks.load;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One side of a broker comparison: a client, the role it plays, and the key that its topics and
 * queues carry ({@code <prefix>-<key>-1}, {@code <prefix>-<key>-warm}, ...). Immutable; the client
 * is owned by whoever created it.
 *
 * @param role what the side stands for
 * @param key unique within a comparison, lower case letters, digits and dashes: {@code raw}, {@code
 *     spring-batch}
 * @param client the client
 */
public record Side(Role role, String key, LoadClient client) {
  private static final Pattern KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  /** Checks the key. */
  public Side {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(client, "client");
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("side key '" + key + "': lower case words and dashes");
    }
  }

  /**
   * The adapter through {@code EventBus}, keyed {@code adapter}.
   *
   * @param client the client
   * @return the side
   */
  public static Side eventBus(LoadClient client) {
    return new Side(Role.EVENTBUS, "adapter", client);
  }

  /**
   * The raw client with the envelope done by hand, keyed {@code envelope}.
   *
   * @param client the client
   * @return the side
   */
  public static Side sameWork(LoadClient client) {
    return new Side(Role.SAME_WORK, "envelope", client);
  }

  /**
   * The bare raw client, keyed {@code raw}.
   *
   * @param client the client
   * @return the side
   */
  public static Side ceiling(LoadClient client) {
    return new Side(Role.CEILING, "raw", client);
  }

  /**
   * A peer library.
   *
   * @param key its key, for example {@code spring}
   * @param client the client
   * @return the side
   */
  public static Side peer(String key, LoadClient client) {
    return new Side(Role.PEER, key, client);
  }
}
