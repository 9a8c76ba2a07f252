package dev.eventbus.eventsourcing;

import dev.eventbus.eventsourcing.TestEvents.Account;
import dev.eventbus.eventsourcing.TestEvents.AccountOpened;
import dev.eventbus.eventsourcing.TestEvents.MoneyDeposited;
import dev.eventbus.eventsourcing.TestEvents.MoneyWithdrawn;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Random but reproducible commands on a few accounts; returns the state each command left. */
final class BankScenario {
  private BankScenario() {}

  static Map<String, Account> run(
      AggregateRepository<Account> accounts, int accountCount, int commands, Random random) {
    Map<String, Account> live = new TreeMap<>();
    for (int i = 0; i < commands; i++) {
      String id = "account-" + random.nextInt(accountCount);
      long amount = 1 + random.nextInt(100);
      boolean withdraw = random.nextInt(3) == 0;
      try {
        Aggregate<Account> after =
            accounts.execute(id, state -> decide(id, state, amount, withdraw));
        live.put(id, after.state());
      } catch (IllegalStateException rejected) {
        // an overdraft: the command appends nothing
      }
    }
    return live;
  }

  private static List<?> decide(String id, Account state, long amount, boolean withdraw) {
    if (!state.open()) {
      return List.of(new AccountOpened(id, "owner of " + id), new MoneyDeposited(id, amount));
    }
    if (!withdraw) {
      return List.of(new MoneyDeposited(id, amount));
    }
    if (state.balance() < amount) {
      throw new IllegalStateException("insufficient funds");
    }
    return List.of(new MoneyWithdrawn(id, amount));
  }
}
