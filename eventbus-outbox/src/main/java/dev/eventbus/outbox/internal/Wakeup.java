package dev.eventbus.outbox.internal;

/**
 * How an idle relay waits for new rows: until a commit is announced (PostgreSQL) or the wait ends
 * (polling). {@link #wake()} ends a wait at once, from any thread.
 */
interface Wakeup extends AutoCloseable {
  /**
   * Waits until rows may have been committed, at most a time.
   *
   * @param nanos the longest wait
   */
  void await(long nanos) throws InterruptedException;

  /** Ends the current wait. Thread-safe. */
  void wake();

  @Override
  void close();

  /** Waiting out the poll interval; {@link #wake()} cuts it short. */
  class Polling implements Wakeup {
    private final Object monitor = new Object();
    private boolean woken;

    @Override
    public void await(long nanos) throws InterruptedException {
      long deadline = System.nanoTime() + nanos;
      synchronized (monitor) {
        long left;
        while (!woken && (left = deadline - System.nanoTime()) > 0) {
          monitor.wait(Math.max(1, left / 1_000_000));
        }
        woken = false;
      }
    }

    @Override
    public void wake() {
      synchronized (monitor) {
        woken = true;
        monitor.notifyAll();
      }
    }

    @Override
    public void close() {
      wake();
    }
  }
}
