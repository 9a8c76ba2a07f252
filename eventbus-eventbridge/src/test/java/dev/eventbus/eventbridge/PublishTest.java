package dev.eventbus.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventTooLargeException;
import dev.eventbus.PublishException;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.testkit.DeliveryChecker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Publishing through EventBridge: batching within the documented limits, partial failures and
 * throttling retried without losing an event, permanent failures failing exactly their events, and
 * oversized events refused before anything is sent.
 */
class PublishTest extends EventBridgeTestSupport {

  @Test
  void partiallyFailedAndThrottledPutEventsLoseNothing() throws Exception {
    LocalEventBridge local = env.requireLocal();
    String topic = topic("faults");
    DeliveryChecker checker = new DeliveryChecker();
    EventBus consumer = startBus(env.broker().build());
    consumer.subscribe(
        topic, group("reader"), Order.class, (o, ctx) -> checker.handled(ctx.event().id()));
    EventBus publisher = startBus(env.broker().build());
    int failedBefore = local.failedEntries();
    int throttledBefore = local.throttledRequests();

    local.failNextEntries(7, "ThrottlingException");
    acknowledge(checker, publisher.publishAll(topic, orders(0, 25)));
    local.failNextEntries(3, "InternalFailure");
    local.throttleNextRequests(3);
    acknowledge(checker, publisher.publishAll(topic, orders(25, 50)));

    assertThat(local.failedEntries() - failedBefore).isEqualTo(10);
    assertThat(local.throttledRequests() - throttledBefore).isEqualTo(3);
    assertThat(checker.acknowledgedCount()).isEqualTo(50);
    await("every acknowledged event is handled", checker::allAcknowledgedHandled, checker::report);
    checker.report().assertNothingLost();
  }

  @Test
  void aPermanentEntryErrorFailsExactlyThoseEvents() throws Exception {
    LocalEventBridge local = env.requireLocal();
    String topic = topic("denied");
    DeliveryChecker checker = new DeliveryChecker();
    EventBus consumer = startBus(env.broker().build());
    consumer.subscribe(
        topic, group("reader"), Order.class, (o, ctx) -> checker.handled(ctx.event().id()));
    EventBus publisher = startBus(env.broker().build());

    local.failNextEntries(2, "AccessDeniedException");
    List<CompletableFuture<Event<?>>> futures = publisher.publishAll(topic, orders(0, 6));

    List<Throwable> failures = new ArrayList<>();
    for (CompletableFuture<Event<?>> f : futures) {
      try {
        checker.acknowledged(f.get(30, TimeUnit.SECONDS).id());
      } catch (ExecutionException e) {
        failures.add(e.getCause());
      }
    }
    assertThat(failures).hasSize(2);
    assertThat(failures)
        .allSatisfy(
            e ->
                assertThat(e)
                    .isInstanceOf(PublishException.class)
                    .hasMessageContaining("AccessDeniedException"));
    await("the accepted events are handled", checker::allAcknowledgedHandled, checker::report);
    assertThat(checker.handledCount()).isEqualTo(4);
  }

  @Test
  void anEventStillThrottledAfterTheLastAttemptFailsItsPublish() {
    LocalEventBridge local = env.requireLocal();
    EventBus publisher =
        startBus(
            env.broker().publishRetry(3, Duration.ofMillis(10), Duration.ofMillis(50)).build());
    local.failNextEntries(3, "ThrottlingException");

    CompletableFuture<Event<?>> f = publisher.publish(topic("throttled"), new Order("o-1", 1));

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(PublishException.class)
        .hasMessageContaining("after 3 attempts")
        .hasMessageContaining("ThrottlingException");
  }

  @Test
  void publishAllIsSentInBatchesOfAtMostTenEntries() throws Exception {
    LocalEventBridge local = env.requireLocal();
    EventBus publisher = startBus(env.broker().publishThreads(1).build());
    int before = local.requestSizes().size();

    List<CompletableFuture<Event<?>>> futures = publisher.publishAll(topic("batch"), orders(0, 45));
    for (CompletableFuture<Event<?>> f : futures) {
      f.get(30, TimeUnit.SECONDS);
    }

    List<Integer> sizes = local.requestSizes().subList(before, local.requestSizes().size());
    assertThat(sizes).allSatisfy(n -> assertThat(n).isBetween(1, 10));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(45);
    assertThat(sizes.size()).isLessThan(45);
  }

  @Test
  void anOversizedEventIsRejectedAtPublishNamingLimitAndSize() {
    EventBus publisher = startBus(env.broker().maxRequestBytes(4096).build());

    CompletableFuture<Event<?>> f = publisher.publish(topic("big"), new Order("x".repeat(5000), 1));

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(EventTooLargeException.class)
        .hasMessageContaining("4096")
        .hasMessageContaining("not published");
  }

  @Test
  void theExactEventBridgeEntrySizeIsCheckedNotOnlyTheApproximateOne() {
    EventBridgeBroker broker = env.broker().maxRequestBytes(4096).build();
    EventBus publisher = startBus(broker);
    int before = env.local().map(l -> l.requestSizes().size()).orElse(0);
    // approximately under the limit, but over it once source, type and metadata are counted
    BrokerMessage message =
        BrokerMessage.of(
            null,
            Map.of("id", "big-1", "type", "orders.Big", "specversion", "1.0", "source", "test"),
            Map.of(),
            ("\"" + "y".repeat(4040) + "\"").getBytes());
    assertThat(message.approximateSize()).isLessThan(4096);

    CompletableFuture<Void> f = publisher.broker().send(topic("exact"), message, soon());

    assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
        .cause()
        .isInstanceOfSatisfying(
            EventTooLargeException.class,
            e -> {
              assertThat(e.limit()).isEqualTo(4096);
              assertThat(e.size()).isGreaterThan(4096);
              assertThat(e).hasMessageContaining("big-1").hasMessageContaining("max-request-bytes");
            });
    env.local().ifPresent(l -> assertThat(l.requestSizes()).hasSize(before));
  }

  private static List<Order> orders(int from, int to) {
    return IntStream.range(from, to).mapToObj(i -> new Order("o-" + i, i)).toList();
  }

  private static void acknowledge(
      DeliveryChecker checker, List<CompletableFuture<Event<?>>> futures) throws Exception {
    for (CompletableFuture<Event<?>> f : futures) {
      checker.acknowledged(f.get(30, TimeUnit.SECONDS).id());
    }
  }

  private static long soon() {
    return Broker.deadlineAfter(Duration.ofSeconds(30));
  }
}
