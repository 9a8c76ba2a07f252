package dev.eventbus.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Builds a {@link Setting}: start with {@link Setting#of}. Not thread-safe.
 *
 * @param <T> the value type
 */
public final class SettingBuilder<T> {
  final String name;
  final Setting.Type<T> type;
  T defaultValue;
  String defaultText;
  String doc;
  boolean secret;
  Predicate<String> secretNames;
  boolean required;
  String allowed;
  String deprecation;
  final List<Setting.Check<T>> rules = new ArrayList<>();

  SettingBuilder(String name, Setting.Type<T> type) {
    this.name = Objects.requireNonNull(name, "name");
    this.type = Objects.requireNonNull(type, "type");
  }

  /**
   * The default.
   *
   * @param value the default, used when no value is set
   * @return this builder
   */
  public SettingBuilder<T> defaultValue(T value) {
    this.defaultValue = value;
    return this;
  }

  /**
   * How the documentation shows the default, where it is not a plain value ({@code 5672 (5671 with
   * TLS)}).
   *
   * @param text the text
   * @return this builder
   */
  public SettingBuilder<T> defaultText(String text) {
    this.defaultText = text;
    return this;
  }

  /**
   * What the key does.
   *
   * @param doc the documentation (Markdown)
   * @return this builder
   */
  public SettingBuilder<T> doc(String doc) {
    this.doc = doc;
    return this;
  }

  /** {@return this builder, whose value is now a secret: never shown} */
  public SettingBuilder<T> secret() {
    this.secret = true;
    return this;
  }

  /**
   * For a pattern: the names whose values are secrets, never shown ({@code client.<property>} hides
   * {@code client.sasl.jaas.config} but shows {@code client.linger.ms}).
   *
   * @param names true for a name in the placeholder's place whose value is a secret; called from
   *     any thread
   * @return this builder
   */
  public SettingBuilder<T> secretWhen(Predicate<String> names) {
    this.secretNames = Objects.requireNonNull(names, "names");
    return this;
  }

  /** {@return this builder, whose value is now required: building fails without one} */
  public SettingBuilder<T> required() {
    this.required = true;
    return this;
  }

  /**
   * Adds a rule.
   *
   * @param test true for an allowed value (never given null)
   * @param allowed what the rule allows, for errors: {@code a non-blank name}
   * @return this builder
   */
  public SettingBuilder<T> check(Predicate<T> test, String allowed) {
    return check(new Setting.Check<>(test, allowed));
  }

  /**
   * Adds a rule.
   *
   * @param check the rule
   * @return this builder
   */
  public SettingBuilder<T> check(Setting.Check<T> check) {
    rules.add(Objects.requireNonNull(check, "check"));
    return this;
  }

  /**
   * What errors say is allowed, where the rules' own phrases do not say it whole.
   *
   * @param allowed the phrase
   * @return this builder
   */
  public SettingBuilder<T> allowed(String allowed) {
    this.allowed = allowed;
    return this;
  }

  /**
   * Deprecates the key: still accepted, with one warning per process saying why.
   *
   * @param why what the key did and what replaces it
   * @return this builder
   */
  public SettingBuilder<T> deprecated(String why) {
    this.deprecation = Objects.requireNonNull(why, "why");
    return this;
  }

  /** {@return the row} */
  public Setting<T> build() {
    return new Setting<>(this);
  }
}
