package dev.eventbus.rabbitmq.internal;

import static dev.eventbus.rabbitmq.internal.ConfigTable.HOST;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PASSWORD;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PORT;
import static dev.eventbus.rabbitmq.internal.ConfigTable.TABLE;
import static dev.eventbus.rabbitmq.internal.ConfigTable.TLS;
import static dev.eventbus.rabbitmq.internal.ConfigTable.USERNAME;
import static dev.eventbus.rabbitmq.internal.ConfigTable.VIRTUAL_HOST;

import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;

/**
 * The validated configuration of one RabbitMQ broker: a copy of the values of {@link ConfigTable}'s
 * rows that the public builder and flat configuration fill in, each read by its row ({@link #get}),
 * and the TLS context given to the builder. Immutable; {@link #toString()} never shows the
 * password.
 */
public final class Settings {
  /** AMQP's plain port. */
  public static final int DEFAULT_PORT = 5672;

  /** AMQP over TLS's port. */
  public static final int DEFAULT_TLS_PORT = 5671;

  private final SettingValues values;
  private final SSLContext sslContext;
  private final boolean tls;
  private final int port;

  private Settings(SettingValues values, SSLContext sslContext) {
    this.values = values;
    this.sslContext = sslContext;
    this.tls = values.get(TLS) || sslContext != null;
    Integer port = values.get(PORT);
    this.port = port != null ? port : tls ? DEFAULT_TLS_PORT : DEFAULT_PORT;
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
    return new Settings(values.copy(), sslContext);
  }

  /**
   * A row's value: the one set, else its default.
   *
   * @param setting a row of {@link ConfigTable}
   * @param <T> the value type
   * @return the value, or null for a key without default that was not set
   */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  /** Whether to connect with TLS: {@code tls} is set, or the builder was given a TLS context. */
  boolean tls() {
    return tls;
  }

  /** The AMQP port: the one set, else the plain or the TLS default. */
  int port() {
    return port;
  }

  /** The TLS context given to the builder, or null for the JVM's default one. */
  SSLContext sslContext() {
    return sslContext;
  }

  /**
   * Where this broker connects, for logs and errors, without the password.
   *
   * @return {@code amqp://user@host:port/vhost}
   */
  public String endpoint() {
    return "%s://%s@%s:%d/%s"
        .formatted(tls ? "amqps" : "amqp", get(USERNAME), get(HOST), port, get(VIRTUAL_HOST));
  }

  @Override
  public String toString() {
    return "RabbitMqSettings{endpoint=" + endpoint() + ", settings=" + values + "}";
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
