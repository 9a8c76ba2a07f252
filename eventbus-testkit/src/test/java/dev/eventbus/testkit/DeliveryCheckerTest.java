package dev.eventbus.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeliveryCheckerTest {
  private final DeliveryChecker checker = new DeliveryChecker();

  @Test
  void countsLostDuplicatedAndUnexpectedEvents() {
    checker.acknowledged("a");
    checker.acknowledged("b");
    checker.acknowledged("c");
    checker.attempted("d");
    checker.handled("a");
    checker.handled("a");
    checker.handled("b");
    checker.handled("d");
    checker.handled("x");

    DeliveryChecker.Report report = checker.report();

    assertThat(report.acknowledged()).isEqualTo(3);
    assertThat(report.lost()).isEqualTo(1);
    assertThat(report.lostSample()).containsExactly("c");
    assertThat(report.duplicated()).isEqualTo(1);
    assertThat(report.unexpected()).isEqualTo(1);
    assertThat(report.unexpectedSample()).containsExactly("x");
    assertThat(report.handledTotal()).isEqualTo(5);
    assertThatThrownBy(report::assertNothingLost)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("lost=1 [c]");
  }

  @Test
  void duplicatesAreAllowedButNotForExactlyOnce() {
    checker.acknowledged("a");
    checker.handled("a");
    checker.handled("a");

    checker.report().assertNothingLost();
    assertThatThrownBy(() -> checker.report().assertExactlyOnce())
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void awaitsUntilEveryAcknowledgedEventWasHandled() {
    checker.acknowledged("a");
    Thread handler = new Thread(() -> checker.handled("a"));
    handler.start();

    assertThat(checker.awaitAllHandled(Duration.ofSeconds(5))).isTrue();
    assertThat(checker.allAcknowledgedHandled()).isTrue();
  }
}
