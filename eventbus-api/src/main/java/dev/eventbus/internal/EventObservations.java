package dev.eventbus.internal;

import static dev.eventbus.spi.CloudEventAttributes.TRACEPARENT;

import dev.eventbus.Event;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The bus's Micrometer observations: a producer observation per publish and a consumer observation
 * per handler attempt. Propagation goes through the event's {@code traceparent} attribute, written
 * by the tracer bridge into the sender carrier and read back from the receiver carrier, so any
 * bridge (Brave, OpenTelemetry) continues the trace. Key values are bounded: topic, group and the
 * broker name; never event ids or payloads.
 */
final class EventObservations {
  /** Name of the producer observation. */
  static final String PUBLISH = "eventbus.publish";

  /** Name of the consumer observation. */
  static final String PROCESS = "eventbus.process";

  private final ObservationRegistry registry;
  private final String brokerName;

  EventObservations(ObservationRegistry registry, String brokerName) {
    this.registry = registry;
    this.brokerName = brokerName;
  }

  /**
   * Starts a producer observation, a child of the current observation if there is one.
   *
   * @return the started observation and the traceparent the tracer wrote, or null without one
   */
  Started publish(String topic) {
    if (registry.isNoop()) {
      return Started.NONE;
    }
    Map<String, String> carrier = new HashMap<>();
    SenderContext<Map<String, String>> context = new SenderContext<>(Map::put);
    context.setCarrier(carrier);
    context.setRemoteServiceName(brokerName);
    Observation observation =
        Observation.createNotStarted(PUBLISH, () -> context, registry)
            .contextualName(topic + " publish")
            .lowCardinalityKeyValues(
                KeyValues.of("eventbus.topic", topic, "messaging.operation", "publish"))
            .start();
    return new Started(observation, carrier.get(TRACEPARENT));
  }

  /**
   * A consumer observation, not started, continuing the trace of the event's traceparent.
   *
   * @return the observation
   */
  Observation process(Event<?> event, String topic, String group) {
    if (registry.isNoop()) {
      return Observation.NOOP;
    }
    Map<String, String> carrier = new HashMap<>();
    if (event.traceparent() != null) {
      carrier.put(TRACEPARENT, event.traceparent());
    }
    ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
    context.setCarrier(carrier);
    context.setRemoteServiceName(brokerName);
    return Observation.createNotStarted(PROCESS, () -> context, registry)
        .contextualName(topic + " process")
        .lowCardinalityKeyValues(
            KeyValues.of(
                "eventbus.topic",
                topic,
                "eventbus.group",
                group,
                "messaging.operation",
                "process"));
  }

  /** A started producer observation and the traceparent to carry, or null. */
  record Started(Observation observation, String traceparent) {
    static final Started NONE = new Started(Observation.NOOP, null);
  }
}
