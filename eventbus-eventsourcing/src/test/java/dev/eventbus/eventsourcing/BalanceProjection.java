package dev.eventbus.eventsourcing;

import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import dev.eventbus.eventsourcing.TestEvents.MoneyWithdrawn;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A read model in memory: balances per account, and every position applied, to spot repeats. */
final class BalanceProjection implements Projection {
  private final String name;
  private final Map<String, Long> balances = new TreeMap<>();
  private final List<Long> applied = new ArrayList<>();

  BalanceProjection(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public synchronized void apply(RecordedEvent event) {
    applied.add(event.position());
    Object payload = event.payload();
    if (payload instanceof MoneyDeposited d) {
      balances.merge(d.account(), d.amount(), Long::sum);
    } else if (payload instanceof MoneyWithdrawn w) {
      balances.merge(w.account(), -w.amount(), Long::sum);
    }
  }

  @Override
  public synchronized void reset() {
    balances.clear();
    applied.clear();
  }

  synchronized Map<String, Long> balances() {
    return new TreeMap<>(balances);
  }

  synchronized List<Long> applied() {
    return List.copyOf(applied);
  }
}
