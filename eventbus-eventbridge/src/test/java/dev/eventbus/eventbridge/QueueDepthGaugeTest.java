package dev.eventbus.eventbridge;

import dev.eventbus.EventBus;
import dev.eventbus.Subscription;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The consumer lag gauge reads the messages waiting in a group's SQS queue. */
class QueueDepthGaugeTest extends EventBridgeTestSupport {
  @Test
  void gaugeCountsMessagesWaitingInTheGroupQueue() throws Exception {
    String topic = topic("depth");
    String group = group("depth");
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EventBus consumer = startBus(env.broker().build(), b -> b.meterRegistry(registry));
    Subscription subscription = consumer.subscribe(topic, group, Order.class, (o, c) -> {});
    await("the subscription runs", () -> subscription.state().name().equals("RUNNING"));
    subscription.close(); // the queue stays; nothing receives from it now
    EventBus publisher = startBus(env.broker().build());

    for (int i = 0; i < 3; i++) {
      publisher.publish(topic, new Order("o-" + i, i)).get(10, TimeUnit.SECONDS);
    }

    Gauge lag = registry.get("eventbus.consumer.lag").tags("topic", topic, "group", group).gauge();
    await("the gauge counted 3 waiting messages", () -> lag.value() == 3.0, lag::value);
  }
}
