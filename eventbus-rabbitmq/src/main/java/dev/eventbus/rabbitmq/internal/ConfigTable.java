package dev.eventbus.rabbitmq.internal;

import dev.eventbus.rabbitmq.QueueType;
import dev.eventbus.spi.ConfigKeys;
import java.util.List;
import java.util.Map;

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
  static final String VIRTUAL_HOST = "virtual-host";
  static final String USERNAME = "username";
  static final String PASSWORD = "password";
  static final String TLS = "tls";
  static final String QUEUE_TYPE = "queue-type";
  static final String CONFIRM_WINDOW = "confirm-window";
  static final String ACK_BATCH_SIZE = "ack-batch-size";
  static final String PUBLISH_BUFFER = "publish-buffer";
  static final String PUBLISH_TIMEOUT = "publish-timeout";
  static final String ORDERED_BY_KEY = "ordered-by-key";
  static final String RECOVERY_INTERVAL = "recovery-interval";
  static final String CONNECTION_TIMEOUT = "connection-timeout";
  static final String MAX_MESSAGE_BYTES = "max-message-bytes";
  static final String CONNECTION_NAME = "connection-name";

  /** Every key, in documentation order. */
  private static final ConfigKeys<Settings.Draft> TABLE =
      new ConfigKeys<>(
          PREFIX,
          List.of(
              new ConfigKeys.Key<>(
                  URI,
                  "amqp(s) URI",
                  "(none)",
                  "amqp://user:password@host:port/vhost; sets host, port, vhost, credentials and TLS."
                      + " Keys below override its parts.",
                  true,
                  Settings.Draft::uri),
              new ConfigKeys.Key<>(
                  HOST, "string", "localhost", "Broker host.", false, Settings.Draft::host),
              new ConfigKeys.Key<>(
                  PORT,
                  "int",
                  "5672 (5671 with TLS)",
                  "Broker AMQP port.",
                  false,
                  (d, v) -> d.port(ConfigKeys.integer(v))),
              new ConfigKeys.Key<>(
                  VIRTUAL_HOST, "string", "/", "Virtual host.", false, Settings.Draft::virtualHost),
              new ConfigKeys.Key<>(
                  USERNAME, "string", "guest", "User name.", false, Settings.Draft::username),
              new ConfigKeys.Key<>(
                  PASSWORD,
                  "secret",
                  "guest",
                  "Password; never logged.",
                  true,
                  Settings.Draft::password),
              new ConfigKeys.Key<>(
                  TLS,
                  "boolean",
                  "false",
                  "Connect with TLS, trusting the JVM's default trust store, with host name"
                      + " verification.",
                  false,
                  (d, v) -> d.tls(ConfigKeys.bool(v))),
              new ConfigKeys.Key<>(
                  QUEUE_TYPE,
                  "QUORUM or CLASSIC",
                  "QUORUM",
                  "Type of group and retry queues (dead-letter queues are always classic).",
                  false,
                  (d, v) -> d.queueType(ConfigKeys.enumValue(v, QueueType.class))),
              new ConfigKeys.Key<>(
                  CONFIRM_WINDOW,
                  "int",
                  "1024",
                  "Publishes sent and not yet confirmed by the broker, at most.",
                  false,
                  (d, v) -> d.confirmWindow(ConfigKeys.integer(v))),
              new ConfigKeys.Key<>(
                  ACK_BATCH_SIZE,
                  "int",
                  "64",
                  "Consumer acks sent together as one multiple basic.ack, at most (capped at a quarter"
                      + " of the group's prefetch); an ack waits at most 5 ms for its batch (10 ms"
                      + " behind a delivery still being handled) and is sent at once when the group"
                      + " closes. 1 acks each delivery at once.",
                  false,
                  (d, v) -> d.ackBatchSize(ConfigKeys.integer(v))),
              new ConfigKeys.Key<>(
                  PUBLISH_BUFFER,
                  "int",
                  "10000",
                  "Publishes waiting for the confirm window or a connection, at most; a full buffer"
                      + " blocks the publisher up to publish-timeout.",
                  false,
                  (d, v) -> d.publishBuffer(ConfigKeys.integer(v))),
              new ConfigKeys.Key<>(
                  PUBLISH_TIMEOUT,
                  "duration",
                  "30s",
                  "How long a publish may wait for buffer room, a connection and its confirm before it"
                      + " fails.",
                  false,
                  (d, v) -> d.publishTimeout(ConfigKeys.duration(v))),
              new ConfigKeys.Key<>(
                  ORDERED_BY_KEY,
                  "boolean",
                  "false",
                  "Per-key order: each group's queue gets a single active consumer (the other"
                      + " instances stand by), so the group no longer spreads over its instances.",
                  false,
                  (d, v) -> d.orderedByKey(ConfigKeys.bool(v))),
              new ConfigKeys.Key<>(
                  RECOVERY_INTERVAL,
                  "duration",
                  "2s",
                  "Pause between reconnection attempts after a connection is lost.",
                  false,
                  (d, v) -> d.recoveryInterval(ConfigKeys.duration(v))),
              new ConfigKeys.Key<>(
                  CONNECTION_TIMEOUT,
                  "duration",
                  "10s",
                  "TCP connection timeout.",
                  false,
                  (d, v) -> d.connectionTimeout(ConfigKeys.duration(v))),
              new ConfigKeys.Key<>(
                  MAX_MESSAGE_BYTES,
                  "long",
                  "134217728",
                  "Largest message accepted (RabbitMQ's max_message_size).",
                  false,
                  (d, v) -> d.maxMessageBytes(ConfigKeys.longValue(v))),
              new ConfigKeys.Key<>(
                  CONNECTION_NAME,
                  "string",
                  "eventbus",
                  "Client-provided connection name shown by the management UI.",
                  false,
                  Settings.Draft::connectionName)));

  private ConfigTable() {}

  /**
   * The key as a user writes it.
   *
   * @param name the key without prefix
   * @return {@code eventbus.rabbitmq.<name>}
   */
  public static String qualified(String name) {
    return TABLE.qualified(name);
  }

  /**
   * Applies flat configuration to a draft, the URI first (it is first in the table) so that the
   * other keys override its parts. Unknown keys are rejected, naming the known ones.
   *
   * @param config keys without prefix
   * @param draft the draft to fill in
   */
  public static void apply(Map<String, String> config, Settings.Draft draft) {
    TABLE.apply(config, draft);
  }

  /**
   * The reference table in Markdown, generated from the table.
   *
   * @return the table
   */
  public static String describe() {
    return TABLE.describe();
  }
}
