package dev.eventbus.internal;

import dev.eventbus.ConfigurationException;
import dev.eventbus.DeadLetter;
import dev.eventbus.DeadLetters;
import dev.eventbus.EventBusException;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.BrokerMessage;
import dev.eventbus.spi.DeadLetterStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/** The broker-neutral dead-letter API over a broker's {@link DeadLetterStore}. */
final class DefaultDeadLetters implements DeadLetters {
  private static final int MAX_LIST = 10_000;
  private static final int REDRIVE_BATCH = 100;
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final DefaultEventBus bus;

  DefaultDeadLetters(DefaultEventBus bus) {
    this.bus = bus;
  }

  private DeadLetterStore store() {
    return bus.broker().deadLetters();
  }

  @Override
  public List<DeadLetter> list(String topic, String group, int max) {
    if (max < 1 || max > MAX_LIST) {
      throw new ConfigurationException("deadLetters.list.max", max, "1 to " + MAX_LIST);
    }
    List<DeadLetter> result = new ArrayList<>();
    for (BrokerMessage m : store().list(topic, group, max)) {
      result.add(new DeadLetter(m));
    }
    return result;
  }

  @Override
  public long count(String topic, String group) {
    return store().count(topic, group);
  }

  @Override
  public Optional<DeadLetter> inspect(String topic, String group, String id) {
    for (BrokerMessage m : store().list(topic, group, MAX_LIST)) {
      DeadLetter d = new DeadLetter(m);
      if (id.equals(d.id())) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  @Override
  public long redrive(String topic, String group, int max, double perSecond) {
    if (!(perSecond > 0)) {
      throw new ConfigurationException("deadLetters.redrive.perSecond", perSecond, "> 0");
    }
    long intervalNanos = (long) (1_000_000_000L / perSecond);
    long next = System.nanoTime();
    long done = 0;
    while (done < max) {
      List<BrokerMessage> batch =
          store().list(topic, group, (int) Math.min(REDRIVE_BATCH, max - done));
      if (batch.isEmpty()) {
        break;
      }
      for (BrokerMessage m : batch) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
        next = Math.max(next + intervalNanos, System.nanoTime());
        send(topic, group, m, SEND_TIMEOUT);
        done++;
      }
    }
    return done;
  }

  @Override
  public boolean redriveOne(String topic, String group, String id, Duration timeout) {
    Optional<DeadLetter> d = inspect(topic, group, id);
    if (d.isEmpty()) {
      return false;
    }
    send(topic, group, d.get().message(), timeout);
    return true;
  }

  private void send(String topic, String group, BrokerMessage m, Duration timeout) {
    String id = new DeadLetter(m).id();
    BrokerMessage fresh = m.withoutHeaders("eventbus-");
    try {
      bus.broker()
          .sendToGroup(topic, group, fresh, Broker.deadlineAfter(timeout))
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException("Interrupted while redriving dead letter " + id, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new EventBusException(
          "Redriving dead letter " + id + " of " + topic + "/" + group + " failed", e);
    }
    store().delete(topic, group, id);
    bus.metrics().redriven(topic, group).increment();
  }

  @Override
  public boolean delete(String topic, String group, String id) {
    return store().delete(topic, group, id);
  }

  @Override
  public long purge(String topic, String group) {
    return store().purge(topic, group);
  }
}
