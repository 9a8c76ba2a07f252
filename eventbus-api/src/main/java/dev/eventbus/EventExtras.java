package dev.eventbus;

import java.util.Map;

/**
 * The attributes most events do without (subject, correlation, causation, partition key,
 * traceparent, tracestate and headers), in one object that an {@link Event} holds only when one of
 * them is present: an event of the common kind is then six references smaller.
 */
record EventExtras(
    String subject,
    String correlationId,
    String causationId,
    String partitionKey,
    String traceparent,
    String tracestate,
    Map<String, String> headers) {
  static EventExtras of(
      String subject,
      String correlationId,
      String causationId,
      String partitionKey,
      String traceparent,
      String tracestate,
      Map<String, String> headers) {
    boolean none =
        subject == null
            && correlationId == null
            && causationId == null
            && partitionKey == null
            && traceparent == null
            && tracestate == null
            && headers.isEmpty();
    return none
        ? null
        : new EventExtras(
            subject, correlationId, causationId, partitionKey, traceparent, tracestate, headers);
  }
}
