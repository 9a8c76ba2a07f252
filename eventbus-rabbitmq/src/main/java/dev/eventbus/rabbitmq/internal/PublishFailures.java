package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventbus.BackpressureException;
import dev.eventbus.EventBusException;
import dev.eventbus.PublishException;
import java.time.Duration;

/** The exceptions a publish fails with, each saying what RabbitMQ did or did not do. Stateless. */
final class PublishFailures {
  private PublishFailures() {}

  static EventBusException returned(Return r) {
    return new PublishException(
        "RabbitMQ returned the message as unroutable: no queue for exchange '%s' and routing key '%s' (%d %s)"
            .formatted(r.getExchange(), r.getRoutingKey(), r.getReplyCode(), r.getReplyText()),
        null);
  }

  static EventBusException nacked() {
    return new PublishException("RabbitMQ did not accept the message (basic.nack)", null);
  }

  static EventBusException channelClosed(ShutdownSignalException cause) {
    return new PublishException(
        "RabbitMQ closed the publishing channel before confirming: " + cause.getMessage(), cause);
  }

  /**
   * A publish that waited its whole timeout: on the wire unconfirmed ({@code sent}; it may still
   * arrive), or unsent, while the connection was blocked, down, or the confirm window full.
   */
  static EventBusException expired(
      Settings settings,
      Duration timeout,
      boolean sent,
      String blockedReason,
      boolean connected,
      Throwable lastFailure) {
    long ms = timeout.toMillis();
    if (blockedReason != null) {
      return new BackpressureException(
          "RabbitMQ publishing (connection blocked by the broker: " + blockedReason + ")", timeout);
    } else if (sent) {
      return new PublishException(
          "RabbitMQ did not confirm the publish within " + ms + " ms", null);
    } else if (!connected) {
      String why =
          lastFailure == null ? "" : ": " + settings.redaction.redact(lastFailure.toString());
      return new PublishException(
          "RabbitMQ at %s unreachable for %d ms; the event was not published%s"
              .formatted(settings.endpoint(), ms, why),
          lastFailure);
    }
    return new BackpressureException(
        "RabbitMQ confirm window (%d unconfirmed publishes)"
            .formatted(settings.get(ConfigTable.CONFIRM_WINDOW)),
        timeout);
  }

  static EventBusException closed() {
    return new EventBusException("The RabbitMQ broker is closed; the publish was not confirmed");
  }
}
