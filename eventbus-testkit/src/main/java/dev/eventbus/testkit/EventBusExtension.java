package dev.eventbus.testkit;

import dev.eventbus.EventBus;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that gives every test a fresh, started {@link EventBusHarness} and closes it
 * after the test.
 *
 * <pre>{@code
 * class BillingTest {
 *   @RegisterExtension
 *   final EventBusExtension eventBus = EventBusExtension.create(h -> h
 *       .configure(bus -> bus.group("billing", GroupOptions.custom().idempotent(true).build())));
 *
 *   @Test
 *   void billsEveryOrder(EventBusHarness harness) {      // or eventBus.harness()
 *     harness.bus().subscribe(new Billing());
 *     harness.publish("orders", new OrderPlaced("o-1"));
 *     assertTrue(harness.consumed().any(OrderPlaced.class));
 *   }
 * }
 * }</pre>
 *
 * <p>{@code @ExtendWith(EventBusExtension.class)} works too, with the harness defaults. Test
 * methods and {@code @BeforeEach}/{@code @AfterEach} methods may declare parameters of type {@link
 * EventBusHarness}, {@link EventBus} or {@link VirtualClock}. Parameter injection is safe with
 * parallel test execution; {@link #harness()} holds the harness of the test running last and is
 * meant for sequential tests.
 */
public final class EventBusExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EventBusExtension.class);

  private final Consumer<EventBusHarness.Builder> customizer;
  private volatile EventBusHarness current;

  /** An extension with the harness defaults; what {@code @ExtendWith} instantiates. */
  public EventBusExtension() {
    this(h -> {});
  }

  private EventBusExtension(Consumer<EventBusHarness.Builder> customizer) {
    this.customizer = customizer;
  }

  /**
   * An extension whose harnesses are configured by a customizer.
   *
   * @param customizer applied to a fresh {@link EventBusHarness#builder()} before every test
   * @return the extension
   */
  public static EventBusExtension create(Consumer<EventBusHarness.Builder> customizer) {
    return new EventBusExtension(Objects.requireNonNull(customizer, "customizer"));
  }

  /**
   * The harness of the current test.
   *
   * @return the harness
   * @throws IllegalStateException outside a test
   */
  public EventBusHarness harness() {
    EventBusHarness harness = current;
    if (harness == null) {
      throw new IllegalStateException("no test is running: the harness exists only during a test");
    }
    return harness;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    harnessOf(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    EventBusHarness harness =
        context.getStore(NAMESPACE).remove(key(context), EventBusHarness.class);
    if (harness != null) {
      if (current == harness) {
        current = null;
      }
      harness.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == EventBusHarness.class || type == EventBus.class || type == VirtualClock.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    EventBusHarness harness = harnessOf(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == EventBus.class) {
      return harness.bus();
    }
    if (type == VirtualClock.class) {
      return harness.clock();
    }
    return harness;
  }

  /** One harness per test method, created on first use (a parameter may be resolved first). */
  private EventBusHarness harnessOf(ExtensionContext context) {
    EventBusHarness harness =
        context
            .getStore(NAMESPACE)
            .getOrComputeIfAbsent(key(context), k -> newHarness(), EventBusHarness.class);
    current = harness;
    return harness;
  }

  private EventBusHarness newHarness() {
    EventBusHarness.Builder builder = EventBusHarness.builder();
    customizer.accept(builder);
    return builder.build();
  }

  private static String key(ExtensionContext context) {
    return context.getUniqueId();
  }
}
