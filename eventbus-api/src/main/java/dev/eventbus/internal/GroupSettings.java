package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.GroupOptions;
import dev.eventbus.RetryPolicy;
import dev.eventbus.spi.ConfigKeys;
import dev.eventbus.spi.Setting;
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingValues;
import dev.eventbus.spi.StartPosition;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-group keys {@code eventbus.groups.<group>.*} as typed rows: {@link GroupOptions} and its
 * {@link RetryPolicy} in flat configuration ({@code configure(Map)}, and so Spring Boot
 * properties). {@code docs/configuration.md} shows {@link #TABLE}'s generated reference.
 *
 * <p>A group's keys start from the builder's {@code groupDefaults}; a group given options in code
 * ({@code group(name, options)}) takes none of them. Not thread-safe: one per builder.
 */
final class GroupSettings {
  private static final Duration DAY = Duration.ofHours(24);
  private static final String PREFIX = "groups.<group>.";

  static final Setting<Integer> CONCURRENCY =
      Setting.of(PREFIX + "concurrency", Setting.INT)
          .defaultValue(GroupOptions.DEFAULT_CONCURRENCY)
          .check(Setting.Check.range(1, 1024))
          .doc("`concurrency`: handler calls at once per subscription (one at a time per key).")
          .build();

  static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.of(PREFIX + "max-in-flight", Setting.INT)
          .defaultValue(GroupOptions.DEFAULT_MAX_IN_FLIGHT)
          .check(Setting.Check.range(1, 65536))
          .doc(
              "`maxInFlight`: deliveries received and not yet settled, at most; at least the"
                  + " group's concurrency.")
          .build();

  static final Setting<Boolean> IDEMPOTENT =
      Setting.of(PREFIX + "idempotent", Setting.BOOLEAN)
          .defaultValue(false)
          .doc("`idempotent`: skip events whose id the group already handled.")
          .build();

  static final Setting<StartPosition> START_POSITION =
      Setting.of(PREFIX + "start-position", Setting.enumType(StartPosition.class))
          .defaultValue(StartPosition.LATEST)
          .doc("`startPosition`: where a group new to a topic starts.")
          .build();

  static final Setting<Integer> MAX_ATTEMPTS =
      Setting.of(PREFIX + "retry.max-attempts", Setting.INT)
          .defaultValue(RetryPolicy.DEFAULT_MAX_ATTEMPTS)
          .check(Setting.Check.range(1, 100))
          .doc("`retry.maxAttempts`: attempts in all, the first included; 1 retries nothing.")
          .build();

  static final Setting<Duration> INITIAL_DELAY =
      Setting.duration(
              PREFIX + "retry.initial-delay", RetryPolicy.DEFAULT_INITIAL_DELAY, Duration.ZERO, DAY)
          .doc("`retry.initialDelay`: the backoff before the first retry.")
          .build();

  static final Setting<Duration> MAX_DELAY =
      Setting.duration(
              PREFIX + "retry.max-delay", RetryPolicy.DEFAULT_MAX_DELAY, Duration.ZERO, DAY)
          .doc("`retry.maxDelay`: the longest backoff; at least the initial delay.")
          .build();

  static final Setting<Double> MULTIPLIER =
      Setting.of(PREFIX + "retry.multiplier", number())
          .defaultValue(RetryPolicy.DEFAULT_MULTIPLIER)
          .check(m -> m >= 1.0 && m <= 10.0, "a number from 1.0 to 10.0")
          .doc("`retry.multiplier`: each backoff is the one before times this.")
          .build();

  /** Every per-group key, in documentation order. */
  static final SettingTable TABLE =
      new SettingTable(
          ConfigurationSources.PREFIX,
          List.of(
              CONCURRENCY,
              MAX_IN_FLIGHT,
              IDEMPOTENT,
              START_POSITION,
              MAX_ATTEMPTS,
              INITIAL_DELAY,
              MAX_DELAY,
              MULTIPLIER));

  // Each configure(Map) call over the earlier ones, key by key.
  private final Map<String, String> keys = new LinkedHashMap<>();

  /** Whether a key without {@code eventbus.} is a per-group key. */
  static boolean knows(String rest) {
    return rest.startsWith("groups.") && TABLE.knows(rest);
  }

  /**
   * Adds the per-group keys of one {@code configure(Map)} call, over earlier calls', and checks
   * them at once.
   *
   * @param config per-group keys without {@code eventbus.}
   * @throws ConfigurationException naming the key, the value and what is allowed
   */
  void configure(Map<String, String> config) {
    Map<String, String> merged = new LinkedHashMap<>(keys);
    merged.putAll(config);
    for (String group : groups(parse(merged))) {
      optionsOf(parse(merged), group, GroupOptions.ofDefaults());
    }
    keys.clear();
    keys.putAll(merged);
  }

  /**
   * The options of each group with keys, over the defaults, except groups set in code.
   *
   * @param outside the group keys read from outside the code ({@code configureFromEnvironment}),
   *     below those of {@code configure(Map)}
   * @param defaults the builder's group defaults
   * @param inCode the groups given options by {@code group(name, options)}
   * @return options by group
   */
  Map<String, GroupOptions> options(
      Map<String, String> outside, GroupOptions defaults, Set<String> inCode) {
    Map<String, String> merged = new LinkedHashMap<>(outside);
    merged.putAll(keys);
    SettingValues values = parse(merged);
    Map<String, GroupOptions> options = new LinkedHashMap<>();
    for (String group : groups(values)) {
      if (!inCode.contains(group)) {
        options.put(group, optionsOf(values, group, defaults));
      }
    }
    return options;
  }

  private static SettingValues parse(Map<String, String> config) {
    SettingValues values = TABLE.values();
    TABLE.apply(config, values);
    TABLE.validate(values);
    return values;
  }

  private static Set<String> groups(SettingValues values) {
    Set<String> groups = new LinkedHashSet<>();
    for (Setting<?> s : TABLE.settings()) {
      groups.addAll(values.getAll(s).keySet());
    }
    return groups;
  }

  private static GroupOptions optionsOf(SettingValues values, String group, GroupOptions base) {
    int concurrency = value(values, CONCURRENCY, group, base.concurrency());
    int maxInFlight = value(values, MAX_IN_FLIGHT, group, base.maxInFlight());
    if (maxInFlight < concurrency) {
      throw rejected(
          MAX_IN_FLIGHT,
          group,
          String.valueOf(maxInFlight),
          "an integer from the group's concurrency (" + concurrency + ") to 65536");
    }
    return base.toBuilder()
        .concurrency(concurrency)
        .maxInFlight(maxInFlight)
        .idempotent(value(values, IDEMPOTENT, group, base.idempotent()))
        .startPosition(value(values, START_POSITION, group, base.startPosition()))
        .retry(retryOf(values, group, base.retry()))
        .build();
  }

  /**
   * The defaults' policy, or with a retry key a new one from its numbers and jitter; exception
   * filters ({@code retryOn}, {@code noRetryOn}) are set in code only.
   */
  private static RetryPolicy retryOf(SettingValues values, String group, RetryPolicy base) {
    List<Setting<?>> retryRows = List.of(MAX_ATTEMPTS, INITIAL_DELAY, MAX_DELAY, MULTIPLIER);
    if (retryRows.stream().noneMatch(row -> values.getAll(row).containsKey(group))) {
      return base;
    }
    Duration initial = value(values, INITIAL_DELAY, group, base.initialDelay());
    Duration max = value(values, MAX_DELAY, group, base.maxDelay());
    if (max.compareTo(initial) < 0) {
      boolean maxSet = values.getAll(MAX_DELAY).containsKey(group);
      throw rejected(
          maxSet ? MAX_DELAY : INITIAL_DELAY,
          group,
          ConfigKeys.durationText(maxSet ? max : initial),
          "retry.initial-delay ("
              + ConfigKeys.durationText(initial)
              + ") at most retry.max-delay ("
              + ConfigKeys.durationText(max)
              + ")");
    }
    return RetryPolicy.custom()
        .maxAttempts(value(values, MAX_ATTEMPTS, group, base.maxAttempts()))
        .initialDelay(initial)
        .maxDelay(max)
        .multiplier(value(values, MULTIPLIER, group, base.multiplier()))
        .jitter(base.jitter())
        .build();
  }

  private static <T> T value(SettingValues values, Setting<T> row, String group, T otherwise) {
    T value = values.getAll(row).get(group);
    return value != null ? value : otherwise;
  }

  private static ConfigurationException rejected(
      Setting<?> row, String group, String value, String allowed) {
    String name = row.name();
    String key =
        name.substring(0, name.indexOf('<')) + group + name.substring(name.indexOf('>') + 1);
    return new ConfigurationException(TABLE.qualified(key), value, allowed);
  }

  /** A decimal number, as {@code 2.0} or {@code 1.5}. */
  private static Setting.Type<Double> number() {
    return Setting.Type.of(
        "double",
        "a number",
        text -> {
          try {
            double d = Double.parseDouble(text);
            if (!Double.isFinite(d)) {
              throw new NumberFormatException(text);
            }
            return d;
          } catch (NumberFormatException e) {
            throw new ConfigKeys.InvalidValueException("a number");
          }
        },
        String::valueOf);
  }
}
