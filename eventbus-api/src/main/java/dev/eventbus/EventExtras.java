package dev.eventbus;

import java.util.Map;

/**
 * The attributes most events do without (subject, correlation, causation, partition key,
 * traceparent and headers), in one object that an {@link Event} holds only when one of them is
 * present: an event of the common kind is then six references smaller.
 */
record EventExtras(
    String subject,
    String correlationId,
    String causationId,
    String partitionKey,
    String traceparent,
    Map<String, String> headers) {
  static EventExtras of(
      String subject,
      String correlationId,
      String causationId,
      String partitionKey,
      String traceparent,
      Map<String, String> headers) {
    boolean none =
        subject == null
            && correlationId == null
            && causationId == null
            && partitionKey == null
            && traceparent == null
            && headers.isEmpty();
    return none
        ? null
        : new EventExtras(subject, correlationId, causationId, partitionKey, traceparent, headers);
  }
}
