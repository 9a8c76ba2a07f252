package dev.eventbus.eventsourcing;

/**
 * Builds a read model from the global log, run by a {@link ProjectionRunner}. Events arrive in
 * position order, one at a time, on the projection's own thread; several projections run
 * independently of one another.
 *
 * <pre>{@code
 * final class Balances implements Projection {
 *   private final Map<String, Long> balances = new ConcurrentHashMap<>();
 *
 *   public String name() { return "balances"; }
 *
 *   public void apply(RecordedEvent event) {
 *     if (event.payload() instanceof MoneyDeposited d) balances.merge(d.account(), d.amount(), Long::sum);
 *   }
 *
 *   public void reset() { balances.clear(); }
 *
 *   long balance(String account) { return balances.getOrDefault(account, 0L); }  // a query
 * }
 * }</pre>
 *
 * <p>Its checkpoint is kept in a {@link CheckpointStore} after each page of events. Unless the read
 * model and the checkpoint are lost together (both in memory), a crash between the two replays some
 * events on restart: make {@link #apply} idempotent, or use a {@link JdbcProjection}, whose
 * checkpoint commits with its read model.
 */
public interface Projection {
  /**
   * The projection's name: its checkpoint, metrics tag and dead letters are kept under it. Stable
   * across restarts; unique within a runner.
   *
   * @return the name
   */
  String name();

  /**
   * Applies one event to the read model. Events whose payload does not decode never reach it (see
   * {@link BadEventPolicy}).
   *
   * @param event the event, already decoded
   * @throws Exception to stop the projection ({@link ProcessingState#FAILED}); a {@link
   *     dev.eventbus.RetryableEventBusException} retries the page after a backoff instead
   */
  void apply(RecordedEvent event) throws Exception;

  /**
   * Clears the read model before a rebuild from position 0.
   *
   * @throws Exception if it cannot be cleared; the rebuild fails
   */
  void reset() throws Exception;
}
