package dev.eventbus.rabbitmq.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.rabbitmq.QueueType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one table of the RabbitMQ broker's flat configuration keys (under {@code
 * eventbus.rabbitmq.}): name, type, default, documentation and how the value reaches the builder.
 * The provider reads configuration through it and the reference documentation is generated from
 * {@link #describe()}.
 */
public final class ConfigTable {
  /** The prefix the bus strips before handing the keys to the provider. */
  public static final String PREFIX = "eventbus.rabbitmq.";

  static final String URI = "uri";
  static final String HOST = "host";
  static final String PORT = "port";
  static final String VIRTUAL_HOST = "virtualHost";
  static final String USERNAME = "username";
  static final String PASSWORD = "password";
  static final String TLS = "tls";
  static final String QUEUE_TYPE = "queueType";
  static final String CONFIRM_WINDOW = "confirmWindow";
  static final String ACK_BATCH_SIZE = "ackBatchSize";
  static final String PUBLISH_BUFFER = "publishBuffer";
  static final String PUBLISH_TIMEOUT = "publishTimeout";
  static final String ORDERED_BY_KEY = "orderedByKey";
  static final String RECOVERY_INTERVAL = "recoveryInterval";
  static final String CONNECTION_TIMEOUT = "connectionTimeout";
  static final String MAX_MESSAGE_BYTES = "maxMessageBytes";
  static final String CONNECTION_NAME = "connectionName";

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  /**
   * One configuration key.
   *
   * @param name the key without prefix
   * @param type what the value is, for the documentation
   * @param defaultValue the default, as text
   * @param doc what it does
   * @param secret whether the value must never be echoed
   * @param apply parses the text and sets it on the draft
   */
  public record Key(
      String name,
      String type,
      String defaultValue,
      String doc,
      boolean secret,
      BiConsumer<Settings.Draft, String> apply) {}

  /** Every key, in documentation order. */
  public static final List<Key> KEYS =
      List.of(
          new Key(
              URI,
              "amqp(s) URI",
              "(none)",
              "amqp://user:password@host:port/vhost; sets host, port, vhost, credentials and TLS."
                  + " Keys below override its parts.",
              true,
              Settings.Draft::uri),
          new Key(HOST, "string", "localhost", "Broker host.", false, Settings.Draft::host),
          new Key(
              PORT,
              "int",
              "5672 (5671 with TLS)",
              "Broker AMQP port.",
              false,
              (d, v) -> d.port(integer(PORT, v))),
          new Key(VIRTUAL_HOST, "string", "/", "Virtual host.", false, Settings.Draft::virtualHost),
          new Key(USERNAME, "string", "guest", "User name.", false, Settings.Draft::username),
          new Key(
              PASSWORD,
              "secret",
              "guest",
              "Password; never logged.",
              true,
              Settings.Draft::password),
          new Key(
              TLS,
              "boolean",
              "false",
              "Connect with TLS, trusting the JVM's default trust store, with host name"
                  + " verification.",
              false,
              (d, v) -> d.tls(bool(TLS, v))),
          new Key(
              QUEUE_TYPE,
              "QUORUM or CLASSIC",
              "QUORUM",
              "Type of group and retry queues (dead-letter queues are always classic).",
              false,
              (d, v) -> d.queueType(queueType(v))),
          new Key(
              CONFIRM_WINDOW,
              "int",
              "1024",
              "Publishes sent and not yet confirmed by the broker, at most.",
              false,
              (d, v) -> d.confirmWindow(integer(CONFIRM_WINDOW, v))),
          new Key(
              ACK_BATCH_SIZE,
              "int",
              "64",
              "Consumer acks sent together as one multiple basic.ack, at most (capped at a quarter"
                  + " of the group's prefetch); an ack waits at most 5 ms for its batch (10 ms"
                  + " behind a delivery still being handled) and is sent at once when the group"
                  + " closes. 1 acks each delivery at once.",
              false,
              (d, v) -> d.ackBatchSize(integer(ACK_BATCH_SIZE, v))),
          new Key(
              PUBLISH_BUFFER,
              "int",
              "10000",
              "Publishes waiting for the confirm window or a connection, at most; a full buffer"
                  + " blocks the publisher up to publishTimeout.",
              false,
              (d, v) -> d.publishBuffer(integer(PUBLISH_BUFFER, v))),
          new Key(
              PUBLISH_TIMEOUT,
              "duration",
              "30s",
              "How long a publish may wait for buffer room, a connection and its confirm before it"
                  + " fails.",
              false,
              (d, v) -> d.publishTimeout(duration(PUBLISH_TIMEOUT, v))),
          new Key(
              ORDERED_BY_KEY,
              "boolean",
              "false",
              "Per-key order: each group's queue gets a single active consumer (the other"
                  + " instances stand by), so the group no longer spreads over its instances.",
              false,
              (d, v) -> d.orderedByKey(bool(ORDERED_BY_KEY, v))),
          new Key(
              RECOVERY_INTERVAL,
              "duration",
              "2s",
              "Pause between reconnection attempts after a connection is lost.",
              false,
              (d, v) -> d.recoveryInterval(duration(RECOVERY_INTERVAL, v))),
          new Key(
              CONNECTION_TIMEOUT,
              "duration",
              "10s",
              "TCP connection timeout.",
              false,
              (d, v) -> d.connectionTimeout(duration(CONNECTION_TIMEOUT, v))),
          new Key(
              MAX_MESSAGE_BYTES,
              "long",
              "134217728",
              "Largest message accepted (RabbitMQ's max_message_size).",
              false,
              (d, v) -> d.maxMessageBytes(longValue(MAX_MESSAGE_BYTES, v))),
          new Key(
              CONNECTION_NAME,
              "string",
              "eventbus",
              "Client-provided connection name shown by the management UI.",
              false,
              Settings.Draft::connectionName));

  private static final Map<String, Key> BY_NAME =
      KEYS.stream().collect(Collectors.toMap(Key::name, k -> k, (a, b) -> a, LinkedHashMap::new));

  private ConfigTable() {}

  /**
   * The key as a user writes it.
   *
   * @param name the key without prefix
   * @return {@code eventbus.rabbitmq.<name>}
   */
  public static String qualified(String name) {
    return PREFIX + name;
  }

  /**
   * Applies flat configuration to a draft. Unknown keys are rejected, naming the known ones.
   *
   * @param config keys without prefix
   * @param draft the draft to fill in
   */
  public static void apply(Map<String, String> config, Settings.Draft draft) {
    Key uri = BY_NAME.get(URI);
    if (config.containsKey(URI)) {
      uri.apply().accept(draft, config.get(URI).trim());
    }
    for (Map.Entry<String, String> e : config.entrySet()) {
      Key key = BY_NAME.get(e.getKey());
      if (key == null) {
        throw new ConfigurationException(
            qualified(e.getKey()), "<any>", "one of the keys " + BY_NAME.keySet());
      }
      if (key != uri) {
        String value = e.getValue() == null ? null : e.getValue().trim();
        key.apply().accept(draft, value);
      }
    }
  }

  /**
   * The reference table in Markdown, generated from {@link #KEYS}.
   *
   * @return the table
   */
  public static String describe() {
    StringBuilder sb =
        new StringBuilder("| key | type | default | meaning |\n| --- | --- | --- | --- |\n");
    for (Key k : KEYS) {
      sb.append("| `")
          .append(qualified(k.name()))
          .append("` | ")
          .append(k.type())
          .append(" | ")
          .append(k.defaultValue())
          .append(" | ")
          .append(k.doc())
          .append(" |\n");
    }
    return sb.toString();
  }

  private static int integer(String key, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException | NullPointerException e) {
      throw new ConfigurationException(qualified(key), v, "an integer");
    }
  }

  private static long longValue(String key, String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException | NullPointerException e) {
      throw new ConfigurationException(qualified(key), v, "an integer");
    }
  }

  private static boolean bool(String key, String v) {
    if ("true".equalsIgnoreCase(v) || "false".equalsIgnoreCase(v)) {
      return Boolean.parseBoolean(v);
    }
    throw new ConfigurationException(qualified(key), v, "true or false");
  }

  private static QueueType queueType(String v) {
    try {
      return QueueType.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ConfigurationException(qualified(QUEUE_TYPE), v, "QUORUM or CLASSIC");
    }
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
  static Duration duration(String key, String v) {
    String allowed = "a duration such as 500ms, 30s, 2m, 1h or PT30S";
    if (v == null) {
      throw new ConfigurationException(qualified(key), null, allowed);
    }
    try {
      Matcher m = SIMPLE_DURATION.matcher(v.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        return Duration.parse(v);
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new ConfigurationException(qualified(key), v, allowed);
    }
  }
}
