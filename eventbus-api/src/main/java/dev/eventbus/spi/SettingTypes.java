package dev.eventbus.spi;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Value types and rules for rows beyond those of {@link Setting}: a point in time, an enum written
 * in lower case, one of a few names. Each error says what is allowed, never how a parser failed.
 * Immutable and thread-safe.
 */
public final class SettingTypes {
  private static final String INSTANT_TEXT = "an ISO-8601 instant such as 2025-01-31T00:00:00Z";

  /** An ISO-8601 instant such as {@code 2025-01-31T00:00:00Z}. */
  public static final Setting.Type<Instant> INSTANT =
      Setting.Type.of("instant", INSTANT_TEXT, SettingTypes::instant, Instant::toString);

  private SettingTypes() {}

  /**
   * An enum's constants written in lower case, as protocols often name their modes ({@code
   * binary}), and parsed in any case.
   *
   * @param type the enum
   * @param <E> the enum type
   * @return the type, named and described by its constants: {@code binary or structured}
   */
  public static <E extends Enum<E>> Setting.Type<E> lowerCaseEnum(Class<E> type) {
    String names =
        String.join(
            " or ", Arrays.stream(type.getEnumConstants()).map(SettingTypes::lowerCase).toList());
    return Setting.Type.of(
        names,
        names,
        text -> {
          try {
            return ConfigKeys.enumValue(text, type);
          } catch (ConfigKeys.InvalidValueException e) {
            throw new ConfigKeys.InvalidValueException(names);
          }
        },
        SettingTypes::lowerCase);
  }

  /**
   * A rule for text that is one of a few names, in any case ({@code lz4} or {@code LZ4}).
   *
   * @param names the names, two or more, as errors list them
   * @return the rule, allowing {@code none, gzip or lz4}
   */
  public static Setting.Check<String> oneOf(String... names) {
    List<String> all = List.of(names);
    String last = all.get(all.size() - 1);
    return new Setting.Check<>(
        text -> all.stream().anyMatch(text::equalsIgnoreCase),
        String.join(", ", all.subList(0, all.size() - 1)) + " or " + last);
  }

  private static String lowerCase(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  private static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new ConfigKeys.InvalidValueException(INSTANT_TEXT);
    }
  }
}
