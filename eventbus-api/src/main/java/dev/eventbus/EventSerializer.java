package dev.eventbus;

import dev.eventbus.spi.BrokerMessage;

/**
 * Turns events into the broker-neutral encoded form and back, with the bus's codec, type registry
 * and upcasters: exactly what a broker carries. Used by components that store events outside a
 * broker (an event store, an outbox). Obtain it from {@link EventBus#serializer()}. Thread-safe.
 */
public interface EventSerializer {
  /**
   * Completes an event's unset attributes (id, source, type, eventversion, time, datacontenttype)
   * as publishing would, without the handler-derived correlation.
   *
   * @param event the event
   * @return the completed event (a new instance if anything was filled in)
   */
  Event<?> complete(Event<?> event);

  /**
   * Encodes a completed event.
   *
   * @param event an event, completed with {@link #complete(Event)} first
   * @return the encoded message
   */
  BrokerMessage encode(Event<?> event);

  /**
   * Decodes a message into an event of its registered class, upcasting older versions.
   *
   * @param message the message
   * @return the event with its payload
   * @throws EventDecodingException if the bytes are malformed, an attribute is missing, the type is
   *     unknown or no upcasting path leads from its version to the current one
   */
  Event<?> decode(BrokerMessage message);
}
