package dev.eventbus.rabbitmq.internal;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import dev.eventbus.EventBusException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes on one confirm-mode channel with an asynchronous window: each publish's future
 * completes when the broker confirms it, and fails on a nack, on a return (when published with
 * {@code mandatory}) or when no confirm came within the bus's publish timeout.
 *
 * <p>At most {@code confirmWindow} publishes are on the wire unconfirmed; the next ones wait in a
 * buffer that the bus keeps bounded ({@code eventbus.publish.max-pending}). While the connection is
 * not made yet, down or blocked by a resource alarm nothing is written: publishes wait, and fail
 * after the publish timeout (a {@link dev.eventbus.BackpressureException} while blocked). After
 * recovery the publishes that were unconfirmed are sent again first, in order, then the buffer (a
 * publish may reach the broker twice; never zero times once confirmed).
 *
 * <p>Thread-safe. Callers write directly when nothing waits; otherwise one writer thread drains the
 * buffer, so that the client's I/O thread never writes. Futures complete on the client's I/O thread
 * or the writer thread.
 */
final class ConfirmingPublisher {
  private static final Logger log = LoggerFactory.getLogger(ConfirmingPublisher.class);

  private final RabbitMqRuntime runtime;
  private final Settings settings;
  private final int confirmWindow;
  // In publish order, which is sequence number order: confirms mostly settle its head.
  private final ArrayDeque<PendingPublish> unconfirmed = new ArrayDeque<>();
  private final ArrayDeque<PendingPublish> waiting = new ArrayDeque<>();
  private final AtomicLong publishIds = new AtomicLong();
  private volatile Connection connection; // null until attached
  private Channel channel;
  private boolean drainScheduled;
  private boolean closed;
  private volatile String blockedReason;
  private volatile Throwable lastFailure;

  /**
   * Publishes for a runtime: deadlines on its scheduler's clock, drains on its writer thread. The
   * publishes wait until {@link #attach} gives the connection.
   */
  ConfirmingPublisher(RabbitMqRuntime runtime) {
    this.runtime = runtime;
    this.settings = runtime.settings;
    this.confirmWindow = settings.get(ConfigTable.CONFIRM_WINDOW);
  }

  /** Publishes on this connection from now on, beginning with what waited for it. */
  void attach(Connection c) {
    c.addBlockedListener(
        reason -> {
          log.warn("RabbitMQ blocked publishing on {}: {}", settings.endpoint(), reason);
          blockedReason = reason == null ? "resource alarm" : reason;
        },
        () -> {
          log.info("RabbitMQ unblocked publishing on {}", settings.endpoint());
          onRecovered();
        });
    synchronized (this) {
      connection = c;
      scheduleDrainLocked();
    }
  }

  /** Why no connection could be made, for the publishes that fail meanwhile. */
  void unreachable(Throwable cause) {
    lastFailure = cause;
  }

  /** Resends and drains once the connection recovered, or was unblocked. */
  synchronized void onRecovered() {
    blockedReason = null;
    scheduleDrainLocked();
  }

  /**
   * Publishes to an exchange ({@code ""}: the default one); a mandatory one must reach a queue.
   * Fails unless confirmed within {@code timeoutNanos} on this publisher's clock.
   */
  CompletableFuture<Void> publish(
      String exchange,
      String routingKey,
      boolean mandatory,
      AMQP.BasicProperties props,
      byte[] body,
      long timeoutNanos) {
    long deadline = runtime.nanoTime() + timeoutNanos;
    PendingPublish p = new PendingPublish(exchange, routingKey, props, body, deadline);
    if (mandatory) {
      p.publishId = publishIds.incrementAndGet();
      p.props =
          AmqpMessages.withHeaders(props, Map.of(AmqpMessages.PUBLISH_ID_HEADER, p.publishId));
    }
    synchronized (this) {
      if (closed) {
        return CompletableFuture.failedFuture(PublishFailures.closed());
      }
      if (waiting.isEmpty() && canWrite()) {
        write(p);
      } else {
        waiting.add(p);
        scheduleDrainLocked();
      }
    }
    return p.future;
  }

  private boolean canWrite() {
    if (closed
        || connection == null
        || blockedReason != null
        || unconfirmed.size() >= confirmWindow) {
      return false;
    }
    if (channel == null) {
      try {
        channel = openChannel();
      } catch (IOException | RuntimeException e) {
        lastFailure = e;
        return false;
      }
    }
    return channel.isOpen();
  }

  /** Writes under the monitor; on failure the publish goes back to the head of the buffer. */
  private boolean write(PendingPublish p) {
    try {
      p.seq = channel.getNextPublishSeqNo();
      channel.basicPublish(p.exchange, p.routingKey, p.publishId != 0, p.props, p.body);
      unconfirmed.add(p);
      return true;
    } catch (IOException | RuntimeException e) {
      lastFailure = e;
      waiting.addFirst(p);
      return false;
    }
  }

  private void scheduleDrainLocked() {
    if (!drainScheduled && !closed && !waiting.isEmpty()) {
      drainScheduled = true;
      runtime.writer.execute(this::drain);
    }
  }

  private synchronized void drain() {
    drainScheduled = false;
    while (!waiting.isEmpty() && canWrite()) {
      PendingPublish p = waiting.poll();
      if (!p.future.isDone() && !write(p)) {
        break; // recovery or the next ack drains again
      }
    }
    notifyAll();
  }

