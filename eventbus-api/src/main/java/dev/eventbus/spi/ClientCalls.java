package dev.eventbus.spi;

import dev.eventbus.EventBusException;
import dev.eventbus.RetryableEventBusException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits, for at most a timeout, on an asynchronous call of a broker's client (an admin request, a
 * batch of writes), for an adapter whose own call must block: creating a topic before the first
 * send, reading dead letters. A call that does not answer in time fails as retriable, since the
 * broker may answer later; an interrupted wait fails and keeps the thread's interrupt status.
 *
 * <p>Stateless and thread-safe.
 */
public final class ClientCalls {
  private ClientCalls() {}

  /**
   * Waits for a call's result.
   *
   * @param call the client's future
   * @param timeout the longest wait
   * @param broker the broker's name, for the message: {@code Kafka}
   * @param doing what the call does, for the message: {@code create topic 'orders'}
   * @param <T> the result type
   * @return the result
   * @throws ExecutionException if the call failed; its cause is the client's exception
   * @throws RetryableEventBusException if the call did not complete within the timeout
   * @throws EventBusException if the thread was interrupted while waiting
   */
  public static <T> T await(Future<T> call, Duration timeout, String broker, String doing)
      throws ExecutionException {
    try {
      return call.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new RetryableEventBusException(
          broker + " did not answer within " + readable(timeout) + " to " + doing, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventBusException("Interrupted while trying to " + doing, e);
    }
  }

  // A timeout left of a deadline has nanoseconds; to the millisecond it reads as a user writes it.
  private static String readable(Duration timeout) {
    return ConfigKeys.durationText(Duration.ofMillis(Math.max(1, timeout.toMillis())));
  }
}
