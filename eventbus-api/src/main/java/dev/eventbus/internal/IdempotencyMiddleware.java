package dev.eventbus.internal;

import dev.eventbus.Handler;
import dev.eventbus.Middleware;
import dev.eventbus.spi.IdempotencyStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Skips events whose id the group already handled. Two copies of one event in flight at once in
 * this process are serialized, so that the second sees the first's record.
 */
final class IdempotencyMiddleware implements Middleware {
  private final IdempotencyStore store;
  private final String group;
  private final ConcurrentHashMap<String, CompletableFuture<Void>> inProgress =
      new ConcurrentHashMap<>();

  IdempotencyMiddleware(IdempotencyStore store, String group) {
    this.store = store;
    this.group = group;
  }

  @Override
  public Handler apply(Handler next) {
    return context -> {
      String id = context.event().id();
      CompletableFuture<Void> mine = new CompletableFuture<>();
      while (true) {
        if (store.contains(group, id)) {
          if (context instanceof DefaultDeliveryContext d) {
            d.markDuplicate();
          }
          return;
        }
        CompletableFuture<Void> other = inProgress.putIfAbsent(id, mine);
        if (other == null) {
          break;
        }
        other.handle((v, e) -> null).join();
      }
      try {
        next.handle(context);
        store.record(group, id);
      } finally {
        inProgress.remove(id, mine);
        mine.complete(null);
      }
    };
  }
}