  private Channel openChannel() throws IOException {
    Channel ch = Connections.openChannel(connection);
    ch.confirmSelect();
    ch.addConfirmListener(
        (seq, multiple) -> settle(seq, multiple, false),
        (seq, multiple) -> settle(seq, multiple, true));
    ch.addReturnListener(this::onReturn);
    ch.addShutdownListener(cause -> onShutdown(ch, cause));
    return ch;
  }

  /** A return comes before the confirm of its publish, which is still unconfirmed then. */
  private void onReturn(Return r) {
    Map<String, Object> headers = r.getProperties().getHeaders();
    if (headers != null && headers.get(AmqpMessages.PUBLISH_ID_HEADER) instanceof Number id) {
      synchronized (this) {
        for (PendingPublish p : unconfirmed) {
          if (p.publishId == id.longValue()) {
            p.returned = PublishFailures.returned(r);
          }
        }
      }
    }
  }

  private void settle(long seq, boolean multiple, boolean nacked) {
    List<PendingPublish> done = new ArrayList<>();
    synchronized (this) {
      if (multiple) {
        while (!unconfirmed.isEmpty() && unconfirmed.peek().seq <= seq) {
          done.add(unconfirmed.poll());
        }
      } else if (!unconfirmed.isEmpty() && unconfirmed.peek().seq == seq) {
        done.add(unconfirmed.poll());
      } else {
        unconfirmed.removeIf(p -> p.seq == seq && done.add(p));
      }
      scheduleDrainLocked();
      notifyAll();
    }
    for (PendingPublish p : done) {
      if (nacked) {
        p.future.completeExceptionally(PublishFailures.nacked());
      } else if (p.returned != null) {
        p.future.completeExceptionally(p.returned);
      } else {
        p.future.complete(null);
      }
    }
  }

  private void onShutdown(Channel ch, ShutdownSignalException cause) {
    List<PendingPublish> lost;
    synchronized (this) {
      if (ch != channel) {
        return;
      }
      lastFailure = cause;
      lost = new ArrayList<>(unconfirmed);
      unconfirmed.clear();
      if (closed) {
        lost.addAll(waiting);
        waiting.clear();
      } else if (cause.isHardError()) {
        // The connection is lost; the client recovers it and this channel. Send these again then.
        for (int i = lost.size() - 1; i >= 0; i--) {
          lost.get(i).returned = null;
          waiting.addFirst(lost.get(i));
        }
        lost = List.of();
        log.warn("RabbitMQ publishing connection lost: {}", cause.getMessage());
      } else {
        channel = null; // a channel error: the client never recovers this channel
        scheduleDrainLocked();
      }
      notifyAll();
    }
    if (!cause.isHardError() && !closed && Topology.isNotFound(cause)) {
      runtime.topology.forgetExchanges(); // an exchange was deleted: declare them again
    }
    fail(lost, () -> PublishFailures.channelClosed(cause));
  }

  /** Fails every publish whose deadline passed. */
  void expire() {
    long now = runtime.nanoTime();
    List<PendingPublish> late = new ArrayList<>();
    List<PendingPublish> unsent = new ArrayList<>();
    Channel ch;
    synchronized (this) {
      unconfirmed.removeIf(p -> p.deadline - now <= 0 && late.add(p));
      waiting.removeIf(p -> p.deadline - now <= 0 && unsent.add(p));
      if (!late.isEmpty() || !unsent.isEmpty()) {
        scheduleDrainLocked();
        notifyAll();
      }
      ch = channel; // read once: a shutdown or close may clear it meanwhile
    }
    Connection c = connection;
    boolean connected = c != null && c.isOpen() && ch != null && ch.isOpen();
    fail(late, () -> expired(true, connected));
    fail(unsent, () -> expired(false, connected));
  }

  private EventBusException expired(boolean sent, boolean connected) {
    return PublishFailures.expired(
        settings, runtime.publishTimeout, sent, blockedReason, connected, lastFailure);
  }

  private static void fail(List<PendingPublish> publishes, Supplier<EventBusException> failure) {
    for (PendingPublish p : publishes) {
      p.future.completeExceptionally(failure.get());
    }
  }

  synchronized int pending() {
    return unconfirmed.size() + waiting.size();
  }

  /** Waits up to {@code wait} for confirms, then fails the rest and closes the channel. */
  void close(Duration wait) {
    List<PendingPublish> rest = new ArrayList<>();
    Channel ch;
    synchronized (this) {
      Settlements.await(this, () -> closed || unconfirmed.isEmpty() && waiting.isEmpty(), wait);
      closed = true;
      rest.addAll(unconfirmed);
      rest.addAll(waiting);
      unconfirmed.clear();
      waiting.clear();
      ch = channel;
      channel = null;
      notifyAll();
    }
    fail(rest, PublishFailures::closed);
    Connections.closeQuietly(ch);
  }

  /** One publish; a mandatory one has a publish id (in its header), others 0. Under the monitor. */
  private static final class PendingPublish {
    final String exchange;
    final String routingKey;
    final byte[] body;
    final long deadline;
    final CompletableFuture<Void> future = new CompletableFuture<>();
    AMQP.BasicProperties props;
    long publishId;
    long seq;
    EventBusException returned;

    PendingPublish(
        String exchange,
        String routingKey,
        AMQP.BasicProperties props,
        byte[] body,
        long deadline) {
      this.exchange = exchange;
      this.routingKey = routingKey;
      this.props = props;
      this.body = body;
      this.deadline = deadline;
    }
  }
}
