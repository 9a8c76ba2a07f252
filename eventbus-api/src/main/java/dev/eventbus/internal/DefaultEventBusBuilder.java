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
import dev.eventbus.spi.SettingTable;
import dev.eventbus.spi.SettingValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects and validates the configuration of an {@link EventBus}; its keys, defaults and rules are
 * the rows of {@link BusSettings}. Setters take effect at once; flat configuration ({@code
 * configure(Map)} and, once asked for, the environment) is kept in {@link ConfigurationSources} and
 * resolved key by key when the bus is built, below what the setters set.
 */
public final class DefaultEventBusBuilder implements EventBus.Builder {
  private static final Logger log = LoggerFactory.getLogger(DefaultEventBusBuilder.class);
  private static final String MEMORY = "memory";

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
  // Bus keys set by a setter: no source of flat configuration overrides them.
  private final Set<String> setInCode = new HashSet<>();
  private final ConfigurationSources sources = new ConfigurationSources();
  private final GroupSettings groupSettings = new GroupSettings();
  private boolean fromEnvironment;
  private List<BrokerProvider> providers;

  @Override
  public EventBus.Builder broker(Broker broker) {
    this.broker = Objects.requireNonNull(broker, "broker");
    this.brokerName = null;
    setInCode.add(BusSettings.BROKER.name());
    return this;
  }

  @Override
  public EventBus.Builder broker(String name, Map<String, String> config) {
    this.brokerName = Objects.requireNonNull(name, "name");
    this.brokerConfig = Map.copyOf(config);
    this.broker = null;
    setInCode.add(BusSettings.BROKER.name());
    return this;
  }

