package dev.eventbus.rabbitmq.internal;

import static dev.eventbus.rabbitmq.internal.ConfigTable.HOST;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PASSWORD;
import static dev.eventbus.rabbitmq.internal.ConfigTable.PORT;
import static dev.eventbus.rabbitmq.internal.ConfigTable.TABLE;
import static dev.eventbus.rabbitmq.internal.ConfigTable.TLS;
import static dev.eventbus.rabbitmq.internal.ConfigTable.USERNAME;
import static dev.eventbus.rabbitmq.internal.ConfigTable.VIRTUAL_HOST;

import dev.eventbus.rabbitmq.ContentMode;
import dev.eventbus.spi.SecretRedaction;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The validated configuration of one RabbitMQ broker: a copy of the values of {@link ConfigTable}'s
 * rows, each read by its row, and the TLS context given to the builder. Immutable; {@link
 * #toString()} never shows the password.
 */
public final class Settings {
  private final SettingValues values;
  final SSLContext sslContext; // the builder's, or null for the JVM's default
  final boolean tls; // tls is set, or the builder was given a TLS context
  final int port; // the one set, else AMQP's plain or TLS port
  private final ContentMode contentMode;
  private final Map<String, ContentMode> topicContentModes; // topic.<name>.content-mode by topic
  final SecretRedaction redaction; // for a client's errors shown in health and exceptions

  private Settings(SettingValues values, SSLContext sslContext) {
    this.values = values;
    this.sslContext = sslContext;
    this.contentMode = values.get(ConfigTable.CONTENT_MODE);
    this.topicContentModes = Map.copyOf(values.getAll(ConfigTable.TOPIC_CONTENT_MODE));
    this.redaction = SecretRedaction.of(values, List.of());
    this.tls = values.get(TLS) || sslContext != null;
    Integer port = values.get(PORT);
    this.port = port != null ? port : tls ? 5671 : 5672;
  }

  /** Checks every value (a ConfigurationException names the first not allowed) and copies them. */
  public static Settings from(SettingValues values, SSLContext sslContext) {
    TABLE.validate(values);
    return new Settings(values.copy(), sslContext);
  }

  /** A row's value: the one set, else its default (null if it has none). */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  /** The content mode of what is published to a topic: the topic's own, else the broker's. */
  ContentMode contentMode(String topic) {
    return topicContentModes.getOrDefault(topic, contentMode);
  }

  /** Where this broker connects, without the password: {@code amqp://user@host:port/vhost}. */
  String endpoint() {
    return "%s://%s@%s:%d/%s"
        .formatted(tls ? "amqps" : "amqp", get(USERNAME), get(HOST), port, get(VIRTUAL_HOST));
  }

  @Override
  public String toString() {
    return "RabbitMqSettings{endpoint=" + endpoint() + ", settings=" + values + "}";
  }

  /**
   * As {@link #applyUri(URI, SettingValues, boolean)}, overriding, with a URI parsed by its row.
   */
  public static void applyUri(String uri, SettingValues values) {
    TABLE.apply(Map.of(ConfigTable.URI_SETTING.name(), uri == null ? "" : uri), values);
    applyUri(values.get(ConfigTable.URI_SETTING), values, true);
  }

  /**
   * Sets host, port, virtual host, credentials and TLS from a URI checked by {@link
   * ConfigTable#AMQP_URI}. With {@code override} its parts replace values already set (a builder's
   * later setters win), without it they only fill in the rest (flat configuration: other keys win).
   */
  public static void applyUri(URI uri, SettingValues values, boolean override) {
    set(values, TLS, uri.getScheme().equalsIgnoreCase("amqps"), override);
    set(values, HOST, uri.getHost(), override);
    set(values, PORT, uri.getPort() == -1 ? null : uri.getPort(), override);
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      set(values, USERNAME, decode(colon < 0 ? userInfo : userInfo.substring(0, colon)), override);
      if (colon >= 0) {
        set(values, PASSWORD, decode(userInfo.substring(colon + 1)), override);
      }
    }
    String path = uri.getRawPath();
    if (path != null && path.length() > 1) {
      set(values, VIRTUAL_HOST, decode(path.substring(1)), override);
    }
  }

  private static <T> void set(SettingValues values, Setting<T> setting, T value, boolean override) {
    if (override || !values.isSet(setting)) {
      values.set(setting, value);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
