package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import java.util.concurrent.CompletableFuture;

/**
 * One publish of a {@link ConfirmingPublisher}: where it goes, what it carries, its deadline and
 * its future. The properties hold the publish id header when it is mandatory. Guarded by the
 * publisher's lock.
 */
final class PendingPublish {
  final String exchange;
  final String routingKey;
  final byte[] body;
  final long deadline;
  final CompletableFuture<Void> future = new CompletableFuture<>();
  AMQP.BasicProperties props;
  long publishId;
  long seq;
  String returned;

  PendingPublish(String exchange, String routingKey, byte[] body, long deadline) {
    this.exchange = exchange;
    this.routingKey = routingKey;
    this.body = body;
    this.deadline = deadline;
  }
}
