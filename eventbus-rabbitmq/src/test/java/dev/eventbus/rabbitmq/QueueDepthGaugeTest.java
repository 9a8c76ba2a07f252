package dev.eventbus.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import dev.eventbus.spi.BrokerSubscription;
import dev.eventbus.testkit.Await;
import dev.eventbus.testkit.RecordingListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The consumer lag gauge counts the messages waiting in a group's queue. */
class QueueDepthGaugeTest extends BrokerTestSupport {
  @Test
  void gaugeCountsMessagesWaitingInTheGroupQueue() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Broker broker = closeLater(rabbit.brokerBuilder().build());
    broker.start(new BrokerContext(scheduler, registry, EventBus.Builder.DEFAULT_PUBLISH_TIMEOUT));
    BrokerSubscription subscription = subscribe(broker, 10, new RecordingListener());
    subscription.close(); // the queue stays; nothing consumes it now

    for (int i = 0; i < 3; i++) {
      broker.send(topic, message("e-" + i, "k", "{}")).get(10, TimeUnit.SECONDS);
    }

    Gauge lag = registry.get("eventbus.consumer.lag").tags("topic", topic, "group", group).gauge();
    Await.until("the gauge counted 3 waiting messages", TIMEOUT, () -> lag.value() == 3.0);
    broker.close();
    assertThat(registry.find("eventbus.consumer.lag").tags("group", group).gauge()).isNull();
  }
}