  @Override
  public EventBus.Builder configure(Map<String, String> properties) {
    Map<String, String> sorted = new TreeMap<>(properties);
    String name = sorted.get(BusSettings.TABLE.qualified(BusSettings.BROKER.name()));
    Map<String, String> own = new LinkedHashMap<>();
    Map<String, String> groups = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : sorted.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith(ConfigurationSources.PREFIX)) {
        continue;
      }
      String rest = key.substring(ConfigurationSources.PREFIX.length());
      if (BusSettings.TABLE.knows(rest)) {
        own.put(rest, e.getValue());
      } else if (GroupSettings.knows(rest)) {
        groups.put(rest, e.getValue());
      } else if (!(name != null && rest.startsWith(name + "."))
          && ConfigurationSources.providerOf(rest, providerNames()) == null) {
        throw ConfigurationSources.unknown(rest, e.getValue(), providerNames());
      }
    }
    // The bus's keys fail here, at the call; they take effect when the bus is built, below setters.
    SettingValues values = BusSettings.TABLE.values();
    BusSettings.TABLE.apply(own, values);
    BusSettings.TABLE.validate(values);
    groupSettings.configure(groups);
    sources.configure(sorted);
    return this;
  }

  @Override
  public EventBus.Builder configureFromEnvironment() {
    Map<String, String> properties = new HashMap<>();
    Properties system = System.getProperties();
    for (String name : system.stringPropertyNames()) {
      properties.put(name, system.getProperty(name));
    }
    return configureFrom(properties, System.getenv());
  }

  /** {@link #configureFromEnvironment()} with the given system properties and environment. */
  DefaultEventBusBuilder configureFrom(
      Map<String, String> systemProperties, Map<String, String> environment) {
    sources.readOutside(systemProperties, environment, providerNames());
    fromEnvironment = true;
    return this;
  }

  @Override
  public EventBus.Builder source(String source) {
    this.source = BusSettings.TABLE.check(BusSettings.SOURCE, source);
    setInCode.add(BusSettings.SOURCE.name());
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
    setInCode.add(BusSettings.MAX_PENDING_PUBLISHES.name());
    return this;
  }

  @Override
  public EventBus.Builder publishTimeout(Duration timeout) {
    this.publishTimeout = BusSettings.TABLE.check(BusSettings.PUBLISH_TIMEOUT, timeout);
    setInCode.add(BusSettings.PUBLISH_TIMEOUT.name());
    return this;
  }

  @Override
  public EventBus.Builder closeTimeout(Duration timeout) {
    this.closeTimeout = BusSettings.TABLE.check(BusSettings.CLOSE_TIMEOUT, timeout);
    setInCode.add(BusSettings.CLOSE_TIMEOUT.name());
    return this;
  }

  @Override
  public EventBus.Builder deadLetterDepthRefresh(Duration interval) {
    this.deadLetterDepthRefresh =
        BusSettings.TABLE.check(BusSettings.DEAD_LETTER_DEPTH_REFRESH, interval);
    setInCode.add(BusSettings.DEAD_LETTER_DEPTH_REFRESH.name());
    return this;
  }

  @Override
  public EventBus build() {
    ResolvedKeys bus =
        sources.resolve(ConfigurationSources.PREFIX, BusSettings.TABLE, Map.of(), setInCode);
    SettingValues values = BusSettings.TABLE.values();
    try {
      BusSettings.TABLE.apply(bus.values(), values);
      BusSettings.TABLE.validate(values);
    } catch (ConfigurationException e) {
      throw bus.withSource(e);
    }
    applyBusKeys(values);
    Map<String, String> outside = new LinkedHashMap<>(bus.outsideOrigins());
    Broker chosen = broker != null ? broker : chooseBroker(values, bus, outside);
    if (fromEnvironment && !outside.isEmpty()) {
      StringBuilder read = new StringBuilder();
      outside.forEach(
          (key, origin) ->
              read.append(read.length() == 0 ? "" : ", ").append(key + " from " + origin));
      log.info("Configuration read from outside the code: {}", read);
    }
    if (meterRegistry == null) {
      meterRegistry = new CompositeMeterRegistry(); // with no registry in it: records nothing
    }
    if (idempotencyStore == null) {
      idempotencyStore = InMemoryIdempotencyStore.ofDefaults();
    }
    ResolvedKeys groups =
        sources.resolve(ConfigurationSources.PREFIX, GroupSettings.TABLE, Map.of(), Set.of());
    try {
      groupOptions.putAll(
          groupSettings.options(groups.values(), groupDefaults, groupOptions.keySet()));
    } catch (ConfigurationException e) {
      throw groups.withSource(e);
    }
    return new DefaultEventBus(
        this, chosen, scheduler != null ? scheduler : SystemScheduler.shared());
  }

  private void applyBusKeys(SettingValues values) {
    if (values.isSet(BusSettings.SOURCE)) {
      source = values.get(BusSettings.SOURCE);
    }
    if (values.isSet(BusSettings.PUBLISH_TIMEOUT)) {
      publishTimeout = values.get(BusSettings.PUBLISH_TIMEOUT);
    }
    if (values.isSet(BusSettings.MAX_PENDING_PUBLISHES)) {
      maxPendingPublishes = values.get(BusSettings.MAX_PENDING_PUBLISHES);
    }
    if (values.isSet(BusSettings.CLOSE_TIMEOUT)) {
      closeTimeout = values.get(BusSettings.CLOSE_TIMEOUT);
    }
    if (values.isSet(BusSettings.DEAD_LETTER_DEPTH_REFRESH)) {
      deadLetterDepthRefresh = values.get(BusSettings.DEAD_LETTER_DEPTH_REFRESH);
    }
  }

  /**
   * The broker named in code or by {@code eventbus.broker}; with neither, the in-memory one, built
   * by its provider when some source has {@code eventbus.memory.*} keys.
   */
  private Broker chooseBroker(SettingValues values, ResolvedKeys bus, Map<String, String> outside) {
    String name = brokerName;
    String namedBy = null;
    if (name == null && values.isSet(BusSettings.BROKER)) {
      name = values.get(BusSettings.BROKER);
      namedBy = bus.origin(BusSettings.BROKER.name());
    }
    if (name == null && sources.hasKeysOf(MEMORY)) {
      name = MEMORY;
    }
    Broker chosen = null;
    SettingTable table = null;
    if (name != null) {
      BrokerProvider provider = provider(name, namedBy);
      table = provider.settings();
      ResolvedKeys keys =
          sources.resolve(
              ConfigurationSources.PREFIX + name + ".",
              table,
              brokerName != null ? brokerConfig : Map.of(),
              Set.of());
      outside.putAll(keys.outsideOrigins());
      try {
        chosen = provider.create(keys.values());
      } catch (ConfigurationException e) {
        throw keys.withSource(e);
      }
    }
    if (fromEnvironment) {
      sources.warnAboutUnmatchedVariables(name, table, providerNames());
    }
    return chosen != null ? chosen : InMemoryBroker.create();
  }

  private BrokerProvider provider(String name, String namedBy) {
    for (BrokerProvider p : providers()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    ConfigurationException e =
        new ConfigurationException(
            BusSettings.TABLE.qualified(BusSettings.BROKER.name()),
            name,
            "the name of a broker provider on the class path: " + providerNames());
    throw namedBy == null ? e : e.withSource(namedBy);
  }

  private List<BrokerProvider> providers() {
    if (providers == null) {
      List<BrokerProvider> found = new ArrayList<>();
      ServiceLoader.load(BrokerProvider.class).forEach(found::add);
      providers = List.copyOf(found);
    }
    return providers;
  }

  private List<String> providerNames() {
    return providers().stream().map(BrokerProvider::name).toList();
  }
}
