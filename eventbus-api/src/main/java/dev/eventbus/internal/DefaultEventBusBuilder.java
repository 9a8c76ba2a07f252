package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.Middleware;
import dev.eventbus.Upcaster;
import dev.eventbus.idempotency.InMemoryIdempotencyStore;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerProvider;
import dev.eventbus.spi.Codec;
import dev.eventbus.spi.IdempotencyStore;
import dev.eventbus.spi.Scheduler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Collects and validates the configuration of an {@link EventBus}. */
public final class DefaultEventBusBuilder implements EventBus.Builder {
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  Broker broker;
  private String brokerName;
  private Map<String, String> brokerConfig = Map.of();
  String source = "urn:eventbus:local";
  Codec codec = Codec.json();
  private Scheduler scheduler;
  MeterRegistry meterRegistry;
  ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
  final TypeRegistry types = new TypeRegistry();
  GroupOptions groupDefaults = GroupOptions.ofDefaults();
  final Map<String, GroupOptions> groupOptions = new HashMap<>();
  final List<Middleware> middlewares = new ArrayList<>();
  IdempotencyStore idempotencyStore;
  int maxPendingPublishes = DEFAULT_MAX_PENDING_PUBLISHES;
  Duration publishTimeout = DEFAULT_PUBLISH_TIMEOUT;
  Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
  Duration deadLetterDepthRefresh = DEFAULT_DEAD_LETTER_DEPTH_REFRESH;

  @Override
  public EventBus.Builder broker(Broker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.brokerName = null;
    return this;
  }

  @Override
  public EventBus.Builder broker(String name, Map<String, String> config) {
    this.brokerName = Objects.requireNonNull(name, "name");
    this.brokerConfig = Map.copyOf(config);
    this.broker = null;
    return this;
  }

