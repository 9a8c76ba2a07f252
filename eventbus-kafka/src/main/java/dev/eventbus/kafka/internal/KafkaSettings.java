package dev.eventbus.kafka.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingValues;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The validated configuration of a Kafka broker: a copy of the values of {@link KafkaConfigTable}'s
 * rows, each read by its row ({@link #get}), and the few values derived from them. Immutable.
 * Secrets are kept here and only here; {@link #toString()} redacts them, and the values of client
 * properties that kafka-clients types as passwords. Errors name keys as a user writes them.
 */
public final class KafkaSettings {
  private static final Set<String> MECHANISMS = Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

  /**
   * Checks every value against its row, then the rules that span keys.
   *
   * @throws ConfigurationException naming the first key whose value is not allowed, the value
   *     (never a secret) and what is allowed
   */
  public static KafkaSettings from(SettingValues values) {
    KafkaConfigTable.TABLE.validate(values);
    Duration linger = values.get(KafkaConfigTable.PRODUCER_LINGER);
    Duration deliveryTimeout = values.get(KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT);
    if (deliveryTimeout.compareTo(linger) <= 0) {
      String allowed = "more than " + KafkaConfigTable.qualified(KafkaConfigTable.PRODUCER_LINGER);
      throw invalid(
          KafkaConfigTable.PRODUCER_DELIVERY_TIMEOUT,
          deliveryTimeout,
          allowed + " (" + ConfigKeys.durationText(linger) + ")");
    }
    String protocol = values.get(KafkaConfigTable.SECURITY_PROTOCOL).toUpperCase(Locale.ROOT);
    Map<String, String> clientProperties = values.getAll(KafkaConfigTable.CLIENT_PROPERTY);
    // Checked before the copy, which would reject a missing value without naming its key.
    new TreeMap<>(clientProperties).forEach(KafkaSettings::validateClientProperty);
    validateSasl(protocol, values, clientProperties.containsKey("sasl.jaas.config"));
    if (!protocol.endsWith("SSL")) {
      String allowed = "no value unless security.protocol is SSL or SASL_SSL";
      requireUnset(values, KafkaConfigTable.SSL_TRUSTSTORE_LOCATION, allowed);
      requireUnset(values, KafkaConfigTable.SSL_KEYSTORE_LOCATION, allowed);
    }
    return new KafkaSettings(values.copy(), protocol, clientProperties);
  }

  final String securityProtocol; // upper-case
  final Map<String, String> clientProperties; // client.<property> values by property name
  final Map<String, Instant> groupStartTimes; // group.<name>.start-time values by group
  private final SettingValues values;

  private KafkaSettings(
      SettingValues values, String securityProtocol, Map<String, String> clientProperties) {
    this.values = values;
    this.securityProtocol = securityProtocol;
    this.clientProperties = Map.copyOf(clientProperties);
    this.groupStartTimes = Map.copyOf(values.getAll(KafkaConfigTable.GROUP_START_TIME));
  }

  /** A row's value: the one set, else its default (null for neither). */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  private static void validateClientProperty(String name, String value) {
    try {
      ClientPropertyDefinitions.check(name, value);
    } catch (ConfigKeys.InvalidValueException invalid) {
      ConfigurationException error =
          new ConfigurationException(
              KafkaConfigTable.TABLE.qualified("client." + name),
              KafkaConfigTable.CLIENT_PROPERTY.shown(name, value),
              invalid.allowed());
      error.initCause(invalid.getCause());
      throw error;
    }
  }

  /** SASL needs a mechanism and credentials, or a JAAS configuration of its own; nothing else. */
  private static void validateSasl(String protocol, SettingValues values, boolean customJaas) {
    if (!protocol.startsWith("SASL")) {
      String allowed = "no SASL settings unless security.protocol is SASL_PLAINTEXT or SASL_SSL";
      requireUnset(values, KafkaConfigTable.SASL_MECHANISM, allowed);
      requireUnset(values, KafkaConfigTable.SASL_USERNAME, allowed);
      return;
    }
    if (customJaas) {
      String allowed = "no username/password when client.sasl.jaas.config is set";
      requireUnset(values, KafkaConfigTable.SASL_USERNAME, allowed);
      requireUnset(values, KafkaConfigTable.SASL_PASSWORD, allowed);
      return;
    }
    String mechanism = values.get(KafkaConfigTable.SASL_MECHANISM);
    if (mechanism == null || !MECHANISMS.contains(mechanism.toUpperCase(Locale.ROOT))) {
      throw invalid(
          KafkaConfigTable.SASL_MECHANISM,
          mechanism,
          "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (or client.sasl.jaas.config for others)");
    }
    String username = values.get(KafkaConfigTable.SASL_USERNAME);
    if (username == null || username.isBlank()) {
      throw invalid(KafkaConfigTable.SASL_USERNAME, username, "a user name");
    }
    if (values.get(KafkaConfigTable.SASL_PASSWORD) == null) {
      throw invalid(KafkaConfigTable.SASL_PASSWORD, null, "a password");
    }
  }

  private static <T> void requireUnset(SettingValues values, Setting<T> setting, String allowed) {
    T value = values.get(setting);
    if (value != null) {
      throw invalid(setting, value, allowed);
    }
  }

  private static <T> ConfigurationException invalid(Setting<T> setting, T value, String allowed) {
    return new ConfigurationException(
        KafkaConfigTable.qualified(setting), setting.shown(value), allowed);
  }

  @Override
  public String toString() {
    return "KafkaSettings" + values;
  }
}
