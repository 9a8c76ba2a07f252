package dev.eventbus.rabbitmq.internal;

import dev.eventbus.rabbitmq.ContentMode;
import dev.eventbus.rabbitmq.QueueType;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.RetiredPublishSettings;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingTypes;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The RabbitMQ broker's configuration keys (under {@value #PREFIX}) as typed rows: each key's type,
 * default, range, documentation ({@link Setting#doc()}, so not repeated here) and secrecy, written
 * once. The builder's setters and flat configuration set the same rows; {@link Settings#from}
 * checks them, and the reference documentation is {@link SettingTable#describe()}. Immutable.
 */
public final class ConfigTable {
  // The bus strips it before handing the keys to the provider.
  public static final String PREFIX = "eventbus.rabbitmq.";

  private static final String URI_SHAPE =
      "amqp://[user[:password]@]host[:port][/vhost] or amqps://... (percent-encoded)";

  public static final Setting.Type<URI> AMQP_URI =
      Setting.Type.of("amqp(s) URI", URI_SHAPE, ConfigTable::amqpUri, URI::toString);

  public static final Setting<URI> URI_SETTING =
      Setting.of("uri", AMQP_URI)
          .secret()
          .defaultText("(none)")
          .doc(
              "amqp://user:password@host:port/vhost; sets host, port, vhost, credentials and TLS."
                  + " Keys below override its parts.")
          .build();

  public static final Setting<String> HOST =
      Setting.of("host", Setting.STRING)
          .defaultValue("localhost")
          .check(Setting.Check.nonBlank("a host name or address"))
          .doc("Broker host.")
          .build();

  public static final Setting<Integer> PORT =
      Setting.of("port", Setting.INT)
          .defaultText("5672 (5671 with TLS)")
          .check(v -> v >= 1 && v <= 65_535, "a port from 1 to 65535")
          .doc("Broker AMQP port.")
          .build();

  public static final Setting<String> VIRTUAL_HOST =
      Setting.of("virtual-host", Setting.STRING)
          .defaultValue("/")
          .check(v -> !v.isEmpty(), "a non-empty virtual host name, \"/\" for the default")
          .doc("Virtual host.")
          .build();

  public static final Setting<String> USERNAME =
      Setting.of("username", Setting.STRING)
          .defaultValue("guest")
          .check(v -> !v.isEmpty(), "a non-empty user name")
          .doc("User name.")
          .build();

  public static final Setting<String> PASSWORD =
      Setting.of("password", Setting.STRING)
          .secret()
          .defaultValue("guest")
          .defaultText("guest")
          .allowed("a password")
          .doc("Password; never logged.")
          .build();

  public static final Setting<Boolean> TLS =
      Setting.of("tls", Setting.BOOLEAN)
          .defaultValue(false)
          .doc(
              "Connect with TLS, trusting the JVM's default trust store, with host name"
                  + " verification.")
          .build();

  public static final Setting<QueueType> QUEUE_TYPE =
      Setting.of("queue-type", Setting.enumType(QueueType.class))
          .defaultValue(QueueType.QUORUM)
          .doc("Type of group and retry queues (dead-letter queues are always classic).")
          .build();

  public static final Setting<Integer> CONFIRM_WINDOW =
      Setting.of("confirm-window", Setting.INT)
          .defaultValue(1024)
          .check(Setting.Check.range(1, 65_536))
          .doc("Publishes sent and not yet confirmed by the broker, at most.")
          .build();

  public static final Setting<Integer> ACK_BATCH_SIZE =
      Setting.of("ack-batch-size", Setting.INT)
          .defaultValue(64)
          .check(Setting.Check.range(1, 65_535))
          .doc(
              "Consumer acks sent together as one multiple basic.ack, at most (capped at a quarter"
                  + " of the group's prefetch); an ack waits at most 5 ms for its batch (10 ms"
                  + " behind a delivery still being handled) and is sent at once when the group"
                  + " closes. 1 acks each delivery at once.")
          .build();

  public static final Setting<Integer> PUBLISH_BUFFER =
      RetiredPublishSettings.buffer("the confirm window or a connection");

  public static final Setting<Duration> PUBLISH_TIMEOUT =
      RetiredPublishSettings.timeout("wait for a connection and its confirm");

  public static final Setting<Boolean> ORDERED_BY_KEY =
      Setting.of("ordered-by-key", Setting.BOOLEAN)
          .defaultValue(false)
          .doc(
              "Per-key order: each group's queue gets a single active consumer (the other"
                  + " instances stand by), so the group no longer spreads over its instances.")
          .build();

  public static final Setting<Duration> RECOVERY_INTERVAL =
      Setting.duration(
              "recovery-interval",
              Duration.ofSeconds(2),
              Duration.ofMillis(10),
              Duration.ofMinutes(10))
          .doc("Pause between reconnection attempts after a connection is lost.")
          .build();

  public static final Setting<Duration> CONNECTION_TIMEOUT =
      Setting.duration(
              "connection-timeout",
              Duration.ofSeconds(10),
              Duration.ofMillis(100),
              Duration.ofMinutes(10))
          .doc("TCP connection timeout.")
          .build();

  public static final Setting<Long> MAX_MESSAGE_BYTES =
      Setting.of("max-message-bytes", Setting.LONG)
          .defaultValue(128L * 1024 * 1024) // RabbitMQ's own max_message_size
          .check(v -> v >= 1024 && v <= 512L * 1024 * 1024, "a size from 1024 to 536870912 bytes")
          .doc("Largest message accepted (RabbitMQ's max_message_size).")
          .build();

  public static final Setting<ContentMode> CONTENT_MODE =
      Setting.of("content-mode", SettingTypes.lowerCaseEnum(ContentMode.class))
          .defaultValue(ContentMode.BINARY)
          .doc(
              "CloudEvents content mode of published messages: `binary` (attributes as"
                  + " `cloudEvents:*` headers) or `structured` (one `application/cloudevents+json`"
                  + " document), for every topic without a `topic.<name>.content-mode` of its own."
                  + " Both are always read.")
          .build();

  public static final Setting<ContentMode> TOPIC_CONTENT_MODE =
      Setting.of("topic.<name>.content-mode", SettingTypes.lowerCaseEnum(ContentMode.class))
          .doc(
              "Content mode of the messages published to one topic, over `content-mode`:"
                  + " `binary` or `structured`. Both are always read.")
          .build();

  public static final Setting<String> CONNECTION_NAME =
      Setting.of("connection-name", Setting.STRING)
          .defaultValue("eventbus")
          .check(Setting.Check.nonBlank("a non-blank name"))
          .doc("Client-provided connection name shown by the management UI.")
          .build();

  /** Every key, in documentation order; the URI first, so that the keys after it override it. */
  public static final SettingTable TABLE =
      new SettingTable(
          PREFIX,
          List.of(
              URI_SETTING,
              HOST,
              PORT,
              VIRTUAL_HOST,
              USERNAME,
              PASSWORD,
              TLS,
              QUEUE_TYPE,
              CONFIRM_WINDOW,
              ACK_BATCH_SIZE,
              PUBLISH_BUFFER,
              PUBLISH_TIMEOUT,
              ORDERED_BY_KEY,
              RECOVERY_INTERVAL,
              CONNECTION_TIMEOUT,
              MAX_MESSAGE_BYTES,
              CONTENT_MODE,
              TOPIC_CONTENT_MODE,
              CONNECTION_NAME));

  private ConfigTable() {}

  /** The key as a user writes it: {@code eventbus.rabbitmq.<name>}. */
  public static String qualified(Setting<?> setting) {
    return TABLE.qualified(setting.name());
  }

  private static URI amqpUri(String text) {
    try {
      URI parsed = new URI(text);
      String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("amqp") || scheme.equals("amqps")) && parsed.getHost() != null) {
        return parsed;
      }
    } catch (URISyntaxException e) {
      // not a URI at all: the same answer
    }
    throw new ConfigKeys.InvalidValueException(URI_SHAPE);
  }
}
