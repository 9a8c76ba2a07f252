package dev.eventbus.benchmarks.load;

import dev.eventbus.EventBus;
import dev.eventbus.GroupOptions;
import dev.eventbus.Subscription;
import dev.eventbus.spi.Broker;
import dev.eventbus.spi.StartPosition;

/**
 * An adapter measured the way a service uses it: {@code EventBus.builder().broker(adapter)} with
 * the default options (new groups start at the earliest event so that they find what the publish
 * phase left), {@code bus.publish(topic, payload)} and {@code bus.subscribe(topic, group,
 * LoadPayload.class, handler)}.
 */
public final class EventBusLoadClient implements LoadClient {
  private final String name;
  private final EventBus bus;
  private final String filler;
  private final Preparer preparer;

  /**
   * A client over an adapter.
   *
   * @param name the name in the results, for example {@code KafkaBroker via EventBus}
   * @param broker the adapter, not started; the bus starts and closes it
   * @param payloadSize the payload size in bytes
   * @param preparer what {@link #prepare} does on this broker
   */
  public EventBusLoadClient(String name, Broker broker, int payloadSize, Preparer preparer) {
    this(name, broker, payloadSize, preparer, GroupOptions.DEFAULT_CONCURRENCY);
  }

  /**
   * A client over an adapter whose groups run a given number of handler threads.
   *
   * @param name the name in the results
   * @param broker the adapter, not started; the bus starts and closes it
   * @param payloadSize the payload size in bytes
   * @param preparer what {@link #prepare} does on this broker
   * @param concurrency handler threads per group
   */
  public EventBusLoadClient(
      String name, Broker broker, int payloadSize, Preparer preparer, int concurrency) {
    this.name = name;
    this.filler = LoadPayload.filler(payloadSize);
    this.preparer = preparer;
    this.bus =
        EventBus.builder()
            .broker(broker)
            .registerType(LoadPayload.class)
            .groupDefaults(
                GroupOptions.custom()
                    .startPosition(StartPosition.EARLIEST)
                    .concurrency(concurrency)
                    .build())
            .build()
            .start();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void prepare(String topic, String group) {
    preparer.prepare(bus, topic, group);
  }

  /**
   * Subscribes a group once and closes the subscription: the adapter declares the group's queue,
   * which then keeps what is published until the group consumes it.
   *
   * @param bus the bus
   * @param topic the topic
   * @param group the group
   */
  public static void declareGroup(EventBus bus, String topic, String group) {
    bus.subscribe(topic, group, LoadPayload.class, (payload, context) -> {}).close();
  }

  @Override
  public void send(String topic, long intendedNanos, Acks acks) {
    bus.publish(topic, new LoadPayload(intendedNanos, filler)).whenComplete(acks::outcome);
  }

  @Override
  public AutoCloseable consume(String topic, String group, Receiver receiver) {
    Subscription s =
        bus.subscribe(
            topic,
            group,
            LoadPayload.class,
            (payload, context) -> receiver.received(payload.intendedNanos()));
    return s::close;
  }

  @Override
  public void close() {
    bus.close();
  }

  /** Creates what a group needs before publishing, see {@link LoadClient#prepare}. */
  @FunctionalInterface
  public interface Preparer {
    /**
     * Prepares a topic for a group.
     *
     * @param bus the adapter's bus
     * @param topic the topic
     * @param group the group
     */
    void prepare(EventBus bus, String topic, String group);
  }
}
