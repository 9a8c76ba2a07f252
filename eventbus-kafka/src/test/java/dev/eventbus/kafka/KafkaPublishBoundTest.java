package dev.eventbus.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventbus.Event;
import dev.eventbus.EventBus;
import dev.eventbus.EventBusException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bus's publish timeout bounds a publish on Kafka too: with no Kafka listening, the producer
 * gives up on the record (its metadata wait and its delivery) within the publish timeout instead of
 * its own defaults of one and two minutes, and closing the bus then does not wait out a client call
 * left pending.
 */
class KafkaPublishBoundTest {
  record Ping(int n) {}

  @Test
  void aPublishWithNoKafkaListeningFailsWithinThePublishTimeout() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    KafkaBroker broker =
        KafkaBroker.builder()
            .bootstrapServers("127.0.0.1:" + port)
            .clientId("eventbus-bound-test")
            .autoCreateTopics(false)
            .build();
    Duration timeout = Duration.ofSeconds(2);
    EventBus bus = EventBus.builder().broker(broker).publishTimeout(timeout).build();
    try {
      long began = System.nanoTime();
      CompletableFuture<Event<?>> published = bus.publish("bound-test", new Ping(1));

      assertThatThrownBy(() -> published.get(60, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(EventBusException.class);
      Duration took = Duration.ofNanos(System.nanoTime() - began);
      assertThat(took).isLessThan(timeout.plusSeconds(3));
    } finally {
      long closing = System.nanoTime();
      bus.close();
      assertThat(Duration.ofNanos(System.nanoTime() - closing))
          .as("close with nothing in flight")
          .isLessThan(Duration.ofSeconds(5));
    }
  }
}
