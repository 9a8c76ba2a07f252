package dev.eventbus.rabbitmq.internal;

import static dev.eventbus.rabbitmq.internal.ConfigTable.qualified;

import dev.eventbus.ConfigurationException;
import dev.eventbus.rabbitmq.QueueType;
import dev.eventbus.spi.ConfigKeys;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * The validated, immutable configuration of one RabbitMQ broker, built from a {@link Draft} that
 * the public builder fills in. {@link #toString()} never shows the password.
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
 * @param publishBuffer publishes waiting for the window or for a connection, at most
 * @param publishTimeout how long a publish may wait for room, a connection and its confirm
 * @param orderedByKey whether groups that ask for per-key order get a single-active-consumer queue
 * @param recoveryInterval the pause between two reconnection attempts
 * @param connectionTimeout how long opening a TCP connection may take
 * @param maxMessageBytes the largest message accepted, as declared in the capabilities
 * @param connectionName the name shown for this broker's connections in the management UI
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
    int publishBuffer,
    Duration publishTimeout,
    boolean orderedByKey,
    Duration recoveryInterval,
    Duration connectionTimeout,
    long maxMessageBytes,
    String connectionName) {
  /** AMQP's plain port. */
  public static final int DEFAULT_PORT = 5672;

  /** AMQP over TLS's port. */
  public static final int DEFAULT_TLS_PORT = 5671;

  /** RabbitMQ's own limit on a message, by default ({@code max_message_size}, 128 MiB). */
  public static final long DEFAULT_MAX_MESSAGE_BYTES = 128L * 1024 * 1024;

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
    return "RabbitMqSettings{endpoint="
        + endpoint()
        + ", password=<redacted>, queueType="
        + queueType
        + ", confirmWindow="
        + confirmWindow
        + ", ackBatchSize="
        + ackBatchSize
        + ", publishBuffer="
        + publishBuffer
        + ", publishTimeout="
        + publishTimeout
        + ", orderedByKey="
        + orderedByKey
        + ", recoveryInterval="
        + recoveryInterval
        + ", connectionTimeout="
        + connectionTimeout
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", connectionName="
        + connectionName
        + "}";
  }

  /** The mutable values a builder collects; {@link #validate()} turns them into settings. */
  public static final class Draft {
    private String host = "localhost";
    private Integer port;
    private String virtualHost = "/";
    private String username = "guest";
    private String password = "guest";
    private boolean tls;
    private SSLContext sslContext;
    private QueueType queueType = QueueType.QUORUM;
    private int confirmWindow = 1024;
    private int ackBatchSize = 64;
    private int publishBuffer = 10_000;
    private Duration publishTimeout = Duration.ofSeconds(30);
    private boolean orderedByKey;
    private Duration recoveryInterval = Duration.ofSeconds(2);
    private Duration connectionTimeout = Duration.ofSeconds(10);
    private long maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
    private String connectionName = "eventbus";

    /**
     * Reads host, port, virtual host, credentials and TLS from an {@code amqp://} or {@code
     * amqps://} URI. The URI is never echoed in an error, since it may hold a password.
     *
     * @param uri the URI
     */
    public void uri(String uri) {
      URI parsed;
      try {
        parsed = new URI(uri == null ? "" : uri);
      } catch (URISyntaxException e) {
        throw invalidUri(uri);
      }
      String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("amqp") && !scheme.equals("amqps") || parsed.getHost() == null) {
        throw invalidUri(uri);
      }
      tls = scheme.equals("amqps");
      host = parsed.getHost();
      port = parsed.getPort() == -1 ? null : parsed.getPort();
      String userInfo = parsed.getRawUserInfo();
      if (userInfo != null) {
        int colon = userInfo.indexOf(':');
        username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        if (colon >= 0) {
          password = decode(userInfo.substring(colon + 1));
        }
      }
      String path = parsed.getRawPath();
      if (path != null && path.length() > 1) {
        virtualHost = decode(path.substring(1));
      }
    }

    private static ConfigurationException invalidUri(String uri) {
      return new ConfigurationException(
          qualified(ConfigTable.URI),
          ConfigKeys.shownSecret(uri),
          "amqp://[user[:password]@]host[:port][/vhost] or amqps://... (percent-encoded)");
    }

    private static String decode(String s) {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Sets host, unchecked until {@link #validate()}.
     *
     * @param host the value
     */
    public void host(String host) {
      this.host = host;
    }

    /**
     * Sets port, unchecked until {@link #validate()}.
     *
     * @param port the value
     */
    public void port(int port) {
      this.port = port;
    }

    /**
     * Sets virtualHost, unchecked until {@link #validate()}.
     *
     * @param virtualHost the value
     */
    public void virtualHost(String virtualHost) {
      this.virtualHost = virtualHost;
    }

    /**
     * Sets username, unchecked until {@link #validate()}.
     *
     * @param username the value
     */
    public void username(String username) {
      this.username = username;
    }

    /**
     * Sets password, unchecked until {@link #validate()}.
     *
     * @param password the value
     */
    public void password(String password) {
      this.password = password;
    }

    /**
     * Sets tls, unchecked until {@link #validate()}.
     *
     * @param tls the value
     */
    public void tls(boolean tls) {
      this.tls = tls;
    }

    /**
     * Sets sslContext, unchecked until {@link #validate()}.
     *
     * @param sslContext the value
     */
    public void sslContext(SSLContext sslContext) {
      this.sslContext = sslContext;
      this.tls = sslContext != null || tls;
    }

    /**
     * Sets queueType, unchecked until {@link #validate()}.
     *
     * @param queueType the value
     */
    public void queueType(QueueType queueType) {
      this.queueType = queueType;
    }

    /**
     * Sets confirmWindow, unchecked until {@link #validate()}.
     *
     * @param confirmWindow the value
     */
    public void confirmWindow(int confirmWindow) {
      this.confirmWindow = confirmWindow;
    }

    /**
     * Sets ackBatchSize, unchecked until {@link #validate()}.
     *
     * @param ackBatchSize the value
     */
    public void ackBatchSize(int ackBatchSize) {
      this.ackBatchSize = ackBatchSize;
    }

    /**
     * Sets publishBuffer, unchecked until {@link #validate()}.
     *
     * @param publishBuffer the value
     */
    public void publishBuffer(int publishBuffer) {
      this.publishBuffer = publishBuffer;
    }

    /**
     * Sets publishTimeout, unchecked until {@link #validate()}.
     *
     * @param publishTimeout the value
     */
    public void publishTimeout(Duration publishTimeout) {
      this.publishTimeout = publishTimeout;
    }

    /**
     * Sets orderedByKey, unchecked until {@link #validate()}.
     *
     * @param orderedByKey the value
     */
    public void orderedByKey(boolean orderedByKey) {
      this.orderedByKey = orderedByKey;
    }

    /**
     * Sets recoveryInterval, unchecked until {@link #validate()}.
     *
     * @param recoveryInterval the value
     */
    public void recoveryInterval(Duration recoveryInterval) {
      this.recoveryInterval = recoveryInterval;
    }

    /**
     * Sets connectionTimeout, unchecked until {@link #validate()}.
     *
     * @param connectionTimeout the value
     */
    public void connectionTimeout(Duration connectionTimeout) {
      this.connectionTimeout = connectionTimeout;
    }

    /**
     * Sets maxMessageBytes, unchecked until {@link #validate()}.
     *
     * @param maxMessageBytes the value
     */
    public void maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Sets connectionName, unchecked until {@link #validate()}.
     *
     * @param connectionName the value
     */
    public void connectionName(String connectionName) {
      this.connectionName = connectionName;
    }

    /**
     * Checks every value; the error names the key, the value (never a secret) and the range.
     *
     * @return the settings
     */
    public Settings validate() {
      require(host != null && !host.isBlank(), ConfigTable.HOST, host, "a host name or address");
      int effectivePort = port == null ? (tls ? DEFAULT_TLS_PORT : DEFAULT_PORT) : port;
      require(
          effectivePort >= 1 && effectivePort <= 65_535,
          ConfigTable.PORT,
          effectivePort,
          "a port from 1 to 65535");
      require(
          virtualHost != null && !virtualHost.isEmpty(),
          ConfigTable.VIRTUAL_HOST,
          virtualHost,
          "a non-empty virtual host name, \"/\" for the default");
      require(
          username != null && !username.isEmpty(),
          ConfigTable.USERNAME,
          username,
          "a non-empty user name");
      if (password == null) {
        throw new ConfigurationException(qualified(ConfigTable.PASSWORD), "<null>", "a password");
      }
      require(queueType != null, ConfigTable.QUEUE_TYPE, null, "QUORUM or CLASSIC");
      require(
          confirmWindow >= 1 && confirmWindow <= 65_536,
          ConfigTable.CONFIRM_WINDOW,
          confirmWindow,
          "an integer from 1 to 65536");
      require(
          ackBatchSize >= 1 && ackBatchSize <= 65_535,
          ConfigTable.ACK_BATCH_SIZE,
          ackBatchSize,
          "an integer from 1 to 65535");
      require(
          publishBuffer >= 1 && publishBuffer <= 1_000_000,
          ConfigTable.PUBLISH_BUFFER,
          publishBuffer,
          "an integer from 1 to 1000000");
      requireDuration(
          publishTimeout, ConfigTable.PUBLISH_TIMEOUT, Duration.ofMillis(1), Duration.ofHours(1));
      requireDuration(
          recoveryInterval,
          ConfigTable.RECOVERY_INTERVAL,
          Duration.ofMillis(10),
          Duration.ofMinutes(10));
      requireDuration(
          connectionTimeout,
          ConfigTable.CONNECTION_TIMEOUT,
          Duration.ofMillis(100),
          Duration.ofMinutes(10));
      require(
          maxMessageBytes >= 1024 && maxMessageBytes <= 512L * 1024 * 1024,
          ConfigTable.MAX_MESSAGE_BYTES,
          maxMessageBytes,
          "a size from 1024 to 536870912 bytes");
      require(
          connectionName != null && !connectionName.isBlank(),
          ConfigTable.CONNECTION_NAME,
          connectionName,
          "a non-blank name");
      return new Settings(
          host,
          effectivePort,
          virtualHost,
          username,
          password,
          tls,
          sslContext,
          queueType,
          confirmWindow,
          ackBatchSize,
          publishBuffer,
          publishTimeout,
          orderedByKey,
          recoveryInterval,
          connectionTimeout,
          maxMessageBytes,
          connectionName);
    }

    private static void require(boolean ok, String key, Object value, String allowed) {
      if (!ok) {
        throw new ConfigurationException(qualified(key), value, allowed);
      }
    }

    private static void requireDuration(Duration d, String key, Duration min, Duration max) {
      require(
          d != null && d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
          key,
          ConfigKeys.durationText(d),
          "a duration from "
              + ConfigKeys.durationText(min)
              + " to "
              + ConfigKeys.durationText(max));
    }
  }
}
