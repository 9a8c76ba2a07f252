package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventbus.BackpressureException;
import dev.eventbus.EventBusException;
import dev.eventbus.PublishException;
import java.time.Duration;

/** The exceptions a publish fails with, each saying what RabbitMQ did or did not do. */
final class PublishFailures {
  private PublishFailures() {}

  static String unroutable(Return r) {
    return "unroutable: no queue for exchange '%s' and routing key '%s' (%d %s)"
        .formatted(r.getExchange(), r.getRoutingKey(), r.getReplyCode(), r.getReplyText());
  }

  static EventBusException returned(String why) {
    return new PublishException("RabbitMQ returned the message as " + why, null);
  }

  static EventBusException nacked() {
    return new PublishException("RabbitMQ did not accept the message (basic.nack)", null);
  }

  static EventBusException channelClosed(ShutdownSignalException cause) {
    return new PublishException(
        "RabbitMQ closed the publishing channel before confirming: " + cause.getMessage(), cause);
  }

  /** A publish on the wire without a confirm for its whole timeout; it may still arrive. */
  static EventBusException unconfirmed(Duration timeout, String blockedReason) {
    if (blockedReason != null) {
      return blocked(timeout, blockedReason);
    }
    return new PublishException(
        "RabbitMQ did not confirm the publish within " + timeout.toMillis() + " ms", null);
  }

  private static EventBusException blocked(Duration timeout, String reason) {
    return new BackpressureException(
        "RabbitMQ publishing (connection blocked by the broker: " + reason + ")", timeout);
  }

  /** A publish that waited its whole timeout without being sent: why it could not be. */
  static EventBusException unsent(
      Settings settings,
      Duration timeout,
      String blockedReason,
      boolean connected,
      Throwable lastFailure) {
    if (blockedReason != null) {
      return blocked(timeout, blockedReason);
    }
    if (!connected) {
      return new PublishException(
          "RabbitMQ at "
              + settings.endpoint()
              + " unreachable for "
              + timeout.toMillis()
              + " ms; the event was not published",
          lastFailure);
    }
    return new BackpressureException(
        "RabbitMQ confirm window ("
            + settings.get(ConfigTable.CONFIRM_WINDOW)
            + " unconfirmed publishes)",
        timeout);
  }

  static EventBusException closed() {
    return new EventBusException("The RabbitMQ broker is closed; the publish was not confirmed");
  }
}
