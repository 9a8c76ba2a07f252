package dev.eventbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventBusSmokeTest {
  record OrderPlaced(String orderId, int amount) {}

  record Invoiced(String orderId) {}

  static final class Billing {
    final List<OrderPlaced> seen = new CopyOnWriteArrayList<>();
    final CountDownLatch latch;

    Billing(int n) {
      latch = new CountDownLatch(n);
    }

    @Subscribe(topic = "orders", group = "billing")
    void on(OrderPlaced order, DeliveryContext context) {
      seen.add(order);
      context.publish("invoices", new Invoiced(order.orderId()));
      latch.countDown();
    }
  }

  @Test
  void annotatedHandlerReceivesAndCausedEventsCarryCorrelation() throws Exception {
    try (EventBus bus = EventBus.builder().build()) {
      Billing billing = new Billing(3);
      bus.subscribe(billing);
      List<Event<?>> invoices = new CopyOnWriteArrayList<>();
      CountDownLatch invoiced = new CountDownLatch(3);
      bus.subscribe(
          "invoices",
          "audit",
          Invoiced.class,
          (i, ctx) -> {
            invoices.add(ctx.event());
            invoiced.countDown();
          });
      bus.start();
      Event<?> first = bus.publish("orders", new OrderPlaced("o-1", 10)).get(5, TimeUnit.SECONDS);
      bus.publish("orders", new OrderPlaced("o-2", 20)).get(5, TimeUnit.SECONDS);
      bus.publish("orders", new OrderPlaced("o-3", 30)).get(5, TimeUnit.SECONDS);
      assertThat(billing.latch.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(invoiced.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(first.type()).isEqualTo("OrderPlaced");
      assertThat(first.eventVersion()).isEqualTo(1);
      Event<?> caused =
          invoices.stream()
              .filter(e -> ((Invoiced) e.payload()).orderId().equals("o-1"))
              .findFirst()
              .orElseThrow();
      assertThat(caused.causationId()).isEqualTo(first.id());
      assertThat(caused.correlationId()).isEqualTo(first.id());
    }
  }

  @Test
  void failingHandlerIsRetriedThenDeadLettered() throws Exception {
    try (EventBus bus =
        EventBus.builder()
            .group(
                "billing",
                GroupOptions.custom()
                    .retry(
                        RetryPolicy.custom()
                            .maxAttempts(3)
                            .initialDelay(Duration.ofMillis(1))
                            .build())
                    .build())
            .build()) {
      List<Integer> attempts = new CopyOnWriteArrayList<>();
      bus.subscribe(
          "orders",
          "billing",
          OrderPlaced.class,
          (o, ctx) -> {
            attempts.add(ctx.attempt());
            throw new IllegalStateException("boom " + ctx.attempt());
          });
      bus.start();
      Event<?> e = bus.publish("orders", new OrderPlaced("o-9", 1)).get(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (bus.deadLetters().count("orders", "billing") == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      List<DeadLetter> letters = bus.deadLetters().list("orders", "billing", 10);
      assertThat(letters).hasSize(1);
      DeadLetter d = letters.get(0);
      assertThat(d.eventId()).isEqualTo(e.id());
      assertThat(d.attempts()).isEqualTo(3);
      assertThat(d.reason()).isEqualTo("retries-exhausted");
      assertThat(d.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(d.exceptionMessage()).isEqualTo("boom 3");
      assertThat(attempts).containsExactly(1, 2, 3);
    }
  }

  @Test
  void garbageBytesAreDeadLetteredAsUndecodable() throws Exception {
    InMemoryBroker broker = InMemoryBroker.create();
    try (EventBus bus = EventBus.builder().broker(broker).build()) {
      CountDownLatch good = new CountDownLatch(1);
      bus.subscribe("orders", "billing", OrderPlaced.class, (o, ctx) -> good.countDown());
      bus.start();
      broker
          .send(
              "orders",
              BrokerMessage.of(
                  null,
                  Map.of("id", "x1", "type", "OrderPlaced", "specversion", "1.0", "source", "s"),
                  Map.of(),
                  new byte[] {1, 2, 3}),
              Broker.deadlineAfter(Duration.ofSeconds(10)))
          .get();
      bus.publish("orders", new OrderPlaced("o-1", 1)).get();
      assertThat(good.await(5, TimeUnit.SECONDS)).isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (bus.deadLetters().count("orders", "billing") == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      DeadLetter d = bus.deadLetters().list("orders", "billing", 1).get(0);
      assertThat(d.reason()).isEqualTo("undecodable");
      assertThat(d.exceptionMessage())
          .startsWith("Event x1 of type 'OrderPlaced': Malformed JSON payload for ")
          .contains(OrderPlaced.class.getName());
    }
  }

  @Test
  void invalidConfigurationNamesKeyValueAndAllowed() {
    assertThatThrownBy(() -> GroupOptions.custom().concurrency(0).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("group.concurrency")
        .hasMessageContaining("'0'")
        .hasMessageContaining("1 to 1024");
    assertThatThrownBy(() -> EventBus.builder().configure(Map.of("eventbus.nope", "1")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("eventbus.nope");
  }

  @Test
  void aSourceThatIsNoUriAndADeadLetterRefreshOfZeroAreRefused() {
    assertThatThrownBy(
            () -> EventBus.builder().configure(Map.of("eventbus.source", "not a uri ::")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'eventbus.source' = 'not a uri ::'")
        .hasMessageContaining("URI-reference");
    assertThatThrownBy(() -> EventBus.builder().source("urn:a b"))
        .isInstanceOf(ConfigurationException.class);
    assertThatThrownBy(
            () ->
                EventBus.builder()
                    .configure(Map.of("eventbus.metrics.dead-letter-refresh", "0s"))
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'0s'");
    try (EventBus bus =
        EventBus.builder()
            .source("/orders/service?region=eu#1")
            .deadLetterDepthRefresh(Duration.ofMillis(10))
            .build()) {
      assertThat(bus).isNotNull();
    }
  }

  @Test
  void theBusTellsWhatItsBrokerCanDo() {
    try (EventBus bus =
        EventBus.builder()
            .broker(
                InMemoryBroker.builder()
                    .mode(InMemoryBroker.Mode.ENCODED)
                    .retainedEvents(0)
                    .maxMessageBytes(4096)
                    .build())
            .build()) {
      assertThat(bus.capabilities())
          .isEqualTo(
              new BrokerCapabilities("memory", true, false, false, false, false, 4096, false));
    }
  }

  @Test
  void aSubscriptionWithOptionsOfItsOwnKeepsThemOverTheGroups() throws Exception {
    GroupOptions threeAttempts =
        GroupOptions.custom()
            .retry(RetryPolicy.custom().maxAttempts(3).initialDelay(Duration.ofMillis(1)).build())
            .build();
    try (EventBus bus = EventBus.builder().group("billing", threeAttempts).build()) {
      List<Integer> attempts = new CopyOnWriteArrayList<>();
      bus.subscribe(
          "orders",
          "billing",
          OrderPlaced.class,
          (o, ctx) -> {
            attempts.add(ctx.attempt());
            throw new IllegalStateException("no");
          },
          GroupOptions.custom().retry(RetryPolicy.none()).build());
      bus.start();
      bus.publish("orders", new OrderPlaced("o-1", 1)).get(5, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (bus.deadLetters().count("orders", "billing") == 0 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(bus.deadLetters().list("orders", "billing", 1).get(0).attempts()).isEqualTo(1);
      assertThat(attempts).containsExactly(1);
      assertThatThrownBy(
              () -> bus.subscribe("orders", "billing", OrderPlaced.class, (o, ctx) -> {}, null))
          .isInstanceOf(NullPointerException.class);
    }
  }
}
