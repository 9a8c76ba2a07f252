package dev.eventbus.internal;

import static dev.eventbus.spi.CloudEventAttributes.TRACEPARENT;
import static dev.eventbus.spi.CloudEventAttributes.TRACESTATE;

import dev.eventbus.Event;
import dev.eventbus.spi.Delivery;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The bus's Micrometer observations, named and described as the OpenTelemetry messaging semantic
 * conventions name them: a producer observation per publish ({@code publish <topic>}) and a
 * consumer observation per handler attempt ({@code process <topic>}). The observation names are the
 * conventions' metric names, so a meter handler on the registry records those metrics.
 *
 * <p>Propagation goes through the event: the tracer bridge writes W3C {@code traceparent}, {@code
 * tracestate} and {@code baggage} into the sender carrier, the first two become the event's
 * CloudEvents extensions of those names and baggage its {@code baggage} header; the receiver
 * carrier reads them back, so any bridge (Brave, OpenTelemetry) continues the trace. Low
 * cardinality key values are bounded (system, topic, group, operation, partition); the event id and
 * the error type are high cardinality (span attributes, never meter tags).
 */
final class EventObservations {
  /** Name of the producer observation: the conventions' client operation duration. */
  static final String PUBLISH = "messaging.client.operation.duration";

  /** Name of the consumer observation: the conventions' process duration. */
  static final String PROCESS = "messaging.process.duration";

  /** The W3C baggage header, carried as an event header. */
  static final String BAGGAGE = "baggage";

  static final String SYSTEM = "messaging.system";
  static final String DESTINATION = "messaging.destination.name";
  static final String OPERATION_TYPE = "messaging.operation.type";
  static final String OPERATION_NAME = "messaging.operation.name";
  static final String GROUP = "messaging.consumer.group.name";
  static final String PARTITION = "messaging.destination.partition.id";
  static final String MESSAGE_ID = "messaging.message.id";
  static final String CONVERSATION_ID = "messaging.message.conversation_id";
  static final String ERROR_TYPE = "error.type";

  private final ObservationRegistry registry;
  private final String system;

  EventObservations(ObservationRegistry registry, String system) {
    this.registry = registry;
    this.system = system;
  }

  /**
   * Starts a producer observation, a child of the current observation if there is one.
   *
   * @return the started observation and the trace context the tracer wrote
   */
  Started publish(String topic) {
    if (registry.isNoop()) {
      return Started.NONE;
    }
    Map<String, String> carrier = new HashMap<>();
    SenderContext<Map<String, String>> context = new SenderContext<>(Map::put);
    context.setCarrier(carrier);
    context.setRemoteServiceName(system);
    Observation observation =
        Observation.createNotStarted(PUBLISH, () -> context, registry)
            .contextualName("publish " + topic)
            .lowCardinalityKeyValues(
                KeyValues.of(
                    SYSTEM,
                    system,
                    DESTINATION,
                    topic,
                    OPERATION_TYPE,
                    "send",
                    OPERATION_NAME,
                    "publish"))
            .start();
    return new Started(
        observation, carrier.get(TRACEPARENT), carrier.get(TRACESTATE), carrier.get(BAGGAGE));
  }

  /** Adds what only the complete event tells to its producer observation. */
  static void describe(Observation observation, Event<?> event) {
    if (observation.isNoop()) {
      return;
    }
    observation.highCardinalityKeyValue(MESSAGE_ID, event.id());
    if (event.correlationId() != null) {
      observation.highCardinalityKeyValue(CONVERSATION_ID, event.correlationId());
    }
  }

  /**
   * A consumer observation, not started, continuing the trace of the event's traceparent,
   * tracestate and baggage, with the delivery's own attributes ({@link
   * Delivery#traceAttributes()}).
   *
   * @return the observation
   */
  Observation process(Event<?> event, Delivery delivery, String topic, String group) {
    if (registry.isNoop()) {
      return Observation.NOOP;
    }
    Map<String, String> carrier = new HashMap<>();
    putIfPresent(carrier, TRACEPARENT, event.traceparent());
    putIfPresent(carrier, TRACESTATE, event.tracestate());
    putIfPresent(carrier, BAGGAGE, event.headers().get(BAGGAGE));
    ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
    context.setCarrier(carrier);
    Map<String, String> brokers = delivery.traceAttributes();
    String consumedFrom = brokers.getOrDefault(SYSTEM, system);
    context.setRemoteServiceName(consumedFrom);
    Observation observation =
        Observation.createNotStarted(PROCESS, () -> context, registry)
            .contextualName("process " + topic)
            .lowCardinalityKeyValues(
                KeyValues.of(
                    SYSTEM,
                    consumedFrom,
                    DESTINATION,
                    topic,
                    GROUP,
                    group,
                    OPERATION_TYPE,
                    "process",
                    OPERATION_NAME,
                    "process"))
            .highCardinalityKeyValue(MESSAGE_ID, event.id());
    if (event.correlationId() != null) {
      observation.highCardinalityKeyValue(CONVERSATION_ID, event.correlationId());
    }
    brokers.forEach(
        (name, value) -> {
          if (name.equals(PARTITION)) {
            observation.lowCardinalityKeyValue(name, value);
          } else if (!name.equals(SYSTEM)) {
            observation.highCardinalityKeyValue(name, value);
          }
        });
    return observation;
  }

  /** Records a failure on an observation, with the conventions' {@code error.type}. */
  static void failed(Observation observation, Throwable error) {
    if (observation.isNoop()) {
      return;
    }
    observation.highCardinalityKeyValue(ERROR_TYPE, error.getClass().getName());
    observation.error(error);
  }

  private static void putIfPresent(Map<String, String> carrier, String name, String value) {
    if (value != null) {
      carrier.put(name, value);
    }
  }

  /** A started producer observation and the trace context to carry, each null without one. */
  record Started(Observation observation, String traceparent, String tracestate, String baggage) {
    static final Started NONE = new Started(Observation.NOOP, null, null, null);
  }
}
