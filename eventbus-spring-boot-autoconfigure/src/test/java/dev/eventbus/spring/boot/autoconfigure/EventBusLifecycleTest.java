package dev.eventbus.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventbus.EventBus;
import dev.eventbus.HealthStatus;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.mock.env.MockEnvironment;

@ExtendWith(OutputCaptureExtension.class)
class EventBusLifecycleTest {
  @Test
  void startsTheBusAndClosesItOnItsOwnThreadBeforeCallingBack() throws Exception {
    EventBus bus = EventBus.builder().build();
    EventBusLifecycle lifecycle = new EventBusLifecycle(bus, new MockEnvironment());
    assertThat(lifecycle.isRunning()).isFalse();

    lifecycle.start();
    assertThat(lifecycle.isRunning()).isTrue();
    assertThat(bus.health().brokerHealth().status()).isEqualTo(HealthStatus.UP);

    CountDownLatch called = new CountDownLatch(1);
    lifecycle.stop(called::countDown);
    assertThat(called.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lifecycle.isRunning()).isFalse();
    assertThat(bus.health().brokerHealth().status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void aCloseTimeoutLongerThanSpringsShutdownPhaseIsReported(CapturedOutput output) {
    MockEnvironment environment =
        new MockEnvironment()
            .withProperty("eventbus.close.timeout", "2m")
            .withProperty("spring.lifecycle.timeout-per-shutdown-phase", "20s");
    try (EventBus bus = EventBus.builder().build()) {
      new EventBusLifecycle(bus, environment).start();
    }

    assertThat(output.getAll())
        .contains("eventbus.close.timeout (PT2M) is longer than")
        .contains("spring.lifecycle.timeout-per-shutdown-phase (PT20S)");
  }

  @Test
  void aCloseTimeoutWithinThePhaseIsNotReported(CapturedOutput output) {
    MockEnvironment environment =
        new MockEnvironment().withProperty("eventbus.close.timeout", "5s");
    try (EventBus bus = EventBus.builder().build()) {
      new EventBusLifecycle(bus, environment).start();
    }

    assertThat(output.getAll()).doesNotContain("is longer than");
  }
}
