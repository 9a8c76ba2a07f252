package dev.eventbus.spi;

import dev.eventbus.ConfigurationException;
import java.time.Duration;
import java.util.Objects;

/**
 * The rules of a broker's configuration that span keys, which a row cannot state alone: keys that
 * apply only when another key has some value, a value another key needs, a duration that must be
 * longer than another. An adapter checks them after {@link SettingTable#validate}, when its broker
 * is built. Each failure is a {@link ConfigurationException} as the table's own are: it names the
 * key as a user writes it ({@link #qualified}), the value (a secret as {@value
 * SecretRedaction#HIDDEN}) and what is allowed.
 *
 * <pre>{@code
 * SettingRules rules = new SettingRules(values);
 * rules.requireUnsetUnless(tls, "no value unless tls is true", TRUSTSTORE, KEYSTORE);
 * rules.requireLonger(DELIVERY_TIMEOUT, LINGER);
 * }</pre>
 *
 * <p>Reads the values it is given, which must not change while it checks them; not thread-safe.
 */
public final class SettingRules {
  private final SettingValues values;

  /**
   * Rules over one broker's values.
   *
   * @param values the values, checked by their table already
   */
  public SettingRules(SettingValues values) {
    this.values = Objects.requireNonNull(values, "values");
  }

  /**
   * A key as a user writes it.
   *
   * @param setting a row of the values' table
   * @return the table's prefix and the row's name: {@code eventbus.kafka.sasl.username}
   */
  public String qualified(Setting<?> setting) {
    return values.table().qualified(setting.name());
  }

  /**
   * Requires that none of the keys has a value unless they apply.
   *
   * @param applies whether the keys apply
   * @param allowed what the error says is allowed: {@code no value unless protocol is SSL}
   * @param settings rows of the values' table
   * @return these rules
   * @throws ConfigurationException naming the first key, in the order given, that has a value
   */
  public SettingRules requireUnsetUnless(boolean applies, String allowed, Setting<?>... settings) {
    if (!applies) {
      for (Setting<?> s : settings) {
        requireUnset(s, allowed);
      }
    }
    return this;
  }

  private <T> void requireUnset(Setting<T> setting, String allowed) {
    T value = values.get(setting);
    if (value != null) {
      throw invalid(setting, value, allowed);
    }
  }

  /**
   * Requires a value, and for text one that is not blank: for a key that another key's value needs.
   *
   * @param setting a row of the values' table
   * @param allowed what the error says is allowed: {@code a user name}
   * @param <T> the value type
   * @return these rules
   * @throws ConfigurationException if the key has no value or blank text
   */
  public <T> SettingRules requireSet(Setting<T> setting, String allowed) {
    T value = values.get(setting);
    if (value == null || value instanceof String text && text.isBlank()) {
      throw invalid(setting, value, allowed);
    }
    return this;
  }

  /**
   * Requires one duration to be longer than another, when both have a value.
   *
   * @param longer the row that must be longer
   * @param shorter the row it must exceed
   * @return these rules
   * @throws ConfigurationException naming {@code longer}: {@code more than <shorter's key>
   *     (<shorter's value>)}
   */
  public SettingRules requireLonger(Setting<Duration> longer, Setting<Duration> shorter) {
    return compare(longer, shorter, false, "more than ");
  }

  /**
   * Requires one duration to be at least as long as another, when both have a value.
   *
   * @param longer the row that must not be shorter
   * @param shorter the row it must reach
   * @return these rules
   * @throws ConfigurationException naming {@code longer}: {@code no shorter than <shorter's key>
   *     (<shorter's value>)}
   */
  public SettingRules requireNoShorter(Setting<Duration> longer, Setting<Duration> shorter) {
    return compare(longer, shorter, true, "no shorter than ");
  }

  private SettingRules compare(
      Setting<Duration> longer, Setting<Duration> shorter, boolean equalAllowed, String phrase) {
    Duration high = values.get(longer);
    Duration low = values.get(shorter);
    if (high != null && low != null) {
      int c = high.compareTo(low);
      if (c < 0 || c == 0 && !equalAllowed) {
        String allowed = phrase + qualified(shorter) + " (" + ConfigKeys.durationText(low) + ")";
        throw invalid(longer, high, allowed);
      }
    }
    return this;
  }

  /**
   * The error for a value a rule of the adapter's own rejects.
   *
   * @param setting a row of the values' table
   * @param value the value as set, shown unless the row is secret
   * @param allowed what is allowed
   * @param <T> the value type
   * @return the exception to throw
   */
  public <T> ConfigurationException invalid(Setting<T> setting, T value, String allowed) {
    return new ConfigurationException(qualified(setting), setting.shown(value), allowed);
  }

  /**
   * The error for the value of one name of a pattern row ({@code client.<property>}) that the
   * adapter's own check rejected, keeping the check's cause.
   *
   * @param pattern a pattern row of the values' table
   * @param name the name in the placeholder
   * @param value the value, shown unless that name holds a secret
   * @param rejected the check's exception, saying what is allowed
   * @param <T> the value type
   * @return the exception to throw: its key is the name's, such as {@code
   *     eventbus.kafka.client.acks}
   */
  public <T> ConfigurationException invalid(
      Setting<T> pattern, String name, T value, ConfigKeys.InvalidValueException rejected) {
    ConfigurationException error =
        new ConfigurationException(
            values.table().qualified(pattern.key(name)),
            pattern.shown(name, value),
            rejected.allowed());
    if (rejected.getCause() != null) {
      error.initCause(rejected.getCause());
    }
    return error;
  }
}
