package dev.eventbus.kafka;

import dev.eventbus.EventBus;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.ConsumerSpec;
import dev.eventbus.spi.Scheduler;
import dev.eventbus.spi.StartPosition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A group member for the takeover test, started in its own JVM and killed with SIGKILL: it joins
 * the group, prints {@code RECEIVED <id>} for each delivery and never settles one, so that its
 * partitions stay its own until Kafka declares it dead.
 *
 * <p>Arguments: bootstrap servers, topic, group, session timeout in milliseconds.
 */
public final class CrashedMember {
  private CrashedMember() {}

  public static void main(String[] args) throws InterruptedException {
    KafkaBroker broker =
        KafkaBroker.builder()
            .bootstrapServers(args[0])
            .clientId("eventbus-crashed-member")
            .topicPartitions(3)
            .sessionTimeout(Duration.ofMillis(Long.parseLong(args[3])))
            .build();
    broker.start(
        new BrokerContext(
            Scheduler.system(),
            new SimpleMeterRegistry(),
            EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
    broker.subscribe(
        new ConsumerSpec(args[1], args[2], 100, StartPosition.EARLIEST, true),
        delivery -> {
          System.out.println("RECEIVED " + delivery.message().id());
          System.out.flush();
        });
    new CountDownLatch(1).await();
  }
}
