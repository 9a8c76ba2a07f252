package dev.eventbus.eventbridge.internal;

import static dev.eventbus.eventbridge.internal.ConfigTable.ACCESS_KEY_ID;
import static dev.eventbus.eventbridge.internal.ConfigTable.ENDPOINT;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_BACKOFF;
import static dev.eventbus.eventbridge.internal.ConfigTable.PUBLISH_BACKOFF_MAX;
import static dev.eventbus.eventbridge.internal.ConfigTable.QUEUE_TYPE;
import static dev.eventbus.eventbridge.internal.ConfigTable.SECRET_ACCESS_KEY;
import static dev.eventbus.eventbridge.internal.ConfigTable.SESSION_TOKEN;
import static dev.eventbus.eventbridge.internal.ConfigTable.TABLE;
import static dev.eventbus.eventbridge.internal.ConfigTable.qualified;

import dev.eventbus.ConfigurationException;
import dev.eventbus.eventbridge.QueueType;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingValues;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The validated configuration of one EventBridge broker: a copy of the values of {@link
 * ConfigTable}'s rows, each read by its row, and the credentials they stand for. Immutable; {@link
 * #toString()} never shows credentials.
 */
public final class Settings {
  private final SettingValues values;
  private final AwsCredentialsProvider credentials;

  private Settings(SettingValues values, AwsCredentialsProvider credentials) {
    this.values = values;
    this.credentials = credentials;
  }

  /** Checks every value; the error names the first key whose value is not allowed. */
  public static Settings from(SettingValues values, AwsCredentialsProvider credentials) {
    TABLE.validate(values);
    Duration backoff = values.get(PUBLISH_BACKOFF);
    Duration backoffMax = values.get(PUBLISH_BACKOFF_MAX);
    if (backoffMax.compareTo(backoff) < 0) {
      throw new ConfigurationException(
          qualified(PUBLISH_BACKOFF_MAX),
          ConfigKeys.durationText(backoffMax),
          "a duration no shorter than publish-backoff (" + ConfigKeys.durationText(backoff) + ")");
    }
    return new Settings(values.copy(), credentials(values, credentials));
  }

  /** Static keys, if any are set, else the builder's provider (null for the default chain). */
  private static AwsCredentialsProvider credentials(
      SettingValues values, AwsCredentialsProvider provider) {
    String accessKeyId = values.get(ACCESS_KEY_ID);
    String secretAccessKey = values.get(SECRET_ACCESS_KEY);
    String sessionToken = values.get(SESSION_TOKEN);
    if (accessKeyId == null && secretAccessKey == null && sessionToken == null) {
      return provider;
    }
    if (provider != null) {
      throw new ConfigurationException(
          qualified(ACCESS_KEY_ID),
          "<redacted>",
          "either static keys or a credentials provider, not both");
    }
    if (accessKeyId == null || accessKeyId.isBlank()) {
      throw new ConfigurationException(
          qualified(ACCESS_KEY_ID), null, "an access key id with secret-access-key");
    }
    if (secretAccessKey == null || secretAccessKey.isBlank()) {
      throw new ConfigurationException(
          qualified(SECRET_ACCESS_KEY),
          secretAccessKey == null ? null : "<redacted>",
          "a secret access key with access-key-id");
    }
    return StaticCredentialsProvider.create(
        sessionToken == null
            ? AwsBasicCredentials.create(accessKeyId, secretAccessKey)
            : AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
  }

  /** A row's value: the one set, else its default (null for a key without one). */
  public <T> T get(Setting<T> setting) {
    return values.get(setting);
  }

  /** Explicit credentials, handed to the SDK clients only; null for the SDK's default chain. */
  AwsCredentialsProvider credentials() {
    return credentials;
  }

  /** One service's endpoint override: its own key, else {@code endpoint}; null for AWS's own. */
  URI endpoint(Setting<URI> service) {
    URI own = get(service);
    return own != null ? own : get(ENDPOINT);
  }

  /** Whether group queues are FIFO queues. */
  boolean fifo() {
    return get(QUEUE_TYPE) == QueueType.FIFO;
  }

  @Override
  public String toString() {
    return "EventBridgeSettings{credentials="
        + (credentials == null ? "(default chain)" : "<explicit, redacted>")
        + ", settings="
        + values
        + "}";
  }
}
