package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.BackpressureException;
import dev.eventbus.PublishException;
import dev.eventbus.SubscriptionState;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.spi.Delivery;
import dev.eventbus.spi.DeliveryListener;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.RecordingListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Connections dropped and the broker restarted mid-stream: every confirmed event is consumed (lost
 * = 0), consumers resume by themselves, and publishes wait through the outage or fail loudly.
 */
class RabbitMqRecoveryTest extends BrokerTestSupport {
  private static final int EVENTS = 400;

  @Test
  void droppedConnectionsMidStreamLoseNothingAndConsumersResume() throws Exception {
    Broker consumer = broker(b -> b.recoveryInterval(Duration.ofSeconds(1)));
    Broker publisher = broker();
    Set<String> handled = ConcurrentHashMap.newKeySet();
    BrokerSubscription subscription = subscribe(consumer, 32, acking(handled));

    try (Stream stream = new Stream(publisher)) {
      Await.until("50 events handled", TIMEOUT, () -> handled.size() >= 50);
      rabbit.closeAllConnections();
      Await.until(
          "state FAILING", TIMEOUT, () -> subscription.state() == SubscriptionState.FAILING);
      Await.until(
          "state RUNNING again", TIMEOUT, () -> subscription.state() == SubscriptionState.RUNNING);
      stream.awaitDone();
      Await.until(
          "every confirmed event handled", TIMEOUT, () -> handled.containsAll(stream.confirmed));
      assertThat(stream.confirmed.size() + stream.failed.get()).isEqualTo(EVENTS);
    }
  }

  @Test
  void brokerRestartMidStreamLosesNothingWhilePublishesWaitOrFailLoudly() throws Exception {
    Broker consumer = broker();
    Broker publisher = broker();
    Broker impatient = broker(Duration.ofSeconds(1));
    impatient.send(topic, message("warm-up", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    Set<String> handled = ConcurrentHashMap.newKeySet();
    BrokerSubscription subscription = subscribe(consumer, 32, acking(handled));

    try (Stream stream = new Stream(publisher)) {
      Await.until("50 events handled", TIMEOUT, () -> handled.size() >= 50);
      rabbit.restart(
          () -> {
            Await.until(
                "FAILING", TIMEOUT, () -> subscription.state() == SubscriptionState.FAILING);
            CompletableFuture<Void> doomed =
                impatient.send(
                    topic, message("x", null, "{}"), Broker.deadlineAfter(Duration.ofSeconds(1)));
            assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(PublishException.class)
                .hasMessageContaining("unreachable");
          });
      stream.awaitDone();
      Await.until(
          "RUNNING again", TIMEOUT, () -> subscription.state() == SubscriptionState.RUNNING);
      Await.until(
          "every confirmed event handled", TIMEOUT, () -> handled.containsAll(stream.confirmed));
      // The publish timeout (30 s) outlasts the restart: publishes waited instead of failing.
      assertThat(stream.failed.get()).isZero();
      assertThat(stream.confirmed).hasSize(EVENTS);
    }
  }

  @Test
  void aResourceAlarmSurfacesAsBackpressureAndPublishingResumesAfterIt() throws Exception {
    Broker publisher = broker(Duration.ofSeconds(1));
    RecordingListener listener = new RecordingListener();
    subscribe(broker(), 10, listener);
    publisher.send(topic, message("before", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    assertThat(listener.next(TIMEOUT).message().id()).isEqualTo("before");

    rabbit.withMemoryAlarm(
        () -> {
          for (String id : new String[] {"during-1", "during-2"}) {
            CompletableFuture<Void> blocked =
                publisher.send(
                    topic, message(id, null, "{}"), Broker.deadlineAfter(Duration.ofSeconds(1)));
            assertThatThrownBy(() -> blocked.get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(BackpressureException.class)
                .hasMessageContaining("blocked by the broker");
          }
        });

    publisher.send(topic, message("after", null, "{}"), soon()).get(10, TimeUnit.SECONDS);
    Await.until(
        "the event published after the alarm",
        TIMEOUT,
        () -> {
          Delivery d = listener.poll(Duration.ofMillis(100));
          return d != null && d.message().id().equals("after");
        });
  }

  private static DeliveryListener acking(Set<String> handled) {
    return (Delivery d) -> {
      handled.add(d.message().id());
      d.ack();
    };
  }

  /** Publishes {@link #EVENTS} events from a background thread, a few at a time. */
  private final class Stream implements AutoCloseable {
    final Set<String> confirmed = ConcurrentHashMap.newKeySet();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<Void> done = new CompletableFuture<>();

    Stream(Broker publisher) {
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < EVENTS && !stop.get(); i++) {
                    String id = "ev-" + i;
                    CompletableFuture<Void> f =
                        publisher.send(topic, message(id, null, "{}"), soon());
                    f.whenComplete(
                        (ok, error) -> {
                          if (error == null) {
                            confirmed.add(id);
                          } else {
                            failed.incrementAndGet();
                          }
                        });
                    if (i % 10 == 9) {
                      f.handle((ok, error) -> null).get(60, TimeUnit.SECONDS);
                    }
                  }
                  done.complete(null);
                } catch (Exception e) {
                  done.completeExceptionally(e);
                }
              },
              "test-publisher");
      t.setDaemon(true);
      t.start();
    }

    void awaitDone() throws Exception {
      done.get(90, TimeUnit.SECONDS);
      Await.until(
          "every publish completed",
          Duration.ofSeconds(60),
          () -> confirmed.size() + failed.get() == EVENTS);
    }

    @Override
    public void close() {
      stop.set(true);
    }
  }

  private static long soon() {
    return Broker.deadlineAfter(Duration.ofSeconds(30));
  }
}
