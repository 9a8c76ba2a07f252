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
import dev.eventbus.spi.SettingValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * Collects and validates the configuration of an {@link EventBus}; its keys, defaults and rules are
 * the rows of {@link BusSettings}.
 */
public final class DefaultEventBusBuilder implements EventBus.Builder {
  Broker broker;
  private String brokerName;
  private Map<String, String> brokerConfig = Map.of();
  String source = BusSettings.SOURCE.defaultValue();
  Codec codec = Codec.json();
  private Scheduler scheduler;
  MeterRegistry meterRegistry;
  ObservationRegistry observationRegistry = ObservationRegistry.NOOP;
  final TypeRegistry types = new TypeRegistry();
  GroupOptions groupDefaults = GroupOptions.ofDefaults();
  final Map<String, GroupOptions> groupOptions = new HashMap<>();
  final List<Middleware> middlewares = new ArrayList<>();
  IdempotencyStore idempotencyStore;
  int maxPendingPublishes = BusSettings.MAX_PENDING_PUBLISHES.defaultValue();
  Duration publishTimeout = BusSettings.PUBLISH_TIMEOUT.defaultValue();
  Duration closeTimeout = BusSettings.CLOSE_TIMEOUT.defaultValue();
  Duration deadLetterDepthRefresh = BusSettings.DEAD_LETTER_DEPTH_REFRESH.defaultValue();

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
    String name = sorted.get(BusSettings.TABLE.qualified(BusSettings.BROKER.name()));
    String brokerPrefix = name == null ? null : "eventbus." + name + ".";
    Map<String, String> own = new LinkedHashMap<>();
    Map<String, String> brokerKeys = new HashMap<>();
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("eventbus.")) {
        continue;
      }
      String unprefixed = key.substring("eventbus.".length());
      if (BusSettings.TABLE.knows(unprefixed)) {
        own.put(unprefixed, e.getValue());
      } else if (brokerPrefix != null && key.startsWith(brokerPrefix)) {
        brokerKeys.put(key.substring(brokerPrefix.length()), e.getValue());
      } else {
        throw BusSettings.TABLE.unknownKey(
            unprefixed,
            e.getValue(),
            "or a key under eventbus.<broker>. of the broker named by eventbus.broker");
      }
    }
    SettingValues values = BusSettings.TABLE.values();
    BusSettings.TABLE.apply(own, values);
    BusSettings.TABLE.validate(values);
    if (values.isSet(BusSettings.SOURCE)) {
      source(values.get(BusSettings.SOURCE));
    }
    if (values.isSet(BusSettings.PUBLISH_TIMEOUT)) {
      publishTimeout(values.get(BusSettings.PUBLISH_TIMEOUT));
    }
    if (values.isSet(BusSettings.MAX_PENDING_PUBLISHES)) {
      maxPendingPublishes(values.get(BusSettings.MAX_PENDING_PUBLISHES));
    }
    if (values.isSet(BusSettings.CLOSE_TIMEOUT)) {
      closeTimeout(values.get(BusSettings.CLOSE_TIMEOUT));
    }
    if (values.isSet(BusSettings.DEAD_LETTER_DEPTH_REFRESH)) {
      deadLetterDepthRefresh(values.get(BusSettings.DEAD_LETTER_DEPTH_REFRESH));
    }
    if (name != null) {
      broker(name, brokerKeys);
    }
    return this;
  }

  @Override
  public EventBus.Builder source(String source) {
    this.source = BusSettings.TABLE.check(BusSettings.SOURCE, source);
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
    this.maxPendingPublishes = BusSettings.TABLE.check(BusSettings.MAX_PENDING_PUBLISHES, max);
    return this;
  }

  @Override
  public EventBus.Builder publishTimeout(Duration timeout) {
    this.publishTimeout = BusSettings.TABLE.check(BusSettings.PUBLISH_TIMEOUT, timeout);
    return this;
  }

  @Override
  public EventBus.Builder closeTimeout(Duration timeout) {
    this.closeTimeout = BusSettings.TABLE.check(BusSettings.CLOSE_TIMEOUT, timeout);
    return this;
  }

  @Override
  public EventBus.Builder deadLetterDepthRefresh(Duration interval) {
    this.deadLetterDepthRefresh =
        BusSettings.TABLE.check(BusSettings.DEAD_LETTER_DEPTH_REFRESH, interval);
    return this;
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
        BusSettings.TABLE.qualified(BusSettings.BROKER.name()),
        brokerName,
        "the name of a broker provider on the class path: " + names);
  }
}
