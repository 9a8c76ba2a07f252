package dev.eventbus.benchmarks.rabbitmq;

import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadPayload;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Spring AMQP's documented way to learn of each message's confirm: a connection factory with {@link
 * CachingConnectionFactory.ConfirmType#CORRELATED}, {@code convertAndSend} with a new {@link
 * CorrelationData} per message, whose future completes with the broker's ack or nack. A semaphore
 * keeps at most {@link RawRabbitMqClient#CONFIRM_WINDOW} unconfirmed, as the adapter's confirm
 * window does. Thread-safe.
 */
final class CorrelatedConfirmsPublisher implements SpringPublisher {
  private static final Duration WINDOW_WAIT = Duration.ofSeconds(30);

  private final RabbitTemplate template;
  private final Semaphore window = new Semaphore(RawRabbitMqClient.CONFIRM_WINDOW);

  /**
   * A publisher over a template whose connection factory has correlated confirms.
   *
   * @param template the template, with its JSON converter
   */
  CorrelatedConfirmsPublisher(RabbitTemplate template) {
    this.template = template;
  }

  @Override
  public void send(String exchange, LoadPayload payload, Acks acks) {
    acquire();
    CorrelationData correlation = new CorrelationData();
    correlation
        .getFuture()
        .whenComplete(
            (confirm, error) -> {
              window.release();
              if (error != null) {
                acks.fail(error);
              } else if (confirm.ack()) {
                acks.ack();
              } else {
                acks.fail(new IllegalStateException("basic.nack: " + confirm.reason()));
              }
            });
    try {
      template.convertAndSend(exchange, "", payload, correlation);
    } catch (AmqpException e) {
      correlation.getFuture().completeExceptionally(e);
    }
  }

  private void acquire() {
    try {
      if (!window.tryAcquire(WINDOW_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "no publisher confirm for " + WINDOW_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the confirm window", e);
    }
  }

  @Override
  public void close() {
    // Spring nacks what a closing channel leaves unconfirmed; nothing of its own to stop.
  }
}
