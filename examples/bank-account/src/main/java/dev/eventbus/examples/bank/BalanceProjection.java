package dev.eventbus.examples.bank;

import dev.eventbus.eventsourcing.Projection;
import dev.eventbus.eventsourcing.RecordedEvent;
import dev.eventbus.examples.bank.BankEvents.AccountOpened;
import dev.eventbus.examples.bank.BankEvents.MoneyDeposited;
import dev.eventbus.examples.bank.BankEvents.MoneyWithdrawn;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Read model: the balance of each account, for the query "how much does X have?". */
final class BalanceProjection implements Projection {
  private final Map<String, Long> balances = new ConcurrentHashMap<>();

  @Override
  public String name() {
    return "balances";
  }

  @Override
  public void apply(RecordedEvent event) {
    Object payload = event.payload();
    if (payload instanceof AccountOpened o) {
      balances.put(o.account(), 0L);
    } else if (payload instanceof MoneyDeposited d) {
      balances.merge(d.account(), d.amount(), Long::sum);
    } else if (payload instanceof MoneyWithdrawn w) {
      balances.merge(w.account(), -w.amount(), Long::sum);
    }
  }

  @Override
  public void reset() {
    balances.clear();
  }

  Optional<Long> balance(String account) {
    return Optional.ofNullable(balances.get(account));
  }
}
