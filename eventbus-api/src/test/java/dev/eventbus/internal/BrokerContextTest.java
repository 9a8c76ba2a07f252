package dev.eventbus.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.memory.InMemoryBroker;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BrokerContextTest {
  @Test
  void theBusGivesItsBrokerItsPublishTimeoutAsTheOneBoundOnAcceptance() {
    AtomicReference<BrokerContext> given = new AtomicReference<>();
    try (EventBus bus =
        EventBus.builder()
            .broker(recordingStart(InMemoryBroker.create(), given))
            .publishTimeout(Duration.ofMillis(1500))
            .build()
            .start()) {
      assertThat(given.get().publishTimeout()).isEqualTo(Duration.ofMillis(1500));
      assertThat(given.get().scheduler()).isNotNull();
    }
  }

  /** The broker, with the context of its start recorded. */
  private static Broker recordingStart(Broker broker, AtomicReference<BrokerContext> given) {
    return (Broker)
        Proxy.newProxyInstance(
            Broker.class.getClassLoader(),
            new Class<?>[] {Broker.class},
            (proxy, method, args) -> {
              if (method.getName().equals("start")) {
                given.set((BrokerContext) args[0]);
              }
              try {
                return method.invoke(broker, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
