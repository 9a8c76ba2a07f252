package dev.eventbus.internal;

import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import dev.eventbus.RetryableEventBusException;
import dev.eventbus.spi.IdempotencyStore;

/**
 * Skips events whose id the group already handled, and lets one instance at a time handle an id: a
 * copy that arrives while another instance holds the id is tried again later (without using up an
 * attempt), so that it never reaches the handler twice and is never acknowledged before the first
 * copy succeeded.
 */
final class IdempotencyMiddleware implements Middleware {
  private final IdempotencyStore store;
  private final String group;

  IdempotencyMiddleware(IdempotencyStore store, String group) {
    this.store = store;
    this.group = group;
  }

  /** Another instance holds the event id; the delivery is tried again later. */
  static final class ClaimedElsewhere extends RetryableEventBusException {
    private static final long serialVersionUID = 1L;

    ClaimedElsewhere(String group, String id) {
      super("Event " + id + " is being handled by another instance of group " + group);
    }
  }

  @Override
  public Handler apply(Handler next) {
    return context -> {
      String id = context.event().id();
      switch (store.claim(group, id)) {
        case DONE -> {
          if (context instanceof DefaultDeliveryContext d) {
            d.markDuplicate();
          }
          return;
        }
        case BUSY -> throw new ClaimedElsewhere(group, id);
        case CLAIMED -> {}
      }
      boolean success = false;
      try {
        next.handle(context);
        success = true;
      } finally {
        if (success) {
          store.complete(group, id);
        } else {
          store.release(group, id);
        }
      }
    };
  }
}
