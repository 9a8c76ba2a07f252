package dev.eventbus.outbox;

import dev.eventbus.BusHealth;
import dev.eventbus.EventBus;
import dev.eventbus.outbox.internal.RelayWorker;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Publishes the committed rows of an outbox table to the bus's broker, on a thread of its own, and
 * deletes each row once the broker acknowledged it (publisher confirms on RabbitMQ, {@code
 * acks=all} on Kafka).
 *
 * <p><b>Order.</b> Rows of one ordering unit (a topic and a partition key; the topic alone for
 * unkeyed events) are published in commit order. A relay reads its shards' rows in id order, in
 * batches ({@link Outbox.Builder#batchSize}) of which one at a time is in flight, and sends
 * consecutive rows of one topic as one broker batch. The table is split into shards by the unit's
 * hash; each shard is published by one relay at a time, under a lease in {@code <table>_lease} that
 * its holder renews, so several processes may run a relay on one table: each takes its share of the
 * shards.
 *
 * <p><b>At-least-once.</b> A crash, or a lease that expires while its holder is stalled, may
 * publish the rows in flight again (at most one batch per relay); they keep their event ids, so the
 * bus's idempotent consumer drops them. A transient failure (the broker down, no acknowledgement
 * within the publish timeout) leaves the row and every later row of its unit in the table, to be
 * published again in order after a backoff. A permanent refusal (over the broker's size limit, a
 * topic name the broker rejects) moves the row to {@code <table>_dead} with the reason, and its
 * unit goes on with the next row, as a group goes on after a dead letter.
 *
 * <p><b>Health.</b> While it runs, the relay is a component of the bus's {@link EventBus#health()},
 * named {@code outbox} ({@code outbox:<table>} if another outbox's relay on the bus has that name):
 * its {@link Outbox#health()} with a one-line detail, and the bus reads DOWN while the relay does.
 *
 * <p>Thread-safe. {@link #close()} (or closing the outbox) takes the component back, waits for the
 * batch in flight, up to the publish timeout, and gives the shards up so that other relays take
 * them at once.
 */
public final class OutboxRelay implements AutoCloseable {
  private final RelayWorker worker;
  private final EventBus bus;
  private final Duration closeWait;
  private final Supplier<BusHealth.ComponentRegistration> healthComponent;
  private final AtomicReference<BusHealth.ComponentRegistration> registration =
      new AtomicReference<>();

  OutboxRelay(
      RelayWorker worker,
      EventBus bus,
      Duration closeWait,
      Supplier<BusHealth.ComponentRegistration> healthComponent) {
    this.worker = worker;
    this.bus = bus;
    this.closeWait = closeWait;
    this.healthComponent = healthComponent;
  }

  /**
   * Starts the relay's thread, and the bus if it is not started yet (publishing needs its broker),
   * and adds the relay to the bus's health. Call once.
   *
   * @return this relay
   * @throws IllegalStateException if it was started or closed already
   */
  public OutboxRelay start() {
    bus.start();
    worker.start();
    registration.set(healthComponent.get());
    return this;
  }

  /** {@return what the relay is doing} */
  public RelayState state() {
    return worker.state();
  }

  /** {@return the shards this relay held at its last lease renewal} */
  public Set<Integer> shards() {
    return worker.shards();
  }

  /** {@return why the relay is backing off; empty unless it is} */
  public Optional<Throwable> failure() {
    return worker.failure();
  }

  /**
   * Leaves the bus's health, stops after the batch in flight and gives up the shards. Idempotent.
   *
   * @throws dev.eventbus.EventBusException if interrupted while waiting
   */
  @Override
  public void close() {
    BusHealth.ComponentRegistration component = registration.getAndSet(null);
    if (component != null) {
      component.close();
    }
    try {
      worker.close(closeWait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.eventbus.EventBusException("Interrupted while closing the outbox relay", e);
    }
  }

  void wake() {
    worker.wake();
  }
}