  @Override
  public EventBus.Builder configure(Map<String, String> properties) {
    Map<String, String> sorted = new TreeMap<>(properties);
    String name = sorted.get("eventbus.broker");
    Map<String, String> brokerKeys = new HashMap<>();
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!key.startsWith("eventbus.")) {
        continue;
      }
      switch (key) {
        case "eventbus.broker" -> {}
        case "eventbus.source" -> source(value);
        case "eventbus.publish.timeout" -> publishTimeout(Durations.parse(key, value));
        case "eventbus.close.timeout" -> closeTimeout(Durations.parse(key, value));
        case "eventbus.publish.max-pending" -> maxPendingPublishes(integer(key, value));
        case "eventbus.metrics.dead-letter-refresh" ->
            deadLetterDepthRefresh(Durations.parse(key, value));
        default -> {
          String prefix = name == null ? null : "eventbus." + name + ".";
          if (prefix != null && key.startsWith(prefix)) {
            brokerKeys.put(key.substring(prefix.length()), value);
          } else {
            throw new ConfigurationException(
                key,
                redactIfSecret(key, value),
                "one of eventbus.broker, eventbus.source, eventbus.publish.timeout, "
                    + "eventbus.publish.max-pending, eventbus.close.timeout, "
                    + "eventbus.metrics.dead-letter-refresh, or a key under "
                    + "eventbus.<broker>. of the broker named by eventbus.broker");
          }
        }
      }
    }
    if (name != null) {
      broker(name, brokerKeys);
    }
    return this;
  }

  private static Object redactIfSecret(String key, String value) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("password") || k.contains("secret") || k.contains("jaas") || k.contains("key")
        ? "<redacted>"
        : value;
  }

  private static int integer(String key, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(key, value, "an integer");
    }
  }

  @Override
  public EventBus.Builder source(String source) {
    if (source == null || source.isBlank()) {
      throw new ConfigurationException("eventbus.source", source, "a non-blank URI-reference");
    }
    this.source = source;
    return this;
  }

  @Override
  public EventBus.Builder codec(Codec codec) {
    this.codec = Objects.requireNonNull(codec, "codec");
    return this;
  }

  @Override
  public EventBus.Builder scheduler(Scheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  @Override
  public EventBus.Builder meterRegistry(MeterRegistry registry) {
    this.meterRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  @Override
  public EventBus.Builder observationRegistry(ObservationRegistry registry) {
    this.observationRegistry = Objects.requireNonNull(registry, "registry");
    return this;
  }

  @Override
  public EventBus.Builder registerType(Class<?> type) {
    types.infoFor(Objects.requireNonNull(type, "type"));
    return this;
  }

  @Override
  public EventBus.Builder registerType(String name, int version, Class<?> type) {
    types.register(name, version, Objects.requireNonNull(type, "type"));
    return this;
  }

  @Override
  public EventBus.Builder upcaster(String name, int fromVersion, Upcaster upcaster) {
    types.addUpcaster(name, fromVersion, Objects.requireNonNull(upcaster, "upcaster"));
    return this;
  }

  @Override
  public EventBus.Builder groupDefaults(GroupOptions options) {
    this.groupDefaults = Objects.requireNonNull(options, "options");
    return this;
  }

  @Override
  public EventBus.Builder group(String group, GroupOptions options) {
    if (group == null || group.isBlank()) {
      throw new ConfigurationException("group", group, "a non-blank group name");
    }
    groupOptions.put(group, Objects.requireNonNull(options, "options"));
    return this;
  }

  @Override
  public EventBus.Builder middleware(Middleware middleware) {
    middlewares.add(Objects.requireNonNull(middleware, "middleware"));
    return this;
  }

  @Override
  public EventBus.Builder idempotencyStore(IdempotencyStore store) {
    this.idempotencyStore = Objects.requireNonNull(store, "store");
    return this;
  }

  @Override
  public EventBus.Builder maxPendingPublishes(int max) {
    if (max < 1 || max > 1_000_000) {
      throw new ConfigurationException(
          "eventbus.publish.max-pending", max, "an integer from 1 to 1000000");
    }
    this.maxPendingPublishes = max;
    return this;
  }

  @Override
  public EventBus.Builder publishTimeout(Duration timeout) {
    this.publishTimeout = bounded("eventbus.publish.timeout", timeout);
    return this;
  }

  @Override
  public EventBus.Builder closeTimeout(Duration timeout) {
    this.closeTimeout = bounded("eventbus.close.timeout", timeout);
    return this;
  }

  @Override
  public EventBus.Builder deadLetterDepthRefresh(Duration interval) {
    this.deadLetterDepthRefresh = bounded("eventbus.metrics.dead-letter-refresh", interval);
    return this;
  }

  private static Duration bounded(String key, Duration d) {
    if (d == null || d.isNegative() || d.compareTo(TEN_MINUTES) > 0) {
      throw new ConfigurationException(key, d, "a duration from 0 to 10 minutes");
    }
    return d;
  }

  @Override
  public EventBus build() {
    Broker chosen = broker != null ? broker : brokerName != null ? fromProvider() : null;
    if (chosen == null) {
      chosen = InMemoryBroker.create();
    }
    if (meterRegistry == null) {
      meterRegistry = new CompositeMeterRegistry(); // with no registry in it: records nothing
    }
    if (idempotencyStore == null) {
      idempotencyStore = InMemoryIdempotencyStore.ofDefaults();
    }
    return new DefaultEventBus(
        this, chosen, scheduler != null ? scheduler : SystemScheduler.shared());
  }

  private Broker fromProvider() {
    List<String> names = new ArrayList<>();
    for (BrokerProvider p : ServiceLoader.load(BrokerProvider.class)) {
      if (p.name().equals(brokerName)) {
        return p.create(brokerConfig);
      }
      names.add(p.name());
    }
    throw new ConfigurationException(
        "eventbus.broker", brokerName, "the name of a broker provider on the class path: " + names);
  }
}
