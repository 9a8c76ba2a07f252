package dev.eventbus.benchmarks.rabbitmq;

import dev.eventbus.benchmarks.load.Acks;
import dev.eventbus.benchmarks.load.LoadPayload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Spring AMQP's best case for confirmed publishing: a batch of messages sent inside one {@code
 * RabbitTemplate.invoke(...)} (one dedicated channel), then one {@code waitForConfirmsOrDie} for
 * the whole batch, on a connection factory with {@link
 * CachingConnectionFactory.ConfirmType#SIMPLE}, as Spring's reference documents for scoped
 * operations. {@link #send} queues the message; one publishing thread takes whatever is queued, at
 * most {@link RawRabbitMqClient#CONFIRM_WINDOW}, as one batch, so batches are large when the sender
 * is fast and single messages at a low rate. At most that many are queued or unconfirmed.
 * Thread-safe.
 */
final class BatchConfirmsPublisher implements SpringPublisher {
  private static final Duration CONFIRM_WAIT = Duration.ofSeconds(30);

  private final RabbitTemplate template;
  private final Semaphore window = new Semaphore(RawRabbitMqClient.CONFIRM_WINDOW);
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * A publisher over a template whose connection factory has simple confirms; starts its thread.
   *
   * @param template the template, with its JSON converter
   */
  BatchConfirmsPublisher(RabbitTemplate template) {
    this.template = template;
    this.thread = new Thread(this::publishBatches, "bench-spring-batch-publisher");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void send(String exchange, LoadPayload payload, Acks acks) {
    try {
      if (!window.tryAcquire(CONFIRM_WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "no batch confirmed for " + CONFIRM_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for the confirm window", e);
    }
    queue.add(new Pending(exchange, payload, acks));
  }

  private void publishBatches() {
    List<Pending> batch = new ArrayList<>(RawRabbitMqClient.CONFIRM_WINDOW);
    while (running) {
      try {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, RawRabbitMqClient.CONFIRM_WINDOW - 1);
        publish(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        window.release(batch.size());
        batch.clear();
      }
    }
  }

  private void publish(List<Pending> batch) {
    try {
      template.invoke(
          ops -> {
            for (Pending p : batch) {
              ops.convertAndSend(p.exchange(), "", p.payload());
            }
            ops.waitForConfirmsOrDie(CONFIRM_WAIT.toMillis());
            return null;
          });
      batch.forEach(p -> p.acks().ack());
    } catch (RuntimeException e) {
      batch.forEach(p -> p.acks().fail(e));
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(CONFIRM_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IllegalStateException closed = new IllegalStateException("publisher closed");
    for (Pending p; (p = queue.poll()) != null; ) {
      p.acks().fail(closed);
    }
  }

  private record Pending(String exchange, LoadPayload payload, Acks acks) {}
}
