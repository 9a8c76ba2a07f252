package dev.eventbus.testkit;

import dev.eventbus.GroupOptions;
import dev.eventbus.spi.Broker;
import dev.eventbus.testkit.internal.BackpressureContract;
import dev.eventbus.testkit.internal.BadInputContract;
import dev.eventbus.testkit.internal.CompetingConsumersContract;
import dev.eventbus.testkit.internal.ContractFixture;
import dev.eventbus.testkit.internal.ContractReport;
import dev.eventbus.testkit.internal.DeadLetterContract;
import dev.eventbus.testkit.internal.IdempotencyContract;
import dev.eventbus.testkit.internal.LifecycleContract;
import dev.eventbus.testkit.internal.ObservabilityContract;
import dev.eventbus.testkit.internal.OrderingContract;
import dev.eventbus.testkit.internal.PublishSubscribeContract;
import dev.eventbus.testkit.internal.ReliabilityContract;
import dev.eventbus.testkit.internal.RetryContract;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker contract suite: the one source of truth for the semantics every broker adapter keeps
 * (design.md, "Guarantees"). An adapter's tests extend it and say how to reach their broker:
 *
 * <pre>{@code
 * class KafkaBrokerContractTest extends BrokerContractTest {
 *   @Override
 *   protected Broker createBroker() {
 *     return KafkaBroker.builder().bootstrapServers(KafkaFixture.bootstrap()).build();
 *   }
 *
 *   @Override
 *   protected Set<ContractFeature> features() {
 *     return EnumSet.of(ContractFeature.BROKER_RESTART, ContractFeature.BROKER_KILL);
 *   }
 *
 *   @Override
 *   protected void restartBroker() throws Exception {
 *     KafkaFixture.restart();
 *   }
 * }
 * }</pre>
 *
 * <p>The tests are grouped in {@link Nested @Nested} classes, one per behaviour. Every test builds
 * its own {@link dev.eventbus.EventBus} instances over {@link #createBroker()} (one bus per
 * simulated process), uses topic and group names with a random suffix, waits on conditions with
 * {@link #deliveryTimeout()} (never sleeps), and closes what it built. Tests of a capability the
 * broker does not declare ({@link dev.eventbus.spi.Capabilities}), or of a fault feature the
 * fixture does not offer ({@link #features()}), are aborted with a JUnit assumption naming what is
 * missing, and a summary of what was not run is printed when the class finishes.
 *
 * <p>Instances are created by JUnit, one per test; the overridable methods are called on the test's
 * thread and, for {@link #createBroker()}, several times per test.
 */
@ExtendWith(ContractReport.class)
public abstract class BrokerContractTest {
  private final ContractFixture fixture = new Fixture();

  /** For subclasses. */
  protected BrokerContractTest() {}

  /**
   * A new, unstarted Broker connected to the broker under test. Called several times per test: each
   * instance plays a separate process (competing consumers, consumer crash). The suite starts and
   * closes them through the {@code EventBus} instances it builds. Topic and group names are unique
   * per test (random suffix), so tests on a real broker never see each other's events. Return a new
   * instance on every call: the suite closes every broker it created, including one it creates only
   * to read {@link Broker#capabilities()} and never starts. (The in-memory broker lives in one JVM
   * object, so its fixture hands out connections to one shared instance instead.)
   *
   * @return a new broker, not started
   */
  protected abstract Broker createBroker();

  /**
   * Optional fault features this fixture supports.
   *
   * @return the features; none by default
   */
  protected Set<ContractFeature> features() {
    return Set.of();
  }

  /**
   * Restarts the broker gracefully (stop, start, wait until it accepts connections). Called only
   * when {@link #features()} holds {@link ContractFeature#BROKER_RESTART}.
   *
   * @throws Exception if the broker could not be restarted
   */
  protected void restartBroker() throws Exception {
    throw new UnsupportedOperationException("restartBroker() is not implemented by this fixture");
  }

  /**
   * Kills the broker with SIGKILL, starts it again and waits until it is ready. Called only when
   * {@link #features()} holds {@link ContractFeature#BROKER_KILL}.
   *
   * @throws Exception if the broker could not be killed and started
   */
  protected void killBroker() throws Exception {
    throw new UnsupportedOperationException("killBroker() is not implemented by this fixture");
  }

  /**
   * How long to wait for an expected delivery; real brokers may need more than the in-memory one.
   * Every wait in the suite is bounded by it (a few waits by a small multiple of it).
   *
   * @return the timeout; 30 seconds by default
   */
  protected Duration deliveryTimeout() {
    return Duration.ofSeconds(30);
  }

  /**
   * The group options the suite starts from; tests change only what they test (concurrency,
   * in-flight bound, retry policy, deduplication).
   *
   * @return the options; {@link GroupOptions#ofDefaults()} by default
   */
  protected GroupOptions baseGroupOptions() {
    return GroupOptions.ofDefaults();
  }

  /** Publish-subscribe: every group of a topic receives every event. */
  @Nested
  @DisplayName("PublishSubscribe")
  class PublishSubscribe extends PublishSubscribeContract {
    PublishSubscribe() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Competing consumers: instances of one group share the work, each event handled once. */
  @Nested
  @DisplayName("CompetingConsumers")
  class CompetingConsumers extends CompetingConsumersContract {
    CompetingConsumers() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Per-key ordering under concurrency, with parked keys (capability orderedByKey). */
  @Nested
  @DisplayName("Ordering")
  class Ordering extends OrderingContract {
    Ordering() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Retries with attempt numbers, exhaustion and non-retryable failures. */
  @Nested
  @DisplayName("Retry")
  class Retry extends RetryContract {
    Retry() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** The dead-letter headers and the broker-neutral dead-letter API. */
  @Nested
  @DisplayName("DeadLetters")
  class DeadLetters extends DeadLetterContract {
    DeadLetters() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Poison messages are dead-lettered and never stop a consumer. */
  @Nested
  @DisplayName("BadInput")
  class BadInput extends BadInputContract {
    BadInput() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** The idempotent consumer hides duplicates from handlers. */
  @Nested
  @DisplayName("IdempotentConsumer")
  class IdempotentConsumer extends IdempotencyContract {
    IdempotentConsumer() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Bounded in-flight deliveries and bounded handler concurrency. */
  @Nested
  @DisplayName("Backpressure")
  class Backpressure extends BackpressureContract {
    Backpressure() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Start, close and the life of a group beyond its instances. */
  @Nested
  @DisplayName("Lifecycle")
  class Lifecycle extends LifecycleContract {
    Lifecycle() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Nothing acknowledged at publish is lost when consumers or the broker fail. */
  @Nested
  @DisplayName("Reliability")
  class Reliability extends ReliabilityContract {
    Reliability() {
      super(BrokerContractTest.this.fixture);
    }
  }

  /** Trace context crosses the broker; meters have the documented names and values. */
  @Nested
  @DisplayName("Observability")
  class Observability extends ObservabilityContract {
    Observability() {
      super(BrokerContractTest.this.fixture);
    }
  }

  private final class Fixture implements ContractFixture {
    @Override
    public Broker createBroker() {
      return BrokerContractTest.this.createBroker();
    }

    @Override
    public Set<ContractFeature> features() {
      return BrokerContractTest.this.features();
    }

    @Override
    public void restartBroker() throws Exception {
      BrokerContractTest.this.restartBroker();
    }

    @Override
    public void killBroker() throws Exception {
      BrokerContractTest.this.killBroker();
    }

    @Override
    public Duration deliveryTimeout() {
      return BrokerContractTest.this.deliveryTimeout();
    }

    @Override
    public GroupOptions baseGroupOptions() {
      return BrokerContractTest.this.baseGroupOptions();
    }
  }
}
