package dev.eventbus.internal;

import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import org.slf4j.MDC;

/** Puts event id, correlation id, topic and group in the SLF4J MDC for the handler's duration. */
final class MdcMiddleware implements Middleware {
  static final String EVENT_ID = "eventbus.eventId";
  static final String CORRELATION_ID = "eventbus.correlationId";
  static final String TOPIC = "eventbus.topic";
  static final String GROUP = "eventbus.group";

  @Override
  public Handler apply(Handler next) {
    return context -> {
      MDC.put(EVENT_ID, context.event().id());
      String correlation = context.event().correlationId();
      MDC.put(CORRELATION_ID, correlation != null ? correlation : context.event().id());
      MDC.put(TOPIC, context.topic());
      MDC.put(GROUP, context.group());
      try {
        next.handle(context);
      } finally {
        MDC.remove(EVENT_ID);
        MDC.remove(CORRELATION_ID);
        MDC.remove(TOPIC);
        MDC.remove(GROUP);
      }
    };
  }
}
