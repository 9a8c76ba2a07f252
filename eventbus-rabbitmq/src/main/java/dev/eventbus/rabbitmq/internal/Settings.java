package dev.eventbus.rabbitmq.internal;

import static dev.eventbus.rabbitmq.internal.ConfigTable.ACK_BATCH_SIZE;
import static dev.eventbus.rabbitmq.internal.ConfigTable.CONFIRM_WINDOW;
import static dev.eventbus.rabbitmq.internal.ConfigTable.CONNECTION_NAME;
import static dev.eventbus.rabbitmq.internal.ConfigTable.CONNECTION_TIMEOUT;
import static dev.eventbus.rabbitmq.internal.ConfigTable.HOST;
import static dev.eventbus.rabbitmq.internal.ConfigTable.MAX_MESSAGE_BYTES;
import static dev.eventbus.rabbitmq.internal.ConfigTable.ORDERED_BY_KEY;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PASSWORD;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PORT;
import static dev.eventbus.rabbitmq.internal.ConfigTable.QUEUE_TYPE;
import static dev.eventbus.rabbitmq.internal.ConfigTable.RECOVERY_INTERVAL;
import static dev.eventbus.rabbitmq.internal.ConfigTable.TABLE;
import static dev.eventbus.rabbitmq.internal.ConfigTable.TLS;
import static dev.eventbus.rabbitmq.internal.ConfigTable.USERNAME;
import static dev.eventbus.rabbitmq.internal.ConfigTable.VIRTUAL_HOST;

import dev.eventbus.rabbitmq.QueueType;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The validated, immutable configuration of one RabbitMQ broker, read from the values of {@link
 * ConfigTable}'s rows that the public builder and flat configuration fill in. {@link #toString()}
 * never shows the password.
 *
 * @param host the broker host
 * @param port the AMQP port
 * @param virtualHost the virtual host
 * @param username the user
 * @param password the password: handed to the client's connection factory only, never printed
 * @param tls whether to connect with TLS
 * @param sslContext the TLS context given to the builder, or null for the JVM's default one
 * @param queueType the type of every queue this broker declares
 * @param confirmWindow publishes sent and not yet confirmed, at most
 * @param ackBatchSize consumer acks sent as one {@code basic.ack} with {@code multiple}, at most
 * @param orderedByKey whether groups that ask for per-key order get a single-active-consumer queue
 * @param recoveryInterval the pause between two reconnection attempts
 * @param connectionTimeout how long opening a TCP connection may take
 * @param maxMessageBytes the largest message accepted, as declared in the capabilities
 * @param connectionName the name shown for this broker's connections in the management UI
 * @param values the values these settings were read from, for {@link #toString()}
 */
public record Settings(
    String host,
    int port,
    String virtualHost,
    String username,
    String password,
    boolean tls,
    SSLContext sslContext,
    QueueType queueType,
    int confirmWindow,
    int ackBatchSize,
    boolean orderedByKey,
    Duration recoveryInterval,
    Duration connectionTimeout,
    long maxMessageBytes,
    String connectionName,
    SettingValues values) {
  /** AMQP's plain port. */
  public static final int DEFAULT_PORT = 5672;

  /** AMQP over TLS's port. */
  public static final int DEFAULT_TLS_PORT = 5671;

  /**
   * Where this broker connects, for logs and errors, without the password.
   *
   * @return {@code amqp://user@host:port/vhost}
   */
  public String endpoint() {
    return (tls ? "amqps" : "amqp")
        + "://"
        + username
        + "@"
        + host
        + ":"
        + port
        + "/"
        + virtualHost;
  }

  @Override
  public String toString() {
    return "RabbitMqSettings{endpoint=" + endpoint() + ", settings=" + values + "}";
  }

  /**
   * Checks every value and reads the settings.
   *
   * @param values the rows' values
   * @param sslContext the TLS context given to the builder, or null
   * @return the settings
   * @throws dev.eventbus.ConfigurationException naming the first key whose value is not allowed
   */
  public static Settings from(SettingValues values, SSLContext sslContext) {
    TABLE.validate(values);
    boolean tls = values.get(TLS) || sslContext != null;
    Integer port = values.get(PORT);
    return new Settings(
        values.get(HOST),
        port != null ? port : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT,
        values.get(VIRTUAL_HOST),
        values.get(USERNAME),
        values.get(PASSWORD),
        tls,
        sslContext,
        values.get(QUEUE_TYPE),
        values.get(CONFIRM_WINDOW),
        values.get(ACK_BATCH_SIZE),
        values.get(ORDERED_BY_KEY),
        values.get(RECOVERY_INTERVAL),
        values.get(CONNECTION_TIMEOUT),
        values.get(MAX_MESSAGE_BYTES),
        values.get(CONNECTION_NAME),
        values.copy());
  }

  /**
   * Sets host, port, virtual host, credentials and TLS from an {@code amqp://} or {@code amqps://}
   * URI.
   *
   * @param uri the URI, checked by {@link ConfigTable#AMQP_URI}
   * @param values the values to set
   * @param overrideSet whether the URI's parts replace values already set (a builder's later
   *     setters win) or only fill in the rest (flat configuration: the other keys win)
   */
  public static void applyUri(URI uri, SettingValues values, boolean overrideSet) {
    set(values, TLS, uri.getScheme().equalsIgnoreCase("amqps"), overrideSet);
    set(values, HOST, uri.getHost(), overrideSet);
    set(values, PORT, uri.getPort() == -1 ? null : uri.getPort(), overrideSet);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      set(
          values,
          USERNAME,
          decode(colon < 0 ? userInfo : userInfo.substring(0, colon)),
          overrideSet);
      if (colon >= 0) {
        set(values, PASSWORD, decode(userInfo.substring(colon + 1)), overrideSet);
      }
    }
    String path = uri.getRawPath();
    if (path != null && path.length() > 1) {
      set(values, VIRTUAL_HOST, decode(path.substring(1)), overrideSet);
    }
  }

  private static <T> void set(
      SettingValues values, Setting<T> setting, T value, boolean overrideSet) {
    if (overrideSet || !values.isSet(setting)) {
      values.set(setting, value);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
