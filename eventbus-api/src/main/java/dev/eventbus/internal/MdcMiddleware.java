package dev.eventbus.internal;

import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import org.slf4j.MDC;

/**
 * Puts event id, correlation id, topic and group in the SLF4J MDC for the handler call. The keys
 * are overwritten at each call and not removed after it: a handler thread runs only its
 * subscription's deliveries, so they then name the delivery the thread handled last (which the
 * core's own log lines about settling it want), and an MDC backed by a hash map makes no new entry
 * per event.
 */
final class MdcMiddleware implements Middleware {
  static final String EVENT_ID = "eventbus.eventId";
  static final String CORRELATION_ID = "eventbus.correlationId";
  static final String TOPIC = "eventbus.topic";
  static final String GROUP = "eventbus.group";

  @Override
  public Handler apply(Handler next) {
    return context -> {
      String id = context.event().id();
      String correlation = context.event().correlationId();
      MDC.put(EVENT_ID, id);
      MDC.put(CORRELATION_ID, correlation != null ? correlation : id);
      MDC.put(TOPIC, context.topic());
      MDC.put(GROUP, context.group());
      next.handle(context);
    };
  }
}
