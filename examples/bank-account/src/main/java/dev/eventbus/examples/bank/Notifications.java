package dev.eventbus.examples.bank;

import dev.eventbus.DeliveryContext;
import dev.eventbus.Subscribe;
import dev.eventbus.examples.bank.BankEvents.AccountOpened;
import dev.eventbus.examples.bank.BankEvents.MoneyDeposited;
import dev.eventbus.examples.bank.BankEvents.MoneyWithdrawn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A downstream consumer on the bus: it receives the stored events through the relay, as another
 * service would, with their stored ids.
 */
final class Notifications {
  static final String TOPIC = "bank.accounts";
  static final String GROUP = "notifications";

  private final Map<String, String> received = new LinkedHashMap<>();

  @Subscribe(topic = TOPIC, group = GROUP)
  public void on(AccountOpened e, DeliveryContext ctx) {
    notify(ctx, "welcome " + e.owner() + ", account " + e.account() + " is open");
  }

  @Subscribe(topic = TOPIC, group = GROUP)
  public void on(MoneyDeposited e, DeliveryContext ctx) {
    notify(ctx, e.account() + " received " + e.amount() + " (" + e.reference() + ")");
  }

  @Subscribe(topic = TOPIC, group = GROUP)
  public void on(MoneyWithdrawn e, DeliveryContext ctx) {
    notify(ctx, e.account() + " paid " + e.amount() + " (" + e.reference() + ")");
  }

  // The relay publishes at least once: a repeated id (after a crash) is recognised and ignored.
  private synchronized void notify(DeliveryContext ctx, String text) {
    received.putIfAbsent(ctx.event().id(), text + "  (event " + ctx.event().id() + ")");
    notifyAll();
  }

  /** Waits until this many distinct events arrived, and returns what they said. */
  synchronized List<String> await(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.size() < count && System.nanoTime() < deadline) {
      wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    return new ArrayList<>(received.values());
  }
}
