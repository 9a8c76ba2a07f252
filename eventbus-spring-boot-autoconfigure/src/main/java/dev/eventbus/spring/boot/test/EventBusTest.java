package dev.eventbus.spring.boot.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.annotation.AliasFor;

/**
 * A Spring Boot test of an application's handlers on the testkit's harness: the application context
 * is started as by {@link SpringBootTest @SpringBootTest} (without a web server), and its {@code
 * EventBus} bean is an {@link dev.eventbus.testkit.EventBusHarness EventBusHarness}'s bus on the
 * in-memory broker in {@code encoded} mode, driven by a {@link dev.eventbus.testkit.VirtualClock
 * VirtualClock}. The test injects the harness and the clock ({@code @Autowired EventBusHarness
 * harness}) and writes the same waiting assertions as without Spring ({@code
 * harness.consumed().any(OrderPlaced.class)}). The application's {@code @Subscribe} beans, its
 * {@code eventbus.*} properties (other than the broker's) and its customizers apply to that bus.
 *
 * <pre>{@code
 * @EventBusTest
 * class BillingTest {
 *   @Autowired EventBusHarness harness;
 *
 *   @Test
 *   void billsAnOrder() {
 *     harness.publish("orders", new OrderPlaced("o-1", 4200));
 *     assertThat(harness.published().any(OrderBilled.class)).isTrue();
 *   }
 * }
 * }</pre>
 *
 * <p>Needs {@code eventbus-testkit} and {@code spring-boot-starter-test} with test scope. Each
 * cached context has its harness; recordings accumulate across the tests sharing a context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@ImportAutoConfiguration(EventBusHarnessConfiguration.class)
public @interface EventBusTest {
  /**
   * Properties for the test's environment, as {@link SpringBootTest#properties()}.
   *
   * @return {@code key=value} pairs
   */
  @AliasFor(annotation = SpringBootTest.class, attribute = "properties")
  String[] properties() default {};

  /**
   * The configuration classes of the context, as {@link SpringBootTest#classes()}; by default the
   * application's {@code @SpringBootConfiguration}.
   *
   * @return the classes
   */
  @AliasFor(annotation = SpringBootTest.class, attribute = "classes")
  Class<?>[] classes() default {};
}
